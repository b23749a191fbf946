import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { formatEventTime } from "../timeline/time";
import { approvalsQueryOptions } from "./api";
import { ActionForm } from "./ActionForm";

/** /approvals: the forms waiting for the signed-in person's approval, oldest first. */
export function ApprovalsPage() {
  const approvals = useQuery(approvalsQueryOptions());
  const results = approvals.data?.results ?? [];
  const [notice, setNotice] = useState("");

  return (
    <>
      <PageHeader
        title="Waiting for my approval"
        description="Forms whose workflow waits for you to approve or reject them."
      />
      <p className="notice" role="status">
        {notice}
      </p>
      <ErrorAlert
        error={approvals.error}
        title="Could not load your approvals."
        onRetry={() => void approvals.refetch()}
      />
      {approvals.isPending && <Loading label="Loading your approvals…" />}
      {approvals.isSuccess && results.length === 0 && !notice && (
        <EmptyState title="Nothing is waiting for you">
          <p>When a workflow asks for your approval, the form appears here.</p>
        </EmptyState>
      )}
      {results.length > 0 && (
        <ul className="approval-list" aria-label="Waiting for my approval">
          {results.map((approval) => (
            <li key={approval.step_run} className="card approval-item">
              <div className="approval-summary">
                <Link to={`/submissions/${approval.submission.id}`} className="approval-number">
                  {approval.submission.number}
                </Link>
                <span>{approval.submission.template}</span>
                <span className="muted">
                  Submitted by {approval.submission.submitted_by.display_name} ·{" "}
                  <time dateTime={approval.submission.submitted_at}>
                    {formatEventTime(approval.submission.submitted_at)}
                  </time>
                </span>
              </div>
              <ActionForm
                actions={approval.actions}
                submissionId={approval.submission.id}
                subject={approval.submission.number}
                onDone={(outcome) => setNotice(`${approval.submission.number} ${outcome}.`)}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
