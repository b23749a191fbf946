import type { SessionUser } from "../api/client";

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Reply = { status?: number; body?: unknown } | "network-error";
type Handler = (call: RecordedCall) => Reply;

/** A route: "GET /api/vendors/" matches that method and path, whatever the query string. */
export type Routes = Record<string, Reply | Handler>;

/** What every signed-in page asks for (the navigation's count of approvals waiting). */
const SHELL_ROUTES: Routes = {
  "GET /api/approvals/": { body: { count: 0, results: [] } },
};

/**
 * Replaces globalThis.fetch with one that answers from `routes` and records every call. An
 * unexpected call fails the test loudly.
 */
export function stubFetch(pageRoutes: Routes) {
  const routes: Routes = { ...SHELL_ROUTES, ...pageRoutes };
  const calls: RecordedCall[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://testserver");
    const method = (init.method ?? "GET").toUpperCase();
    const call: RecordedCall = {
      method,
      url,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    if (route === undefined) throw new Error(`Unexpected request: ${method} ${url.pathname}`);
    const reply = typeof route === "function" ? route(call) : route;
    if (reply === "network-error") throw new TypeError("Failed to fetch");
    const status = reply.status ?? 200;
    const text = reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(status === 204 ? null : text, {
      status,
      headers: { "Content-Type": "application/json" },
    });
  };
  return {
    calls,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** A signed-in person as the session answers it; the server gives members every area but
 * Workflows. */
export function makeUser(overrides: Partial<SessionUser> = {}): SessionUser {
  const isAdmin = overrides.is_admin ?? true;
  return {
    id: 1,
    email: "avery@example.com",
    name: "Avery Admin",
    display_name: "Avery Admin",
    role: "admin",
    is_admin: true,
    company: { id: 7, name: "Acme Builders" },
    areas: [
      "forms",
      "approvals",
      ...(isAdmin ? ["workflows" as const] : []),
      "vendors",
      "materials",
      "customers",
      "settings",
    ],
    ...overrides,
  };
}

export function page<T>(results: T[], count = results.length) {
  return { count, next: null, previous: null, results };
}
