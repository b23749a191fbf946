import type { TimelineEvent } from "../api/client";
import { socketUrl, useReconnectingSocket } from "../components/reconnectingSocket";

/** The server closes with these when the viewer may not watch; reconnecting would not help. */
const REFUSED = new Set([4401, 4404]);

export function timelineSocketUrl(submissionId: number, location: Location = window.location) {
  return socketUrl(`/ws/submissions/${submissionId}/`, location);
}

/**
 * Receives a submission's new timeline events as they happen, reconnecting after a dropped
 * connection. Each time the connection opens, the first time included (events recorded while it
 * was connecting are not pushed), it calls `onOpen`, so the caller can fetch what it missed.
 * Returns whether the connection is open.
 */
export function useLiveTimelineEvents(
  submissionId: number,
  onEvent: (event: TimelineEvent) => void,
  onOpen: () => void,
) {
  return useReconnectingSocket(timelineSocketUrl(submissionId), REFUSED, {
    onOpen,
    onMessage: (data) => onEvent(data as TimelineEvent),
  });
}
