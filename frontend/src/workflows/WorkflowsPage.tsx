import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { workflowListQueryOptions } from "../workflow-editor/api";
import type { WorkflowOverview } from "../workflow-editor/api";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** /workflows: every form with its workflow's published version and unpublished draft. */
export function WorkflowsPage() {
  const workflows = useQuery(workflowListQueryOptions());
  return (
    <>
      <PageHeader
        title="Workflows"
        description="The approvals, emails and QuickBooks steps each form goes through."
      />
      {workflows.isPending && <Loading label="Loading workflows…" />}
      <ErrorAlert error={workflows.error} onRetry={() => void workflows.refetch()} />
      {workflows.data?.length === 0 && (
        <div className="card">
          <EmptyState title="No forms yet">
            <p>
              Each form’s workflow is listed here. <Link to="/forms/new">Build a form</Link> first.
            </p>
          </EmptyState>
        </div>
      )}
      {workflows.data && workflows.data.length > 0 && (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Form</th>
                <th scope="col">Published</th>
                <th scope="col">Draft</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {workflows.data.map((row) => (
                <WorkflowRow key={row.template.id} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function WorkflowRow({ row }: { row: WorkflowOverview }) {
  const { template, published, draft } = row;
  return (
    <tr>
      <td>
        <div className="cell-strong">{template.name}</div>
        <div className="cell-secondary">{template.form_type}</div>
      </td>
      <td>
        {published ? (
          <>
            <span className="badge badge-success">Version {published.number}</span>{" "}
            <span className="cell-secondary">
              {row.step_count} steps · {dateTime.format(new Date(published.published_at))}
              {published.published_by && ` · ${published.published_by.display_name}`}
            </span>
          </>
        ) : (
          <span className="badge badge-muted">Not published</span>
        )}
      </td>
      <td>
        {draft ? (
          <span className="cell-secondary">
            Unpublished changes · {dateTime.format(new Date(draft.updated_at))}
            {draft.updated_by && ` · ${draft.updated_by.display_name}`}
          </span>
        ) : (
          <span className="cell-secondary">{row.workflow_id ? "None" : "No workflow yet"}</span>
        )}
      </td>
      <td className="actions">
        <Link
          to={row.workflow_id ? `/workflows/${row.workflow_id}` : `/forms/${template.id}/workflow`}
          className="button button-small"
          aria-label={`${row.workflow_id ? "Edit" : "Start"} workflow of ${template.name}`}
        >
          {row.workflow_id ? "Edit workflow" : "Start workflow"}
        </Link>
      </td>
    </tr>
  );
}
