import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../components/ErrorAlert";
import { submissionRunQueryOptions } from "./api";
import { DecisionForm } from "./DecisionForm";

/** On the form page: where its workflow run stands, and Approve / Reject for its approvers. */
export function RunPanel({ submissionId }: { submissionId: number }) {
  const overview = useQuery(submissionRunQueryOptions(submissionId));
  if (overview.error) {
    return <ErrorAlert error={overview.error} title="Could not load the workflow's state." />;
  }
  const run = overview.data?.run;
  if (!run) return null;
  const approval = overview.data?.approval;
  return (
    <section className="card run-panel" aria-label="Workflow">
      <p className="run-stage">
        <span className="muted">Workflow (version {run.version}): </span>
        <strong data-run-status={run.status}>{run.stage}</strong>
      </p>
      {approval?.can_decide && (
        <DecisionForm stepRun={approval.step_run} submissionId={submissionId} />
      )}
    </section>
  );
}
