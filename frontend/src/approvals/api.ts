import { queryOptions } from "@tanstack/react-query";
import { request } from "../api/client";
import type { components } from "../api/schema";

export type Approval = components["schemas"]["Approval"];
export type ApprovalList = components["schemas"]["ApprovalList"];
export type SubmissionRun = components["schemas"]["SubmissionRun"];
export type StepRun = components["schemas"]["StepRun"];

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
  approve: (id: number, note: string): Promise<StepRun> =>
    request("POST", `/api/step-runs/${id}/approve/`, { note }),
  reject: (id: number, note: string): Promise<StepRun> =>
    request("POST", `/api/step-runs/${id}/reject/`, { note }),
  retry: (id: number): Promise<StepRun> => request("POST", `/api/step-runs/${id}/retry/`),
};
