import type { SubmissionReport } from "../api/client";

const TONES: Record<SubmissionReport["state"], string> = {
  pending: "badge-info",
  done: "badge-success",
  failed: "badge-danger",
  waiting: "badge-warning",
};

function text(detail: SubmissionReport["detail"], key: string): string {
  const value = detail[key];
  return typeof value === "string" ? value : "";
}

/** What the steps of a form's workflow report (where its sync to QuickBooks stands): the
 * record's reference, linked, once done; why it failed or what it waits for on hover and for
 * screen readers. */
export function ReportBadges({ reports }: { reports: SubmissionReport[] }) {
  if (reports.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {reports.map((report) => {
        const tone = `badge ${TONES[report.state]}`;
        const url = text(report.detail, "url");
        const reference = text(report.detail, "reference");
        if (report.state === "done" && url) {
          return (
            <a
              key={report.step_type}
              className={`${tone} badge-link`}
              href={url}
              target="_blank"
              rel="noreferrer"
              aria-label={`${report.title}: ${report.label} ${reference} (opens ${report.title})`}
            >
              {reference || report.label}
            </a>
          );
        }
        const why = text(report.detail, report.state === "failed" ? "error" : "reason");
        return (
          <span
            key={report.step_type}
            className={tone}
            title={why || undefined}
            data-report-state={report.state}
          >
            {report.label}
            {why && <span className="visually-hidden">: {why}</span>}
          </span>
        );
      })}
    </>
  );
}
