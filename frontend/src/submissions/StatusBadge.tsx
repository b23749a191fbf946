const TONES: Record<string, string> = {
  Submitted: "badge-info",
  Approved: "badge-success",
  Rejected: "badge-danger",
};

/** A submission's status; statuses the app does not know yet look neutral. */
export function SubmissionStatus({ status }: { status: string }) {
  return <span className={`badge ${TONES[status] ?? "badge-muted"}`}>{status}</span>;
}
