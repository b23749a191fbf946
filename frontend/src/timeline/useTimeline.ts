import { useCallback, useEffect, useState } from "react";
import { submissions } from "../api/client";
import type { TimelineEvent } from "../api/client";
import { useLiveTimelineEvents } from "./liveEvents";

interface State {
  key: string | null;
  events: TimelineEvent[];
  error: unknown;
}

/** Events in the order they happened; an event already there (same id) is replaced. */
export function mergeEvents(events: TimelineEvent[], incoming: TimelineEvent[]): TimelineEvent[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  for (const event of incoming) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
}

/**
 * A submission's timeline: loaded from the server, then kept current by its live connection;
 * `push` also adds events that an action of this page returned.
 */
export function useTimeline(submissionId: number) {
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<State>({ key: null, events: [], error: null });
  const key = `${submissionId}:${reloads}`;

  useEffect(() => {
    let cancelled = false;
    submissions.timeline(submissionId).then(
      (events) =>
        !cancelled &&
        setState((previous) => ({
          key,
          // Keep what was pushed meanwhile: it may be newer than the answer.
          events: mergeEvents(
            previous.key === null || previous.key.startsWith(`${submissionId}:`)
              ? previous.events
              : [],
            events,
          ),
          error: null,
        })),
      (error: unknown) => !cancelled && setState((previous) => ({ ...previous, key, error })),
    );
    return () => {
      cancelled = true;
    };
  }, [submissionId, key]);

  const push = useCallback((...events: TimelineEvent[]) => {
    setState((previous) => ({ ...previous, events: mergeEvents(previous.events, events) }));
  }, []);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const live = useLiveTimelineEvents(submissionId, push, reload);
  const current = state.key === key;

  return {
    events: state.events,
    loading: !current,
    error: current ? state.error : null,
    live,
    reload,
    push,
  };
}
