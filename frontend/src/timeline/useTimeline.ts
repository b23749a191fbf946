import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { submissions } from "../api/client";
import type { TimelineEvent } from "../api/client";
import { useLiveTimelineEvents } from "./liveEvents";

/** Events in the order they happened; an event already there (same id) is replaced. */
export function mergeEvents(events: TimelineEvent[], incoming: TimelineEvent[]): TimelineEvent[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  for (const event of incoming) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
}

export function timelineQueryOptions(submissionId: number) {
  return queryOptions({
    queryKey: ["submissions", submissionId, "timeline"],
    // Events are never removed, so a fetch adds to what is cached: an event pushed live while the
    // fetch was under way is kept.
    queryFn: async ({ client, queryKey }) => {
      const fetched = await submissions.timeline(submissionId);
      return mergeEvents(client.getQueryData<TimelineEvent[]>(queryKey) ?? [], fetched);
    },
  });
}

/**
 * A submission's timeline: loaded from the server, then kept current by its live connection.
 * What else is cached about the submission (its status, where its run stands) is refreshed by
 * the live channel's notice of the same change (live/liveNotices.ts).
 */
export function useTimeline(submissionId: number) {
  const queryClient = useQueryClient();
  const query = useQuery(timelineQueryOptions(submissionId));

  const push = useCallback(
    (...events: TimelineEvent[]) => {
      const { queryKey } = timelineQueryOptions(submissionId);
      queryClient.setQueryData(queryKey, (previous) => mergeEvents(previous ?? [], events));
    },
    [queryClient, submissionId],
  );
  const reload = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ["submissions", submissionId] });
  }, [queryClient, submissionId]);
  const live = useLiveTimelineEvents(submissionId, push, reload);

  return {
    events: query.data ?? [],
    loading: query.isPending,
    error: query.error,
    live,
    reload,
    push,
  };
}
