import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { submissions } from "../api/client";
import type { SubmissionListParams } from "../api/client";

export function submissionListQueryOptions(params: SubmissionListParams) {
  return queryOptions({
    queryKey: ["submissions", "list", params],
    queryFn: () => submissions.list(params),
    placeholderData: keepPreviousData,
    // Runs going on and reported steps in progress (QuickBooks syncs) finish in the worker:
    // look again until none is left on the page.
    refetchInterval: (query) =>
      query.state.data?.results.some(
        (submission) =>
          submission.reports.some((report) => report.state === "pending") ||
          submission.run?.status === "running",
      )
        ? 3000
        : false,
  });
}

export function submissionStatusesQueryOptions() {
  return queryOptions({
    queryKey: ["submissions", "statuses"],
    queryFn: submissions.statuses,
  });
}

export function submissionReportFiltersQueryOptions() {
  return queryOptions({
    queryKey: ["submissions", "report-filters"],
    queryFn: submissions.reportFilters,
    staleTime: Infinity, // the installed step types change with a release
  });
}

export function submissionQueryOptions(id: number) {
  return queryOptions({
    queryKey: ["submissions", id],
    queryFn: () => submissions.get(id),
  });
}
