import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { TimelineEvent } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { formatEventTime } from "./time";

interface TimelineProps {
  events: TimelineEvent[];
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Whether new events arrive by themselves (the live connection is open). */
  live?: boolean;
  /** Buttons for an event, such as Retry on a failed step. */
  renderActions?: (event: TimelineEvent) => ReactNode;
}

/** The note or link an event carries (a rejection's reason, the record an outside system made). */
function detailOf(event: TimelineEvent): {
  note?: string;
  link?: { url: string; label: string };
} {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const linked = typeof data.url === "string" && /^https?:\/\//.test(data.url);
  return {
    note: typeof data.note === "string" && data.note ? data.note : undefined,
    link: linked
      ? { url: data.url as string, label: String(data.link_label ?? "Open") }
      : undefined,
  };
}

/**
 * What happened to a submission, oldest first: each event with its actor, time, note or error.
 * How an event looks (its label, tone and symbol), the error and the advice for the reader (what
 * they can do, or what happens next) are what the server says for this person.
 */
export function Timeline({ events, loading, error, onRetry, live, renderActions }: TimelineProps) {
  return (
    <div className="timeline-wrap">
      {live && (
        <p className="timeline-live" role="status">
          <span aria-hidden="true">●</span> Live: new events appear as they happen
        </p>
      )}
      <ErrorAlert error={error} title="Could not load the timeline." onRetry={onRetry} />
      {events.length === 0 && loading && <Loading label="Loading the timeline…" />}
      {events.length === 0 && !loading && !error && (
        <p className="muted timeline-empty">Nothing has happened yet.</p>
      )}
      {events.length > 0 && (
        <ol className="timeline" aria-label="Timeline" aria-live="polite">
          {events.map((event) => {
            const actions = renderActions?.(event);
            const { note, link } = detailOf(event);
            return (
              <li
                key={event.id}
                className={`timeline-event tone-${event.tone}`}
                data-kind={event.kind}
              >
                <span className="timeline-marker" title={event.kind_label} aria-hidden="true">
                  {event.icon}
                </span>
                <div className="timeline-body">
                  <p className="timeline-message">
                    <span className="visually-hidden">{event.kind_label}: </span>
                    {event.message}
                  </p>
                  {note && <blockquote className="timeline-note">{note}</blockquote>}
                  {event.error && <p className="timeline-error">{event.error}</p>}
                  {event.advice && (
                    <p className="timeline-advice">
                      {event.advice.text}
                      {event.advice.link && (
                        <>
                          {" "}
                          <Link to={event.advice.link.to}>{event.advice.link.text}</Link>
                        </>
                      )}
                    </p>
                  )}
                  {link && (
                    <p className="timeline-link">
                      <a href={link.url} target="_blank" rel="noreferrer">
                        {link.label}
                      </a>
                    </p>
                  )}
                  <p className="timeline-meta">
                    {event.actor && <span>{event.actor.display_name} · </span>}
                    <time dateTime={event.at}>{formatEventTime(event.at)}</time>
                  </p>
                  {actions && <div className="timeline-actions">{actions}</div>}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
