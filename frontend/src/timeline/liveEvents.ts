import { useEffect, useState } from "react";
import type { TimelineEvent } from "../api/client";

/** The server closes with these when the viewer may not watch; reconnecting would not help. */
const REFUSED = new Set([4401, 4404]);
const MAX_DELAY_MS = 30_000;

export function timelineSocketUrl(submissionId: number, location: Location = window.location) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/ws/submissions/${submissionId}/`;
}

/**
 * Receives a submission's new timeline events as they happen. After a dropped connection it
 * reconnects with growing delays. Each time the connection opens, the first time included (events
 * recorded while it was connecting are not pushed), it calls `onOpen`, so the caller can fetch what
 * it missed. Returns whether the connection is open.
 */
export function useLiveTimelineEvents(
  submissionId: number,
  onEvent: (event: TimelineEvent) => void,
  onOpen: () => void,
) {
  const [live, setLive] = useState(false);

  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;

    const connect = () => {
      socket = new WebSocket(timelineSocketUrl(submissionId));
      socket.onopen = () => {
        setLive(true);
        onOpen();
        attempts = 0;
      };
      socket.onmessage = (message: MessageEvent<string>) => {
        onEvent(JSON.parse(message.data) as TimelineEvent);
      };
      socket.onclose = (closed: CloseEvent) => {
        setLive(false);
        if (stopped || REFUSED.has(closed.code)) return;
        const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempts);
        attempts += 1;
        retry = setTimeout(connect, delay);
      };
    };
    connect();

    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [submissionId, onEvent, onOpen]);

  return live;
}
