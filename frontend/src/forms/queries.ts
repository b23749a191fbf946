import { queryOptions } from "@tanstack/react-query";
import { formTemplates, formTypes, listFieldTypes } from "../api/client";
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

export function formTypeListQueryOptions() {
  return queryOptions({
    queryKey: ["form-types"],
    queryFn: formTypes.list,
  });
}

/** The field types a template can use, with their settings: the same until the next deploy. */
export function fieldTypeListQueryOptions() {
  return queryOptions({
    queryKey: ["field-types"],
    queryFn: listFieldTypes,
    staleTime: Infinity,
  });
}
