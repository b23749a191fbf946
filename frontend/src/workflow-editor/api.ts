import { queryOptions } from "@tanstack/react-query";
import { request } from "../api/client";
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type StepTypeInfo = Schemas["StepType"];
export type SettingSchema = Schemas["SettingSchema"];
export type WorkflowDetail = Schemas["WorkflowDetail"];
export type WorkflowOverview = Schemas["WorkflowOverview"];
export type WorkflowProblem = Schemas["WorkflowProblem"];
export type VersionSummary = Schemas["WorkflowVersionSummary"];
export type VersionDetail = Schemas["WorkflowVersionDetail"];
export type ServerStep = Schemas["WorkflowStep"];
export type ServerTransition = Schemas["WorkflowTransition"];

export const workflowKeys = {
  all: ["workflows"] as const,
  detail: (id: number) => ["workflows", id] as const,
  versions: (id: number) => ["workflows", id, "versions"] as const,
  version: (id: number, number: number) => ["workflows", id, "versions", number] as const,
};

export function workflowListQueryOptions() {
  return queryOptions({
    queryKey: workflowKeys.all,
    queryFn: () => request<WorkflowOverview[]>("GET", "/api/workflows/"),
  });
}

export function workflowQueryOptions(id: number) {
  return queryOptions({
    queryKey: workflowKeys.detail(id),
    queryFn: () => request<WorkflowDetail>("GET", `/api/workflows/${id}/`),
    // The editor owns the drawing once loaded; it reloads only when asked to.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** The step types for a workflow's form, asked by workflow so that the editor loads them at the
 * same time as the drawing. */
export function stepTypesQueryOptions(workflowId: number) {
  return queryOptions({
    queryKey: ["step-types", { workflow: workflowId }],
    queryFn: () => request<StepTypeInfo[]>("GET", `/api/step-types/?workflow=${workflowId}`),
  });
}

export function versionsQueryOptions(id: number) {
  return queryOptions({
    queryKey: workflowKeys.versions(id),
    queryFn: () => request<VersionSummary[]>("GET", `/api/workflows/${id}/versions/`),
  });
}

export function versionQueryOptions(id: number, number: number) {
  return queryOptions({
    queryKey: workflowKeys.version(id, number),
    queryFn: () => request<VersionDetail>("GET", `/api/workflows/${id}/versions/${number}/`),
    staleTime: Infinity,
  });
}

export function openWorkflow(templateId: number): Promise<WorkflowDetail> {
  return request("POST", "/api/workflows/", { template: templateId });
}

export function saveDraft(
  id: number,
  body: { revision: number; steps: ServerStep[]; transitions: ServerTransition[] },
): Promise<WorkflowDetail> {
  return request("PUT", `/api/workflows/${id}/draft/`, body);
}

export function publishWorkflow(id: number, revision: number): Promise<WorkflowDetail> {
  return request("POST", `/api/workflows/${id}/publish/`, { revision });
}

export function restoreVersion(id: number, number: number): Promise<WorkflowDetail> {
  return request("POST", `/api/workflows/${id}/versions/${number}/restore/`);
}
