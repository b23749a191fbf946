/**
 * The one module that talks to the backend: JSON over fetch with the session cookie, the CSRF
 * header on unsafe methods, and every failure turned into an ApiError.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Role = Schemas["RoleEnum"];
export type Company = Schemas["Company"];
export type User = Schemas["User"];
/** The signed-in person, with the areas of the app they may use. */
export type SessionUser = Schemas["SessionUser"];
export type Area = SessionUser["areas"][number];

/** A page of a list. Hand-typed because the schema has one Paginated…List per resource and no
 * generic; this is their common shape. */
export interface Page<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}

export type Vendor = Schemas["Vendor"];
export type VendorInput = Schemas["VendorInput"];
export type Customer = Schemas["Customer"];
export type CustomerInput = Schemas["CustomerInput"];
export type Material = Schemas["Material"];
export type MaterialInput = Schemas["MaterialInput"];

/** Field name to messages, as DRF answers a 400; `non_field_errors` holds the rest. */
export type FieldErrors = Record<string, string[]>;

export type ActiveFilter = "true" | "false" | "all";

export interface CatalogListParams {
  search?: string;
  active?: ActiveFilter;
  page?: number;
  pageSize?: number;
  /** Customers only: just "customers" (no parent) or just "projects". */
  kind?: "customers" | "projects";
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SESSION_PATH = "/api/auth/session/";

/** A failed call: `status` is the HTTP status, or 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly fieldErrors: FieldErrors;
  readonly detail: string | null;

  constructor(status: number, message: string, fieldErrors: FieldErrors = {}, detail?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.detail = detail ?? null;
  }

  get nonFieldErrors(): string[] {
    return this.fieldErrors.non_field_errors ?? [];
  }
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

type SessionEndedListener = () => void;
const sessionEndedListeners = new Set<SessionEndedListener>();

/** Called when an API call answers 401, i.e. the session has ended; returns an unsubscribe. */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

function toMessages(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(toMessages);
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(toMessages);
  return [];
}

function errorFromBody(status: number, body: unknown): ApiError {
  const fieldErrors: FieldErrors = {};
  let detail: string | undefined;
  if (body && typeof body === "object" && !Array.isArray(body)) {
    for (const [field, value] of Object.entries(body)) {
      if (field === "detail" && typeof value === "string") detail = value;
      else fieldErrors[field] = toMessages(value);
    }
  } else if (Array.isArray(body)) {
    fieldErrors.non_field_errors = toMessages(body);
  }
  const firstFieldMessage = Object.values(fieldErrors).flat()[0];
  const message =
    detail ??
    fieldErrors.non_field_errors?.[0] ??
    (status === 400 && firstFieldMessage ? "Please correct the errors below." : undefined) ??
    (status >= 500
      ? `The server had a problem (error ${status}). Please try again.`
      : `The request failed (error ${status}).`);
  return new ApiError(status, message, fieldErrors, detail);
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  const contentType = response.headers.get("Content-Type") ?? "";
  if (!contentType.includes("json")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...extraHeaders };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie("csrftoken");
    if (token) headers["X-CSRFToken"] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (caught) {
    if (signal?.aborted) throw caught;
    throw new ApiError(0, "Could not reach the server. Check your connection and try again.");
  }
  const data = await readBody(response);
  if (!response.ok) {
    const error = errorFromBody(response.status, data);
    if (response.status === 401 && path !== SESSION_PATH) {
      sessionEndedListeners.forEach((listener) => listener());
    }
    throw error;
  }
  return data as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The signed-in user, or null when nobody is signed in. Also sets the CSRF cookie. */
export async function getSession(): Promise<SessionUser | null> {
  try {
    return await request<SessionUser>("GET", SESSION_PATH);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function signIn(email: string, password: string): Promise<SessionUser> {
  return request<SessionUser>("POST", SESSION_PATH, { email, password });
}

export function signOut(): Promise<void> {
  return request<void>("DELETE", SESSION_PATH);
}

/** A problem the server found with what was sent, at the path of the value it is about. */
export type Problem = Schemas["Problem"];

/**
 * The problems that saving `body` would meet, from the validation endpoint beside the one that
 * saves (`/api/vendors/validate/`...): the same checks, nothing saved.
 */
export function validate(path: string, body: unknown, signal?: AbortSignal): Promise<Problem[]> {
  return request<{ errors: Problem[] }>("POST", path, body, signal).then(({ errors }) => errors);
}

export function listUsers(search = ""): Promise<Page<User>> {
  return request<Page<User>>("GET", `/api/users/${query({ search })}`);
}

export interface CatalogResource<Entry, Input> {
  /** "vendors", "materials" or "customers": its path under /api/, and the root of its query keys. */
  name: string;
  list(params?: CatalogListParams): Promise<Page<Entry>>;
  get(id: number): Promise<Entry>;
  create(input: Input): Promise<Entry>;
  update(id: number, changes: Partial<Input>): Promise<Entry>;
  deactivate(id: number): Promise<Entry>;
  reactivate(id: number): Promise<Entry>;
}

function catalogResource<Entry, Input>(name: string): CatalogResource<Entry, Input> {
  const base = `/api/${name}/`;
  return {
    name,
    list: ({ search, active, page, pageSize, kind } = {}) =>
      request("GET", `${base}${query({ search, active, page, page_size: pageSize, kind })}`),
    get: (id) => request("GET", `${base}${id}/`),
    create: (input) => request("POST", base, input),
    update: (id, changes) => request("PATCH", `${base}${id}/`, changes),
    deactivate: (id) => request("POST", `${base}${id}/deactivate/`),
    reactivate: (id) => request("POST", `${base}${id}/reactivate/`),
  };
}

export const vendors = catalogResource<Vendor, VendorInput>("vendors");
export const materials = catalogResource<Material, MaterialInput>("materials");
export const customers = catalogResource<Customer, CustomerInput>("customers");

export type FieldTypeKey = Schemas["TypeEnum"];
export type ChooseSource = Schemas["SourceEnum"];

/** A field of a template: the common keys and the settings of its type. */
export type FieldDefinition = Schemas["FieldDefinition"];
export type FormSection = Schemas["Section"];
/** A field type with its own settings and their defaults. */
export type FieldTypeInfo = Schemas["FieldType"];

export type FormType = Schemas["FormType"];
export type FormTypeInput = Schemas["FormTypeInput"];
export type TemplateVersion = Schemas["FormTemplateVersion"];
export type FormTemplate = Schemas["FormTemplate"];
export type FormTemplateInput = Schemas["FormTemplateInput"];

export type Person = Schemas["Person"];
/** A submission as lists show it. */
export type SubmissionSummary = Schemas["SubmissionList"];
/** A submission with its values and the sections of the version it was submitted on. */
export type Submission = Schemas["SubmissionDetail"];
export type SubmissionInput = Schemas["SubmissionInput"];
export type SubmissionReviseInput = Schemas["SubmissionReviseInput"];

export interface SubmissionListParams {
  search?: string;
  template?: string;
  status?: string;
  submittedBy?: string;
  report?: string;
  page?: number;
  pageSize?: number;
}

/** An event of a form's history, with how to show it (`kind_label`, `tone`, `icon`). */
export type TimelineEvent = Schemas["TimelineEvent"];

/** Where a submission's workflow run stands. */
export type RunSummary = Schemas["RunSummary"];

/** What a step of a submission's workflow reports to lists (a sync state). */
export type SubmissionReport = Schemas["SubmissionReport"];
/** A choice of the submissions list's report filter. */
export type ReportFilter = Schemas["ReportFilter"];

export function listFieldTypes(): Promise<FieldTypeInfo[]> {
  return request("GET", "/api/field-types/");
}

export const formTypes = {
  list: (): Promise<FormType[]> => request("GET", "/api/form-types/"),
  create: (input: Partial<FormTypeInput>): Promise<FormType> =>
    request("POST", "/api/form-types/", input),
  update: (id: number, changes: Partial<FormTypeInput>): Promise<FormType> =>
    request("PATCH", `/api/form-types/${id}/`, changes),
};

export const formTemplates = {
  list: (active: ActiveFilter = "true"): Promise<FormTemplate[]> =>
    request("GET", `/api/form-templates/${query({ active })}`),
  get: (id: number): Promise<FormTemplate> => request("GET", `/api/form-templates/${id}/`),
  create: (input: FormTemplateInput): Promise<FormTemplate> =>
    request("POST", "/api/form-templates/", input),
  update: (id: number, input: FormTemplateInput): Promise<FormTemplate> =>
    request("PUT", `/api/form-templates/${id}/`, input),
  archive: (id: number): Promise<FormTemplate> =>
    request("POST", `/api/form-templates/${id}/archive/`),
  restore: (id: number): Promise<FormTemplate> =>
    request("POST", `/api/form-templates/${id}/restore/`),
};

export const submissions = {
  list: ({
    search,
    template,
    status,
    submittedBy,
    report,
    page,
    pageSize,
  }: SubmissionListParams = {}): Promise<Page<SubmissionSummary>> =>
    request(
      "GET",
      `/api/submissions/${query({ search, template, status, submitted_by: submittedBy, report, page, page_size: pageSize })}`,
    ),
  statuses: (): Promise<string[]> => request("GET", "/api/submissions/statuses/"),
  reportFilters: (): Promise<ReportFilter[]> => request("GET", "/api/submissions/reports/"),
  get: (id: number): Promise<Submission> => request("GET", `/api/submissions/${id}/`),
  /** Submits a form once however often it is called with the same `idempotencyKey` (one key per
   * filled-in form): a repeat answers with the submission the first call made. */
  create: (input: SubmissionInput, idempotencyKey: string): Promise<Submission> =>
    request("POST", "/api/submissions/", input, undefined, { "Idempotency-Key": idempotencyKey }),
  /** Revises a submitted form once however often it is called with the same `idempotencyKey`. */
  revise: (id: number, input: SubmissionReviseInput, idempotencyKey: string): Promise<Submission> =>
    request("POST", `/api/submissions/${id}/revise/`, input, undefined, {
      "Idempotency-Key": idempotencyKey,
    }),
  timeline: (id: number): Promise<TimelineEvent[]> =>
    request("GET", `/api/submissions/${id}/timeline/`),
};
