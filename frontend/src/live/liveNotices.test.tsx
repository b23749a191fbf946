import { act, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { FakeWebSocket } from "../test/fakeWebSocket";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

function liveSocket(): FakeWebSocket {
  const socket = FakeWebSocket.instances.filter((each) => each.url.endsWith("/ws/live/")).at(-1);
  if (!socket) throw new Error("The live channel is not open.");
  return socket;
}

describe("the live channel", () => {
  it("refreshes the approvals count when told a submission changed, and nothing else", async () => {
    let waiting = 0;
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-templates/": { body: [] },
      "GET /api/approvals/": () => ({ body: { count: waiting, results: [] } }),
    });
    renderApp("/");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    act(() => liveSocket().open());

    waiting = 1;
    act(() => liveSocket().receive({ subject: "submission", id: 5 }));

    expect(await within(nav).findByLabelText("1 waiting")).toBeInTheDocument();
    const templates = stub.calls.filter((call) => call.url.pathname === "/api/form-templates/");
    expect(templates).toHaveLength(1);
  });

  it("reconnects after a dropped connection, and asks for the session when signed out", async () => {
    let signedIn = true;
    stub = stubFetch({
      "GET /api/auth/session/": () =>
        signedIn ? { body: makeUser() } : { status: 401, body: { detail: "Not signed in." } },
      "GET /api/form-templates/": { body: [] },
    });
    renderApp("/");
    await screen.findByRole("navigation", { name: "Main" });
    const first = liveSocket();
    act(() => first.open());

    act(() => first.drop(4001));
    await act(() => new Promise((resolve) => setTimeout(resolve, 1100)));
    expect(liveSocket()).not.toBe(first);

    signedIn = false;
    act(() => liveSocket().drop(4401));
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeInTheDocument();
  });
});
