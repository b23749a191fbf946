import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

const sam = { id: 2, display_name: "Sam Admin" };

describe("the workflows page", () => {
  it("lists each form with its published version and draft, and where to edit it", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/workflows/": {
        body: [
          {
            template: { id: 3, name: "Purchase Order", form_type: "Purchase Order" },
            workflow_id: 9,
            published: { number: 2, published_by: sam, published_at: "2026-11-20T10:00:00Z" },
            draft: { revision: 7, updated_by: sam, updated_at: "2026-11-21T10:00:00Z" },
            step_count: 4,
          },
          {
            template: { id: 4, name: "Daily Log", form_type: "General" },
            workflow_id: null,
            published: null,
            draft: null,
            step_count: 0,
          },
        ],
      },
    });
    renderApp("/workflows");

    const [, po, log] = await screen.findAllByRole("row");
    expect(po).toHaveTextContent("Version 2");
    expect(po).toHaveTextContent("4 steps");
    expect(po).toHaveTextContent("Unpublished changes");
    expect(
      within(po).getByRole("link", { name: "Edit workflow of Purchase Order" }),
    ).toHaveAttribute("href", "/workflows/9");
    expect(log).toHaveTextContent("Not published");
    expect(within(log).getByRole("link", { name: "Start workflow of Daily Log" })).toHaveAttribute(
      "href",
      "/forms/4/workflow",
    );
  });
});
