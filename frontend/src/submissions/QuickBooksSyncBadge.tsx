import type { SubmissionSync } from "../api/client";

const TONES: Record<SubmissionSync["state"], string> = {
  pending: "badge-info",
  synced: "badge-success",
  failed: "badge-danger",
  waiting: "badge-warning",
};

/** The choices of the list's QuickBooks filter, in the words of the badge. */
export const SYNC_FILTERS: { value: SubmissionSync["state"]; label: string }[] = [
  { value: "pending", label: "Pending" },
  { value: "synced", label: "Synced" },
  { value: "failed", label: "Failed" },
  { value: "waiting", label: "Waiting for reconnection" },
];

/** Where a PO's sync to QuickBooks stands: the PO number, linked, once synced; why it failed or
 * what it waits for on hover and for screen readers. */
export function QuickBooksSyncBadge({ sync }: { sync: SubmissionSync | null | undefined }) {
  if (!sync) return <span className="muted">—</span>;
  const tone = `badge ${TONES[sync.state]}`;
  if (sync.state === "synced") {
    return (
      <a
        className={`${tone} badge-link`}
        href={sync.url}
        target="_blank"
        rel="noreferrer"
        aria-label={`Synced as QuickBooks purchase order ${sync.reference} (opens QuickBooks)`}
      >
        PO {sync.reference}
      </a>
    );
  }
  const why = sync.state === "failed" ? sync.error : sync.reason;
  return (
    <span className={tone} title={why || undefined} data-sync-state={sync.state}>
      {sync.label}
      {why && <span className="visually-hidden">: {why}</span>}
    </span>
  );
}
