import { queryOptions } from "@tanstack/react-query";
import { formTemplates } from "../api/client";
import type { ActiveFilter } from "../api/client";

export function formTemplateListQueryOptions(active: ActiveFilter) {
  return queryOptions({
    queryKey: ["form-templates", "list", active],
    queryFn: () => formTemplates.list(active),
  });
}

export function formTemplateQueryOptions(id: number) {
  return queryOptions({
    queryKey: ["form-templates", id],
    queryFn: () => formTemplates.get(id),
  });
}
