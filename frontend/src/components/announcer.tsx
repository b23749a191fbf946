import { useSyncExternalStore } from "react";

/** What was last announced; `count` tells a repeat of the same words from no change at all. */
let latest = { text: "", count: 0 };
const listeners = new Set<() => void>();

/** Tell screen readers, politely, what an action did ("Chosen: Acme Lumber"). */
export function announce(text: string) {
  latest = { text, count: latest.count + 1 };
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The one polite live region of the app, rendered by the app's frame; it is there before the
 * first announcement, as screen readers only read changes to a region they already know. */
export function Announcements() {
  const { text, count } = useSyncExternalStore(subscribe, () => latest);
  return (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true">
      {/* A repeated announcement differs by an invisible space, so that it is read again. */}
      {count % 2 ? text : `${text}\u00a0`}
    </p>
  );
}
