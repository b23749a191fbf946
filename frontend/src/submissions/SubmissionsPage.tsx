import { useCallback } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { formTemplates, listUsers, submissions } from "../api/client";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { Pagination } from "../components/Pagination";
import { useResource } from "../components/useResource";
import { FormsTabs } from "../forms/FormsTabs";
import { formatEventTime } from "../timeline/time";
import { SubmissionStatus } from "./StatusBadge";

export const PAGE_SIZE = 25;
const FILTERS = ["template", "status", "submitted_by"] as const;
type Filter = (typeof FILTERS)[number];

function useFilterOptions() {
  const load = useCallback(
    () =>
      Promise.all([formTemplates.list("all"), submissions.statuses(), listUsers()]).then(
        ([templates, statuses, users]) => ({ templates, statuses, users: users.results }),
      ),
    [],
  );
  return useResource("filters", load);
}

/** /submissions: submitted forms, newest first, filtered by form, status and submitter. */
export function SubmissionsPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    FILTERS.map((name) => [name, params.get(name) ?? ""]),
  ) as Record<Filter, string>;
  const pageNumber = Math.max(1, Number(params.get("page")) || 1);
  const options = useFilterOptions();
  const load = useCallback(
    () =>
      submissions.list({
        template: filters.template,
        status: filters.status,
        submittedBy: filters.submitted_by,
        page: pageNumber,
        pageSize: PAGE_SIZE,
      }),
    [filters.template, filters.status, filters.submitted_by, pageNumber],
  );
  const list = useResource(
    JSON.stringify([filters.template, filters.status, filters.submitted_by, pageNumber]),
    load,
  );
  const page = list.value ?? list.lastValue;
  const filtered = FILTERS.some((name) => filters[name]);

  function setFilter(name: Filter, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    setParams(next);
  }

  function setPage(number: number) {
    const next = new URLSearchParams(params);
    if (number > 1) next.set("page", String(number));
    else next.delete("page");
    setParams(next);
  }

  return (
    <>
      <PageHeader title="Submissions" description="Forms your company has filled in." />
      <FormsTabs />
      <div className="card">
        <div className="toolbar filters" role="search" aria-label="Filter submissions">
          <label className="filter">
            <span>Form</span>
            <select
              value={filters.template}
              onChange={(event) => setFilter("template", event.target.value)}
            >
              <option value="">All forms</option>
              {options.lastValue?.templates.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span>Status</span>
            <select
              value={filters.status}
              onChange={(event) => setFilter("status", event.target.value)}
            >
              <option value="">All statuses</option>
              {options.lastValue?.statuses.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span>Submitted by</span>
            <select
              value={filters.submitted_by}
              onChange={(event) => setFilter("submitted_by", event.target.value)}
            >
              <option value="">Anyone</option>
              {options.lastValue?.users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.display_name || user.name || user.email}
                </option>
              ))}
            </select>
          </label>
          {filtered && (
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => setParams(new URLSearchParams())}
            >
              Clear filters
            </button>
          )}
        </div>
        <div className="notices">
          <ErrorAlert
            error={options.error}
            title="Could not load the filters."
            onRetry={options.reload}
          />
          <ErrorAlert
            error={list.error}
            title="Could not load submissions."
            onRetry={list.reload}
          />
        </div>
        {page === null ? (
          list.loading && <Loading label="Loading submissions…" />
        ) : page.results.length === 0 ? (
          <EmptyState title={filtered ? "No submissions match" : "No submissions yet"}>
            {filtered ? (
              <p>Try other filters.</p>
            ) : (
              <p>
                Submitted forms appear here. <Link to="/forms">Fill out a form</Link> to start.
              </p>
            )}
          </EmptyState>
        ) : (
          <div className="table-wrap" aria-busy={list.loading}>
            <table className="table">
              <caption className="visually-hidden">Submissions</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Form</th>
                  <th scope="col">Status</th>
                  <th scope="col">Workflow</th>
                  <th scope="col">Submitted by</th>
                  <th scope="col">Submitted at</th>
                </tr>
              </thead>
              <tbody>
                {page.results.map((submission) => (
                  <tr key={submission.id}>
                    <td>
                      <Link to={`/submissions/${submission.id}`} className="cell-strong">
                        {submission.number}
                      </Link>
                    </td>
                    <td>
                      {submission.template.name}
                      <span className="cell-secondary">
                        {submission.form_type} · v{submission.template.version}
                      </span>
                    </td>
                    <td>
                      <SubmissionStatus status={submission.status} />
                    </td>
                    <td data-run-status={submission.run?.status}>{submission.run?.stage ?? "—"}</td>
                    <td>{submission.submitted_by.display_name}</td>
                    <td>
                      <time dateTime={submission.submitted_at}>
                        {formatEventTime(submission.submitted_at)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page && page.count > 0 && (
          <Pagination
            page={pageNumber}
            pageSize={PAGE_SIZE}
            count={page.count}
            noun="submissions"
            onPageChange={setPage}
            disabled={list.loading}
          />
        )}
      </div>
    </>
  );
}
