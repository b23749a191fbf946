import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { Pagination } from "../components/Pagination";
import { useDebouncedValue } from "../components/useDebouncedValue";
import { FormsTabs } from "../forms/FormsTabs";
import { formTemplateListQueryOptions } from "../forms/queries";
import { userListQueryOptions } from "../people/api";
import { formatEventTime } from "../timeline/time";
import {
  submissionListQueryOptions,
  submissionReportFiltersQueryOptions,
  submissionStatusesQueryOptions,
} from "./queries";
import { ReportBadges } from "./ReportBadges";
import { SubmissionStatus } from "./StatusBadge";

export const PAGE_SIZE = 25;
const FILTERS = ["search", "template", "status", "submitted_by", "report"] as const;
type Filter = (typeof FILTERS)[number];

/** /submissions: submitted forms, newest first, searched and filtered by form, status,
 * submitter and what its steps report (QuickBooks sync state), with the query in the URL. */
export function SubmissionsPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    FILTERS.map((name) => [name, params.get(name) ?? ""]),
  ) as Record<Filter, string>;
  const pageNumber = Math.max(1, Number(params.get("page")) || 1);
  const templates = useQuery(formTemplateListQueryOptions("all"));
  const statuses = useQuery(submissionStatusesQueryOptions());
  const users = useQuery(userListQueryOptions());
  const reportFilters = useQuery(submissionReportFiltersQueryOptions());
  const optionsError = templates.error ?? statuses.error ?? users.error ?? reportFilters.error;
  const list = useQuery(
    submissionListQueryOptions({
      search: filters.search,
      template: filters.template,
      status: filters.status,
      submittedBy: filters.submitted_by,
      report: filters.report,
      page: pageNumber,
      pageSize: PAGE_SIZE,
    }),
  );
  const page = list.data ?? null;
  const loading = list.isFetching;
  const filtered = FILTERS.some((name) => filters[name]);
  const [search, setSearch] = useState(filters.search);
  const debouncedSearch = useDebouncedValue(search, 300);

  function setFilter(name: Filter, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    setParams(next);
  }

  // The box follows the URL (Back, Clear filters); the URL follows the box once typing pauses.
  const [searchInUrl, setSearchInUrl] = useState(filters.search);
  if (searchInUrl !== filters.search) {
    setSearchInUrl(filters.search);
    setSearch(filters.search);
  }
  useEffect(() => {
    if (debouncedSearch.trim() !== filters.search) setFilter("search", debouncedSearch.trim());
    // Only a pause in typing changes the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch]);

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
          <label className="filter filter-search">
            <span>Search</span>
            <input
              type="search"
              value={search}
              placeholder="Number, vendor, memo or material"
              maxLength={200}
              onChange={(event) => setSearch(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") setFilter("search", search.trim());
              }}
            />
          </label>
          <label className="filter">
            <span>Form</span>
            <select
              value={filters.template}
              onChange={(event) => setFilter("template", event.target.value)}
            >
              <option value="">All forms</option>
              {templates.data?.map((template) => (
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
              {statuses.data?.map((status) => (
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
              {users.data?.results.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.display_name || user.name || user.email}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span>Report</span>
            <select
              value={filters.report}
              onChange={(event) => setFilter("report", event.target.value)}
            >
              <option value="">Any report</option>
              {reportFilters.data?.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
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
            error={optionsError}
            title="Could not load the filters."
            onRetry={() => {
              void templates.refetch();
              void statuses.refetch();
              void users.refetch();
            }}
          />
          <ErrorAlert
            error={list.error}
            title="Could not load submissions."
            onRetry={() => list.refetch()}
          />
        </div>
        {page === null ? (
          loading && <Loading label="Loading submissions…" />
        ) : page.results.length === 0 ? (
          <EmptyState title={filtered ? "No submissions match" : "No submissions yet"}>
            {filtered ? (
              <p>Try other words or filters.</p>
            ) : (
              <p>
                Submitted forms appear here. <Link to="/forms">Fill out a form</Link> to start.
              </p>
            )}
          </EmptyState>
        ) : (
          <div className="table-wrap" aria-busy={loading}>
            <table className="table submissions-table">
              <caption className="visually-hidden">Submissions</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Form</th>
                  <th scope="col">Status</th>
                  <th scope="col">Workflow</th>
                  <th scope="col">Reports</th>
                  <th scope="col">Submitted by</th>
                  <th scope="col">Submitted at</th>
                </tr>
              </thead>
              <tbody>
                {page.results.map((submission) => (
                  <tr key={submission.id}>
                    <td data-column="Number">
                      <Link to={`/submissions/${submission.id}`} className="cell-strong">
                        {submission.number}
                      </Link>
                    </td>
                    <td data-column="Form">
                      {submission.template.name}
                      <span className="cell-secondary">
                        {submission.form_type} · v{submission.template.version}
                      </span>
                    </td>
                    <td data-column="Status">
                      <SubmissionStatus status={submission.status} />
                    </td>
                    <td data-column="Workflow" data-run-status={submission.run?.status}>
                      {submission.run?.stage ?? "—"}
                    </td>
                    <td data-column="Reports">
                      <ReportBadges reports={submission.reports} />
                    </td>
                    <td data-column="Submitted by">{submission.submitted_by.display_name}</td>
                    <td data-column="Submitted at">
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
            disabled={loading}
          />
        )}
      </div>
    </>
  );
}
