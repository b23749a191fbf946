import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { submissions } from "../api/client";
import type { SubmissionListParams } from "../api/client";

export function submissionListQueryOptions(params: SubmissionListParams) {
  return queryOptions({
    queryKey: ["submissions", "list", params],
    queryFn: () => submissions.list(params),
    placeholderData: keepPreviousData,
    // Kept current by the live channel's notices (live/liveNotices.ts), not by polling.
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
