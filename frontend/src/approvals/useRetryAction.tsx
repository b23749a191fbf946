import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TimelineEvent } from "../api/client";
import { errorMessage } from "../components/ErrorAlert";
import { stepRuns, submissionRunQueryOptions } from "./api";

/**
 * The Retry button of a failed step on the timeline: shown to admins on the failure where the
 * run stopped (the server says which, in `retry_step_run`).
 */
export function useRetryAction(submissionId: number) {
  const queryClient = useQueryClient();
  const overview = useQuery(submissionRunQueryOptions(submissionId));
  const retry = useMutation({
    mutationFn: (stepRun: number) => stepRuns.retry(stepRun),
    // The list too: its QuickBooks column shows the retried sync as pending.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["submissions"] }),
  });
  const retryable = overview.data?.retry_step_run ?? null;

  return function renderRetry(event: TimelineEvent) {
    if (event.kind !== "step_failed" || retryable === null || event.step_run !== retryable) {
      return null;
    }
    return (
      <>
        <button
          type="button"
          className="button button-small"
          disabled={retry.isPending}
          onClick={() => retry.mutate(retryable)}
        >
          {retry.isPending ? "Retrying…" : "Retry"}
        </button>
        {retry.error && (
          <span className="field-error" role="alert">
            {errorMessage(retry.error)}
          </span>
        )}
      </>
    );
  };
}
