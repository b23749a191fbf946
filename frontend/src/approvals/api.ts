import { queryOptions } from "@tanstack/react-query";
import { request } from "../api/client";
import type { components } from "../api/schema";

export type Approval = components["schemas"]["Approval"];
export type ApprovalList = components["schemas"]["ApprovalList"];
export type SubmissionRun = components["schemas"]["SubmissionRun"];
export type StepRun = components["schemas"]["StepRun"];
export type StepAction = components["schemas"]["StepAction"];
export type RetryOffer = components["schemas"]["RetryOffer"];
export type RunSummary = components["schemas"]["RunSummary"];

/** The approvals waiting for the signed-in person; the navigation shows their count. Each
 * change of a submission's run, told by the live channel, loads them again. */
export function approvalsQueryOptions() {
  return queryOptions({
    queryKey: ["approvals"],
    queryFn: (): Promise<ApprovalList> => request("GET", "/api/approvals/"),
  });
}

/** A submission's latest workflow run: where it stands, and what the viewer may do with it. */
export function submissionRunQueryOptions(submissionId: number) {
  return queryOptions({
    queryKey: ["submissions", submissionId, "run"],
    queryFn: (): Promise<SubmissionRun> => request("GET", `/api/submissions/${submissionId}/run/`),
  });
}

export const stepRuns = {
  /** An action of the step's type (its name, from the server) on a step run that waits. */
  act: (id: number, action: string, data: Record<string, unknown>): Promise<StepRun> =>
    request("POST", `/api/step-runs/${id}/actions/${action}/`, data),
  retry: (id: number, settings: RetryOffer["default"]): Promise<StepRun> =>
    request("POST", `/api/step-runs/${id}/retry/`, { settings }),
};

export const runs = {
  cancel: (id: number): Promise<RunSummary> => request("POST", `/api/runs/${id}/cancel/`),
};
