import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "../components/Dialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { ActionForm } from "./ActionForm";
import { runs, submissionRunQueryOptions } from "./api";

/** On the form page: where its workflow run stands, the actions the viewer may take on its
 * waiting step (Approve / Reject for its approvers), and Cancel for admins. The server says
 * which. */
export function RunPanel({ submissionId }: { submissionId: number }) {
  const overview = useQuery(submissionRunQueryOptions(submissionId));
  if (overview.error) {
    return <ErrorAlert error={overview.error} title="Could not load the workflow's state." />;
  }
  const run = overview.data?.run;
  if (!run) return null;
  const actions = overview.data?.actions ?? [];
  return (
    <section className="card run-panel" aria-label="Workflow">
      <p className="run-stage">
        <span className="muted">Workflow (version {run.version}): </span>
        <strong data-run-status={run.status}>{run.stage}</strong>
      </p>
      {actions.length > 0 && <ActionForm actions={actions} submissionId={submissionId} />}
      {overview.data?.can_cancel && <CancelRun runId={run.id} submissionId={submissionId} />}
    </section>
  );
}

function CancelRun({ runId, submissionId }: { runId: number; submissionId: number }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => runs.cancel(runId),
    onSuccess: () => {
      setConfirming(false);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ["submissions", submissionId] }),
        queryClient.invalidateQueries({ queryKey: ["approvals"] }),
      ]);
    },
  });
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
        Cancel workflow…
      </button>
      {confirming && (
        <Dialog title="Cancel this workflow?" onClose={() => setConfirming(false)}>
          <p>Nothing more runs for this form, and it cannot be retried.</p>
          <ErrorAlert error={cancel.error} title="The workflow was not cancelled." />
          <div className="button-row">
            <button
              type="button"
              className="button button-danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate()}
            >
              {cancel.isPending ? "Cancelling…" : "Cancel workflow"}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Keep it running
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
