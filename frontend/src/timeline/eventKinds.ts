import type { TimelineEvent } from "../api/client";

export type EventTone = "neutral" | "info" | "success" | "warning" | "danger";

export interface EventKind {
  /** A short symbol in the event's marker. */
  icon: string;
  tone: EventTone;
}

/**
 * How each kind of event looks. New kinds (approvals, status changes, emails, QuickBooks syncs,
 * errors) are added here; an unknown kind still shows, with the neutral look.
 */
export const EVENT_KINDS: Record<string, EventKind> = {
  submitted: { icon: "✓", tone: "info" },
};

const UNKNOWN_KIND: EventKind = { icon: "•", tone: "neutral" };

export function eventKind(event: TimelineEvent): EventKind {
  return EVENT_KINDS[event.kind] ?? UNKNOWN_KIND;
}

export function formatEventTime(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}
