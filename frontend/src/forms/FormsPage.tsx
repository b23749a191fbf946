import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import type { ActiveFilter } from "../api/client";
import { useCurrentUser } from "../auth/session";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { FormsTabs } from "./FormsTabs";
import { formTemplateListQueryOptions } from "./queries";

const FILTERS: { value: ActiveFilter; label: string }[] = [
  { value: "true", label: "Active" },
  { value: "false", label: "Archived" },
  { value: "all", label: "All" },
];

/** /forms: the company's form templates, to fill out or (for admins) to edit. */
export function FormsPage() {
  const user = useCurrentUser();
  const [active, setActive] = useState<ActiveFilter>("true");
  // The last filter's list stays shown while the next one loads.
  const list = useQuery({
    ...formTemplateListQueryOptions(active),
    placeholderData: keepPreviousData,
  });
  const templates = list.data;

  return (
    <>
      <PageHeader
        title="Forms"
        description="Purchase orders and other forms your company fills in."
        actions={
          user.is_admin && (
            <Link to="/forms/new" className="button button-primary">
              New form
            </Link>
          )
        }
      />
      <FormsTabs />
      <div className="card">
        {user.is_admin && (
          <div className="toolbar">
            <fieldset className="segmented">
              <legend className="visually-hidden">Show</legend>
              {FILTERS.map((filter) => (
                <label
                  key={filter.value}
                  className={filter.value === active ? "selected" : undefined}
                >
                  <input
                    type="radio"
                    name="template-active"
                    value={filter.value}
                    checked={filter.value === active}
                    onChange={() => setActive(filter.value)}
                  />
                  {filter.label}
                </label>
              ))}
            </fieldset>
          </div>
        )}
        <div className="notices">
          <ErrorAlert
            error={list.error}
            title="Could not load the forms."
            onRetry={() => list.refetch()}
          />
        </div>
        {templates === undefined ? (
          list.isPending && <Loading label="Loading forms…" />
        ) : templates.length === 0 ? (
          <EmptyState title={active === "true" ? "No forms yet" : "No forms match"}>
            {user.is_admin ? (
              <p>Use “New form” to build the first one, such as a purchase order.</p>
            ) : (
              <p>An admin of your company can build forms for you to fill in.</p>
            )}
          </EmptyState>
        ) : (
          <div className="table-wrap" aria-busy={list.isPlaceholderData}>
            <table className="table">
              <caption className="visually-hidden">Form templates</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Form type</th>
                  <th scope="col" className="numeric">
                    Version
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col" className="actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {templates.map((template) => (
                  <tr key={template.id} className={template.active ? undefined : "row-inactive"}>
                    <td>
                      <span className="cell-strong">{template.name}</span>
                    </td>
                    <td>{template.form_type.name}</td>
                    <td className="numeric">v{template.version.number}</td>
                    <td>
                      <span
                        className={template.active ? "badge badge-success" : "badge badge-muted"}
                      >
                        {template.active ? "Active" : "Archived"}
                      </span>
                    </td>
                    <td className="actions">
                      {template.active && (
                        <Link
                          to={`/forms/${template.id}/submit`}
                          className="button button-small button-primary"
                          aria-label={`Fill out ${template.name}`}
                        >
                          Fill out
                        </Link>
                      )}
                      {user.is_admin && (
                        <Link
                          to={`/forms/${template.id}/edit`}
                          className="button button-small"
                          aria-label={`Edit ${template.name}`}
                        >
                          Edit
                        </Link>
                      )}
                      {user.is_admin && template.active && (
                        <Link
                          to={`/forms/${template.id}/workflow`}
                          className="button button-small"
                          aria-label={`Workflow of ${template.name}`}
                        >
                          Workflow
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.isPlaceholderData && <Loading label="Updating forms…" />}
      </div>
    </>
  );
}
