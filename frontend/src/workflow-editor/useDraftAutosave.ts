import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { saveDraft, workflowKeys } from "./api";
import type { WorkflowDetail, WorkflowProblem } from "./api";
import type { Drawing } from "./editorState";

const SAVE_DELAY_MS = 700;

export type SaveStatus = "saved" | "pending" | "saving" | "failed" | "conflict";

export interface SavedDraft {
  drawing: Drawing;
  revision: number;
  state: string;
  problems: WorkflowProblem[];
  summaries: Record<string, string>;
  publishedNumber: number | null;
}

export function savedFrom(detail: WorkflowDetail, drawing: Drawing): SavedDraft {
  return {
    drawing,
    revision: detail.revision,
    state: detail.state,
    problems: detail.problems,
    summaries: detail.summaries,
    publishedNumber: detail.published_number,
  };
}

/**
 * Saves the drawing a moment after each change, one save at a time, naming the revision it was
 * based on. A save refused because someone else saved (409) stops saving until the editor reloads.
 */
export function useDraftAutosave(workflowId: number, drawing: Drawing, initial: SavedDraft) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(initial);
  const [failure, setFailure] = useState<{ error: unknown; drawing: Drawing } | null>(null);
  const mutation = useMutation({
    mutationFn: (body: { drawing: Drawing; revision: number }) =>
      saveDraft(workflowId, {
        revision: body.revision,
        steps: body.drawing.steps,
        transitions: body.drawing.transitions,
      }),
    onSuccess: (detail, body) => {
      setSaved(savedFrom(detail, body.drawing));
      setFailure(null);
      queryClient.setQueryData(workflowKeys.detail(workflowId), detail);
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all, exact: true });
    },
    onError: (error, body) => setFailure({ error, drawing: body.drawing }),
  });
  const { mutate, isPending } = mutation;
  const conflict = failure?.error instanceof ApiError && failure.error.status === 409;

  const saveNow = useCallback(() => {
    mutate({ drawing, revision: saved.revision });
  }, [mutate, drawing, saved.revision]);

  const changed = drawing !== saved.drawing;
  const waiting = changed && !isPending && !conflict && failure?.drawing !== drawing;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(saveNow, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [waiting, saveNow]);

  let status: SaveStatus = "saved";
  if (conflict) status = "conflict";
  else if (isPending) status = "saving";
  else if (failure && failure.drawing === drawing) status = "failed";
  else if (changed) status = "pending";

  return { saved, setSaved, status, error: failure?.error ?? null, retry: saveNow };
}
