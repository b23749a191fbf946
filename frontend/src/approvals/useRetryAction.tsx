import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TimelineEvent } from "../api/client";
import { errorMessage } from "../components/ErrorAlert";
import { stepRuns, submissionRunQueryOptions, type RetryOffer } from "./api";

/**
 * The Retry buttons of a failed step on the timeline: shown to admins on the failure where the
 * run stopped, one per choice of settings the server offers (with the published settings, or as
 * the run started), its default first.
 */
export function useRetryAction(submissionId: number) {
  const queryClient = useQueryClient();
  const overview = useQuery(submissionRunQueryOptions(submissionId));
  const retry = useMutation({
    mutationFn: ({ stepRun, settings }: { stepRun: number; settings: RetryOffer["default"] }) =>
      stepRuns.retry(stepRun, settings),
    // The list too: its report column shows the retried step as pending.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["submissions"] }),
  });
  const offer = overview.data?.retry ?? null;

  return function renderRetry(event: TimelineEvent) {
    if (event.kind !== "step_failed" || offer === null || event.step_run !== offer.step_run) {
      return null;
    }
    const choices = [...offer.choices].sort(
      (a, b) => Number(b.value === offer.default) - Number(a.value === offer.default),
    );
    return (
      <>
        {choices.map((choice) => (
          <button
            key={choice.value}
            type="button"
            className={`button button-small${choice.value === offer.default ? " button-primary" : ""}`}
            disabled={retry.isPending}
            onClick={() => retry.mutate({ stepRun: offer.step_run, settings: choice.value })}
          >
            {retry.isPending && retry.variables?.settings === choice.value
              ? "Retrying…"
              : choice.label}
          </button>
        ))}
        {retry.error && (
          <span className="field-error" role="alert">
            {errorMessage(retry.error)}
          </span>
        )}
      </>
    );
  };
}
