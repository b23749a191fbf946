import { afterEach, describe, expect, it } from "vitest";
import { stubFetch } from "../test/fetchStub";
import { ApiError, getSession, materials, onSessionEnded, signOut, vendors } from "./client";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

describe("the API client", () => {
  it("sends the CSRF token from the cookie on unsafe methods, with the session cookie", async () => {
    document.cookie = "csrftoken=token-123; path=/";
    stub = stubFetch({ "POST /api/vendors/": { status: 201, body: { id: 3, name: "Acme" } } });

    await vendors.create({ name: "Acme", email: "", phone: "", address: "" });

    const [call] = stub.calls;
    expect(call.headers["X-CSRFToken"]).toBe("token-123");
    expect(call.headers["Content-Type"]).toBe("application/json");
    expect(call.credentials).toBe("same-origin");
    expect(call.body).toEqual({ name: "Acme", email: "", phone: "", address: "" });
  });

  it("does not send the CSRF token on reads", async () => {
    document.cookie = "csrftoken=token-123; path=/";
    stub = stubFetch({ "GET /api/vendors/": { body: { count: 0, results: [] } } });

    await vendors.list();

    expect(stub.calls[0].headers["X-CSRFToken"]).toBeUndefined();
    expect(stub.calls[0].credentials).toBe("same-origin");
  });

  it("puts search, filter and page in the query string", async () => {
    stub = stubFetch({ "GET /api/materials/": { body: { count: 0, results: [] } } });

    await materials.list({ search: "pipe", active: "all", page: 3, pageSize: 25 });

    const params = stub.calls[0].url.searchParams;
    expect(Object.fromEntries(params)).toEqual({
      search: "pipe",
      active: "all",
      page: "3",
      page_size: "25",
    });
  });

  it("throws an ApiError with the field errors of a 400", async () => {
    stub = stubFetch({
      "POST /api/vendors/": {
        status: 400,
        body: { name: ['A vendor named "Acme" already exists.'], email: ["Enter a valid email."] },
      },
    });

    const error = await vendors
      .create({ name: "Acme", email: "x", phone: "", address: "" })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.fieldErrors).toEqual({
      name: ['A vendor named "Acme" already exists.'],
      email: ["Enter a valid email."],
    });
    expect(apiError.message).toBe("Please correct the errors below.");
  });

  it("uses the detail of a 403 as the message", async () => {
    stub = stubFetch({
      "POST /api/vendors/4/deactivate/": {
        status: 403,
        body: { detail: "Only company admins can do this." },
      },
    });

    const error = (await vendors.deactivate(4).catch((caught: unknown) => caught)) as ApiError;

    expect(error.status).toBe(403);
    expect(error.detail).toBe("Only company admins can do this.");
    expect(error.message).toBe("Only company admins can do this.");
  });

  it("reports a server error and an unreachable server as ApiErrors", async () => {
    stub = stubFetch({
      "GET /api/vendors/": { status: 500 },
      "GET /api/materials/": "network-error",
    });

    const serverError = (await vendors.list().catch((caught: unknown) => caught)) as ApiError;
    const networkError = (await materials.list().catch((caught: unknown) => caught)) as ApiError;

    expect(serverError.status).toBe(500);
    expect(serverError.message).toMatch(/server had a problem/);
    expect(networkError).toBeInstanceOf(ApiError);
    expect(networkError.status).toBe(0);
    expect(networkError.message).toMatch(/Could not reach the server/);
  });

  it("answers no user when nobody is signed in", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { status: 401, body: { detail: "Not signed in." } },
    });

    await expect(getSession()).resolves.toBeNull();
  });

  it("accepts the empty 204 of signing out", async () => {
    stub = stubFetch({ "DELETE /api/auth/session/": { status: 204 } });

    await expect(signOut()).resolves.toBeUndefined();
  });

  it("tells listeners when another call finds the session ended", async () => {
    stub = stubFetch({ "GET /api/vendors/": { status: 401, body: { detail: "Not signed in." } } });
    let ended = 0;
    const unsubscribe = onSessionEnded(() => ended++);

    await vendors.list().catch(() => undefined);
    unsubscribe();

    expect(ended).toBe(1);
  });
});
