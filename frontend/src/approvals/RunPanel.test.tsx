import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeEvent, makeSubmission, NO_RUN } from "../test/formFixtures";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

const RUN = {
  id: 5,
  status: "waiting",
  stage: "Waiting for approval from Avery Admin",
  version: 1,
  started_at: "2026-03-02T15:04:00Z",
  finished_at: null,
  current_step_run: 7,
};

function page(overview: object, events = [makeEvent()]) {
  return {
    "GET /api/auth/session/": { body: makeUser() },
    "GET /api/submissions/41/": { body: makeSubmission() },
    "GET /api/submissions/41/timeline/": { body: events },
    "GET /api/submissions/41/run/": { body: { ...NO_RUN, run: RUN, ...overview } },
  };
}

describe("the submission page's workflow panel", () => {
  it("offers the waiting step's actions from the server and takes one", async () => {
    stub = stubFetch({
      ...page({
        actions: [
          { name: "release", label: "Release", note: "none", style: "secondary", step_run: 7 },
        ],
      }),
      "POST /api/step-runs/7/actions/release/": { body: { id: 7, outcome: "next" } },
    });
    const user = userEvent.setup();
    renderApp("/submissions/41");
    const panel = await screen.findByRole("region", { name: "Workflow" });
    await user.click(await within(panel).findByRole("button", { name: "Release" }));
    expect(await within(panel).findByText("Saved: Release.")).toBeInTheDocument();
    expect(stub.calls.find((call) => call.method === "POST")?.body).toEqual({ note: "" });
  });

  it("lets an admin cancel the run after confirming, and hides Cancel otherwise", async () => {
    stub = stubFetch({
      ...page({ can_cancel: true }),
      "POST /api/runs/5/cancel/": { body: { ...RUN, status: "cancelled" } },
    });
    const user = userEvent.setup();
    renderApp("/submissions/41");
    await user.click(await screen.findByRole("button", { name: "Cancel workflow…" }));
    const dialog = screen.getByRole("dialog", { name: "Cancel this workflow?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel workflow" }));
    expect(stub.calls.some((call) => call.url.pathname === "/api/runs/5/cancel/")).toBe(true);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("offers both Retry choices on the failure, the server's default first", async () => {
    const failed = makeEvent({
      id: 2,
      kind: "step_failed",
      kind_label: "Step failed",
      message: "Record failed",
      step_run: 9,
    });
    stub = stubFetch({
      ...page(
        {
          run: { ...RUN, status: "failed", stage: "Failed at Record" },
          retry: {
            step_run: 9,
            default: "published",
            choices: [
              { value: "as_started", label: "Retry as it started" },
              { value: "published", label: "Retry with the published settings" },
            ],
          },
        },
        [makeEvent(), failed],
      ),
      "POST /api/step-runs/9/retry/": { status: 201, body: { id: 10 } },
    });
    const user = userEvent.setup();
    renderApp("/submissions/41");
    await user.click(await screen.findByRole("tab", { name: "Timeline" }));
    const buttons = await screen.findAllByRole("button", { name: /^Retry/ });
    expect(buttons.map((button) => button.textContent)).toEqual([
      "Retry with the published settings",
      "Retry as it started",
    ]);
    await user.click(buttons[1]);
    const retry = stub.calls.find((call) => call.method === "POST");
    expect(retry?.body).toEqual({ settings: "as_started" });
  });
});
