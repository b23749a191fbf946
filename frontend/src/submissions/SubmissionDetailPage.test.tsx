import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeEvent, makeSubmission, NO_RUN } from "../test/formFixtures";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

describe("the submission page", () => {
  it("shows the submitted values, then the timeline", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/submissions/41/": { body: makeSubmission() },
      "GET /api/submissions/41/timeline/": { body: [makeEvent()] },
      "GET /api/submissions/41/run/": { body: NO_RUN },
    });
    const user = userEvent.setup();
    renderApp("/submissions/41");

    expect(await screen.findByRole("heading", { name: "PO-1001", level: 1 })).toBeInTheDocument();
    expect(screen.getByText("Purchase Order · version 1")).toBeInTheDocument();
    expect(screen.getByText("Submitted", { selector: ".badge" })).toBeInTheDocument();
    const fields = screen.getByRole("tabpanel");
    expect(within(fields).getByText("Cascade Lumber")).toBeInTheDocument();
    expect(within(fields).getByText("Rebar chairs 3in")).toBeInTheDocument();
    const total = within(fields).getByRole("row", { name: /Total/ });
    expect(total).toHaveTextContent("$112.50");
    expect(within(fields).getByText("Dec 4, 2026")).toBeInTheDocument();

    await user.click(screen.getByRole("tab", { name: "Timeline" }));
    expect(await screen.findByText("Submitted by Morgan Member")).toBeInTheDocument();
  });

  it("shows a 404 as a message with a way to try again", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/submissions/99/": { status: 404, body: { detail: "Not found." } },
    });
    renderApp("/submissions/99");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load the submission.");
    expect(alert).toHaveTextContent("Not found.");
  });
});
