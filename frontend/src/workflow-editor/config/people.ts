import { queryOptions } from "@tanstack/react-query";
import { request } from "../../api/client";
import type { FieldDefinition, Page, User } from "../../api/client";

/** The company's people, for choosing approvers and recipients. */
export function companyPeopleQueryOptions() {
  return queryOptions({
    queryKey: ["users", { page_size: 200 }],
    queryFn: () => request<Page<User>>("GET", "/api/users/?page_size=200"),
  });
}

/** The form's fields that pick people ("choose: users"). */
export function peopleFields(fields: FieldDefinition[]): FieldDefinition[] {
  return fields.filter((field) => field.type === "choose" && field.source === "users");
}

export function selectedNumbers(select: HTMLSelectElement): number[] {
  return Array.from(select.selectedOptions, (option) => Number(option.value));
}
