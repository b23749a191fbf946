import { useQueryClient } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { sessionQueryOptions } from "../auth/session";
import { socketUrl, useReconnectingSocket } from "../components/reconnectingSocket";
import { quickBooksKeys } from "../settings/quickbooks/api";
import { workflowKeys } from "../workflow-editor/api";

/** A "this changed" notice of the live channel: what changed, never what it now holds. */
export interface LiveNotice {
  subject: "submission" | "workflow" | "quickbooks_import" | "session";
  id: number;
}

/** The server closes with these when the person is signed out; reconnecting would not help. */
const SIGNED_OUT = 4401;
const REFUSED = new Set([SIGNED_OUT, 1008]);

export function liveSocketUrl(location: Location = window.location) {
  return socketUrl("/ws/live/", location);
}

/** Marks stale what a notice says changed; the queries on screen load again at once. */
export function liveNoticeApply(queryClient: QueryClient, notice: LiveNotice) {
  const invalidate = (queryKey: readonly unknown[], exact = false) =>
    void queryClient.invalidateQueries({ queryKey, exact });
  switch (notice.subject) {
    case "submission":
      invalidate(["submissions", "list"]);
      invalidate(["submissions", "statuses"]);
      // The timeline keeps itself current over its own connection.
      void queryClient.invalidateQueries({
        queryKey: ["submissions", notice.id],
        predicate: (cached) => cached.queryKey[2] !== "timeline",
      });
      // Whether it now waits for the person's approval is for the server to say.
      invalidate(["approvals"]);
      break;
    case "workflow":
      // The editor owns an open drawing; only the list and the version history load again.
      invalidate(workflowKeys.all, true);
      invalidate(workflowKeys.versions(notice.id), true);
      break;
    case "quickbooks_import":
      invalidate(quickBooksKeys.imports());
      // It links and adds vendors, materials and customers: their lists and pickers load again.
      invalidate(["vendors"]);
      invalidate(["materials"]);
      invalidate(["customers"]);
      invalidate(quickBooksKeys.links());
      break;
    case "session":
      invalidate(sessionQueryOptions().queryKey);
      break;
  }
}

/** After a (re)connection, whatever notices were missed: everything they cover loads again. */
function liveNoticesMissed(queryClient: QueryClient) {
  for (const queryKey of [["submissions"], ["approvals"], quickBooksKeys.imports()]) {
    void queryClient.invalidateQueries({ queryKey });
  }
  void queryClient.invalidateQueries({ queryKey: workflowKeys.all, exact: true });
}

/**
 * The signed-in person's live channel: keeps lists, counts and badges current by refreshing
 * what each notice says changed. Reconnects with growing delays after a dropped connection and
 * refreshes what it may have missed each time it opens; closed by the server on sign-out, it
 * asks for the session again (which then shows the sign-in page). Returns whether it is open.
 */
export function useLiveNotices() {
  const queryClient = useQueryClient();
  return useReconnectingSocket(liveSocketUrl(), REFUSED, {
    onOpen: () => liveNoticesMissed(queryClient),
    onMessage: (data) => liveNoticeApply(queryClient, data as LiveNotice),
    onClose: (code) => {
      if (code === SIGNED_OUT) {
        void queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
      }
    },
  });
}
