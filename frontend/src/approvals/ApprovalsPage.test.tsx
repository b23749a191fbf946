import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

const WAITING = {
  count: 1,
  results: [
    {
      step_run: 7,
      requested_at: "2026-03-02T15:05:00Z",
      waiting_for: "Waiting for approval from Avery Admin",
      submission: {
        id: 41,
        number: "PO-1001",
        template: "Purchase Order",
        status: "Submitted",
        submitted_by: { id: 2, display_name: "Morgan Member" },
        submitted_at: "2026-03-02T15:04:00Z",
      },
      actions: [
        { name: "approve", label: "Approve", note: "optional", style: "primary", step_run: 7 },
        { name: "reject", label: "Reject", note: "required", style: "danger", step_run: 7 },
      ],
    },
  ],
};

describe("the approvals page", () => {
  it("shows only the actions the server says I may take", async () => {
    const onlyApprove = {
      ...WAITING,
      results: [{ ...WAITING.results[0], actions: [WAITING.results[0].actions[0]] }],
    };
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/approvals/": { body: onlyApprove },
    });
    renderApp("/approvals");
    expect(await screen.findByRole("button", { name: "Approve PO-1001" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Reject/ })).not.toBeInTheDocument();
  });

  it("lists what waits for me, with the count in the navigation, and approves", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/approvals/": { body: WAITING },
      "POST /api/step-runs/7/actions/approve/": { body: { id: 7, outcome: "approved" } },
    });
    const user = userEvent.setup();
    renderApp("/approvals");

    const list = await screen.findByRole("list", { name: "Waiting for my approval" });
    expect(within(list).getByRole("link", { name: "PO-1001" })).toHaveAttribute(
      "href",
      "/submissions/41",
    );
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByLabelText("1 waiting")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Approve PO-1001" }));
    expect(await screen.findByText("PO-1001 approved.")).toBeInTheDocument();
    const approve = stub.calls.find((call) => call.method === "POST");
    expect(approve?.body).toEqual({ note: "" });
  });

  it("asks for a note to reject and shows the server's error on it", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/approvals/": { body: WAITING },
      "POST /api/step-runs/7/actions/reject/": (call) =>
        (call.body as { note: string }).note
          ? { body: { id: 7, outcome: "rejected" } }
          : { status: 400, body: { note: ["Say why you reject it."] } },
    });
    const user = userEvent.setup();
    renderApp("/approvals");

    await user.click(await screen.findByRole("button", { name: "Reject PO-1001…" }));
    await user.click(screen.getByRole("button", { name: "Reject PO-1001" }));
    expect(await screen.findByText("Say why you reject it.")).toBeInTheDocument();

    await user.type(screen.getByLabelText(/Your note/), "Over budget");
    await user.click(screen.getByRole("button", { name: "Reject PO-1001" }));
    expect(await screen.findByText("PO-1001 rejected.")).toBeInTheDocument();
  });
});
