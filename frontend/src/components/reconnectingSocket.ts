import { useEffect, useRef, useState } from "react";

const MAX_DELAY_MS = 30_000;

/** The websocket URL of a path of this site, on the page's own scheme and host. */
export function socketUrl(path: string, location: Location = window.location) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${path}`;
}

interface SocketHandlers {
  /** Each time the connection opens, the first time included: fetch what may have been missed. */
  onOpen: () => void;
  onMessage: (data: unknown) => void;
  onClose?: (code: number) => void;
}

/**
 * A websocket the server pushes JSON messages on. After a dropped connection it reconnects with
 * growing delays, except when the server closed with one of the `refused` codes (reconnecting
 * would not help). The handlers may change between renders without reconnecting. Returns whether
 * the connection is open.
 */
export function useReconnectingSocket(
  url: string,
  refused: ReadonlySet<number>,
  handlers: SocketHandlers,
) {
  const [open, setOpen] = useState(false);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;

    const connect = () => {
      socket = new WebSocket(url);
      socket.onopen = () => {
        setOpen(true);
        latest.current.onOpen();
        attempts = 0;
      };
      socket.onmessage = (message: MessageEvent<string>) => {
        latest.current.onMessage(JSON.parse(message.data));
      };
      socket.onclose = (closed: CloseEvent) => {
        setOpen(false);
        if (stopped) return;
        latest.current.onClose?.(closed.code);
        if (refused.has(closed.code)) return;
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
  }, [url, refused]);

  return open;
}
