/** The QuickBooks Online endpoints, one query-options function per read. */
import { queryOptions } from "@tanstack/react-query";
import { request } from "../../api/client";
import type { components } from "../../api/schema";

export type QuickBooksStatus = components["schemas"]["QuickBooksStatus"];
export type QuickBooksConnection = components["schemas"]["QuickBooksConnection"];
export type CompanyPreferences = components["schemas"]["CompanyPreferences"];
export type QuickBooksAccount = components["schemas"]["QuickBooksAccount"];
export type QuickBooksAccountsInput = components["schemas"]["QuickBooksAccountsInput"];
export type QuickBooksImport = components["schemas"]["QuickBooksImport"];
export type QuickBooksImportProposal = components["schemas"]["QuickBooksImportProposal"];
export type QuickBooksImportDecision = components["schemas"]["QuickBooksImportDecision"];
export type PurchaseOrderPreview = components["schemas"]["PurchaseOrderPreview"];
export type QuickBooksRecord = components["schemas"]["QuickBooksRecord"];
export type QuickBooksLink = components["schemas"]["QuickBooksLink"];
/** What a catalog row links to: a QuickBooks vendor for a vendor, an item for a material, a
 * customer or job for a customer or project. */
export type QuickBooksLinkKind = "vendor" | "material" | "customer";

const BASE = "/api/integrations/quickbooks/";

export const quickBooksKeys = {
  all: ["quickbooks"] as const,
  status: () => [...quickBooksKeys.all, "status"] as const,
  accounts: () => [...quickBooksKeys.all, "accounts"] as const,
  imports: () => [...quickBooksKeys.all, "imports"] as const,
  preview: (workflow: number, config: unknown) =>
    [...quickBooksKeys.all, "preview", workflow, config] as const,
  records: (kind: QuickBooksLinkKind, search: string) =>
    [...quickBooksKeys.all, "records", kind, search] as const,
  links: (kind?: QuickBooksLinkKind) =>
    kind
      ? ([...quickBooksKeys.all, "links", kind] as const)
      : ([...quickBooksKeys.all, "links"] as const),
};

const RECORDS: Record<QuickBooksLinkKind, string> = {
  vendor: "vendors",
  material: "items",
  customer: "customers",
};

export function quickBooksStatusQueryOptions() {
  return queryOptions({
    queryKey: quickBooksKeys.status(),
    queryFn: () => request<QuickBooksStatus>("GET", BASE),
  });
}

export function quickBooksAccountsQueryOptions() {
  return queryOptions({
    queryKey: quickBooksKeys.accounts(),
    queryFn: () => request<QuickBooksAccount[]>("GET", `${BASE}accounts/`),
  });
}

/** The latest imports, newest first, with their progress and proposed links; the live channel
 * tells of each step forward (and the server marks failed an import whose worker stopped). */
export function quickBooksImportsQueryOptions() {
  return queryOptions({
    queryKey: quickBooksKeys.imports(),
    queryFn: () => request<QuickBooksImport[]>("GET", `${BASE}imports/`),
  });
}

export function purchaseOrderPreviewQueryOptions(workflow: number, config: object) {
  return queryOptions({
    queryKey: quickBooksKeys.preview(workflow, config),
    queryFn: () => request<PurchaseOrderPreview>("POST", `${BASE}preview/`, { workflow, config }),
  });
}

export function quickBooksConnect(): Promise<{ authorization_url: string }> {
  return request("POST", `${BASE}connect/`);
}

export function quickBooksDisconnect(): Promise<QuickBooksConnection> {
  return request("POST", `${BASE}disconnect/`);
}

/** Read the QuickBooks company's settings again, after an admin changed them there. */
export function quickBooksPreferencesRefresh(): Promise<QuickBooksConnection> {
  return request("POST", `${BASE}preferences/refresh/`);
}

export function quickBooksAccountsSave(
  input: QuickBooksAccountsInput,
): Promise<QuickBooksConnection> {
  return request("PUT", `${BASE}accounts/`, input);
}

export function quickBooksImportStart(includeServices: boolean): Promise<QuickBooksImport> {
  return request("POST", `${BASE}imports/`, { include_services: includeServices });
}

/** Accept a proposed link, link the QuickBooks record elsewhere, add it as new, or skip it. */
export function quickBooksProposalDecide(
  id: number,
  decision: QuickBooksImportDecision,
): Promise<QuickBooksImportProposal> {
  return request("POST", `${BASE}import-proposals/${id}/`, decision);
}

/** The company's QuickBooks vendors (for a vendor) or items (for a material) matching a name. */
export function quickBooksRecordsQueryOptions(kind: QuickBooksLinkKind, search: string) {
  return queryOptions({
    queryKey: quickBooksKeys.records(kind, search),
    queryFn: () =>
      request<QuickBooksRecord[]>(
        "GET",
        `${BASE}${RECORDS[kind]}/?${new URLSearchParams({ search })}`,
      ),
  });
}

/** Which vendors (or materials) of the company are linked to which QuickBooks records. */
export function quickBooksLinksQueryOptions(kind: QuickBooksLinkKind) {
  return queryOptions({
    queryKey: quickBooksKeys.links(kind),
    queryFn: () => request<QuickBooksLink[]>("GET", `${BASE}${kind}-links/`),
    select: (links) => new Map(links.map((link) => [link.object_id, link.qbo_id])),
  });
}

/** Link a vendor or material to a QuickBooks record; a blank id unlinks it. */
export function quickBooksLinkSave(
  kind: QuickBooksLinkKind,
  id: number,
  qboId: string,
): Promise<QuickBooksLink> {
  return request("PUT", `${BASE}${kind}-links/${id}/`, { qbo_id: qboId });
}
