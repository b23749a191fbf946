import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { submissions } from "../api/client";
import type { SubmissionListParams } from "../api/client";

export function submissionListQueryOptions(params: SubmissionListParams) {
  return queryOptions({
    queryKey: ["submissions", "list", params],
    queryFn: () => submissions.list(params),
    placeholderData: keepPreviousData,
    // Runs going on and QuickBooks syncs in progress finish in the worker: look again until
    // none is left on the page.
    refetchInterval: (query) =>
      query.state.data?.results.some(
        (submission) =>
          submission.sync?.state === "pending" || submission.run?.status === "running",
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

export function submissionQueryOptions(id: number) {
  return queryOptions({
    queryKey: ["submissions", id],
    queryFn: () => submissions.get(id),
  });
}
