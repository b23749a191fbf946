import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Navigate, useParams } from "react-router-dom";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { openWorkflow, workflowKeys } from "../workflow-editor/api";

/** /forms/:id/workflow: opens the form's workflow (starting it if it has none) in the editor. */
export function OpenWorkflowPage() {
  const templateId = Number(useParams().id);
  const queryClient = useQueryClient();
  const open = useMutation({
    mutationFn: () => openWorkflow(templateId),
    onSuccess: (detail) => {
      queryClient.setQueryData(workflowKeys.detail(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all, exact: true });
    },
  });
  const { mutate } = open;
  useEffect(() => mutate(), [mutate, templateId]);

  if (open.data) return <Navigate to={`/workflows/${open.data.id}`} replace />;
  if (open.error) return <ErrorAlert error={open.error} onRetry={() => open.mutate()} />;
  return <Loading label="Opening the workflow…" />;
}
