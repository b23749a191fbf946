import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import type { Submission } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { Tabs } from "../components/Tabs";
import { RunPanel } from "../approvals/RunPanel";
import { useRetryAction } from "../approvals/useRetryAction";
import { SubmittedValues } from "../form-fields/SubmittedValues";
import { formatEventTime } from "../timeline/time";
import { Timeline } from "../timeline/Timeline";
import { useTimeline } from "../timeline/useTimeline";
import { submissionQueryOptions } from "./queries";
import { SubmissionStatus } from "./StatusBadge";

const TABS = [
  { id: "fields", label: "Fields" },
  { id: "timeline", label: "Timeline" },
] as const;

/** /submissions/:id: a submitted form, its values and its timeline. */
export function SubmissionDetailPage() {
  const id = Number(useParams().id);
  const { data: submission, error, isPending, refetch } = useQuery(submissionQueryOptions(id));

  if (!submission) {
    return (
      <>
        <PageHeader title="Submission" />
        <ErrorAlert
          error={error}
          title="Could not load the submission."
          onRetry={() => refetch()}
        />
        {isPending && <Loading label="Loading the submission…" />}
      </>
    );
  }
  return <SubmissionDetail key={submission.id} submission={submission} />;
}

function SubmissionDetail({ submission }: { submission: Submission }) {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? "";
  const [tab, setTab] = useState<"fields" | "timeline">("fields");
  const timeline = useTimeline(submission.id);
  const retryAction = useRetryAction(submission.id);

  return (
    <>
      <PageHeader
        title={submission.number}
        description={
          <>
            {submission.template.name} · version {submission.template.version}
          </>
        }
        actions={
          <>
            {submission.revise.allowed && (
              <Link to={`/submissions/${submission.id}/revise`} className="button">
                Revise
              </Link>
            )}
            <Link to="/submissions" className="button">
              All submissions
            </Link>
          </>
        }
      />
      <p className="notice" role="status">
        {notice}
      </p>
      <div className="card submission-summary">
        <dl className="summary-list">
          <div>
            <dt>Status</dt>
            <dd>
              <SubmissionStatus status={submission.status} />
            </dd>
          </div>
          <div>
            <dt>Form type</dt>
            <dd>{submission.form_type}</dd>
          </div>
          <div>
            <dt>Submitted by</dt>
            <dd>{submission.submitted_by.display_name}</dd>
          </div>
          <div>
            <dt>Submitted</dt>
            <dd>
              <time dateTime={submission.submitted_at}>
                {formatEventTime(submission.submitted_at)}
              </time>
            </dd>
          </div>
        </dl>
      </div>
      <RunPanel submissionId={submission.id} />
      <Tabs tabs={TABS} selected={tab} onSelect={setTab} label="Submission">
        <div className="card form-card">
          {tab === "fields" ? (
            <SubmittedValues sections={submission.sections} data={submission.data} />
          ) : (
            <Timeline
              events={timeline.events}
              loading={timeline.loading}
              error={timeline.error}
              onRetry={timeline.reload}
              live={timeline.live}
              renderActions={retryAction}
            />
          )}
        </div>
      </Tabs>
    </>
  );
}
