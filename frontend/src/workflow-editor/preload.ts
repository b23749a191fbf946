import type { QueryClient } from "@tanstack/react-query";
import { matchPath } from "react-router-dom";
import { stepTypesQueryOptions, workflowQueryOptions } from "./api";

export const EDITOR_PATH = "/workflows/:id";

/** The editor's code, in a file of its own: the rest of the app starts without it. */
export function loadWorkflowEditor() {
  return import("./WorkflowEditorPage");
}

/**
 * When the app opens on a workflow's address, starts loading the editor's code, the drawing and
 * its step types at once, beside the session, rather than one after the other as each part
 * renders. A failure is left for the page to show when it asks again.
 */
export function preloadWorkflowEditor(queryClient: QueryClient, pathname: string): void {
  const id = Number(matchPath(EDITOR_PATH, pathname)?.params.id);
  if (!Number.isInteger(id)) return;
  void loadWorkflowEditor();
  void queryClient.prefetchQuery(workflowQueryOptions(id));
  void queryClient.prefetchQuery(stepTypesQueryOptions(id));
}
