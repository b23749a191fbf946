import { queryOptions } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { listUsers, request } from "../api/client";
import type { Page } from "../api/client";
import type { components } from "../api/schema";

export type TeamPerson = components["schemas"]["TeamPerson"];
export type Role = components["schemas"]["RoleEnum"];
export type PersonInvite = components["schemas"]["PersonInviteInput"];
export type InvitationSent = components["schemas"]["InvitationSent"];

export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", member: "Member" };

/** Everybody in the company, invited and deactivated people too (admins only). */
export function peopleQueryOptions() {
  return queryOptions({
    queryKey: ["people"],
    queryFn: () => request<Page<TeamPerson>>("GET", "/api/people/?active=all&page_size=200"),
  });
}

/** After a change to a person: Settings > People and every picker of people. */
export function invalidatePeople(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ["people"] }),
    queryClient.invalidateQueries({ queryKey: ["users"] }),
  ]);
}

export const people = {
  invite: (input: PersonInvite) => request<InvitationSent>("POST", "/api/people/", input),
  changeRole: (id: number, role: Role) =>
    request<TeamPerson>("POST", `/api/people/${id}/role/`, { role }),
  deactivate: (id: number) => request<TeamPerson>("POST", `/api/people/${id}/deactivate/`),
  reactivate: (id: number) => request<TeamPerson>("POST", `/api/people/${id}/reactivate/`),
  resendInvitation: (id: number) => request<TeamPerson>("POST", `/api/people/${id}/invitation/`),
};

/** Active people, for pickers such as 'Submitted by' and 'choose: users'. */
export function userListQueryOptions(search = "") {
  return queryOptions({
    queryKey: ["users", search],
    queryFn: () => listUsers(search),
  });
}
