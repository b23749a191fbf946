import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeEvent, makeSubmission, makeTemplate, NO_RUN } from "../test/formFixtures";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

const ROUTES = {
  "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
  "GET /api/submissions/41/timeline/": { body: [makeEvent()] },
  "GET /api/submissions/41/run/": { body: NO_RUN },
  "GET /api/form-templates/3/": { body: makeTemplate() },
  "POST /api/form-templates/3/validate/": { body: { errors: [] } },
};

describe("revising a submitted form", () => {
  it("offers Revise only to whom the server allows it", async () => {
    const refused = { allowed: false, reason: "Only a company admin can revise it now." };
    stub = stubFetch({
      ...ROUTES,
      "GET /api/submissions/41/": { body: makeSubmission({ revise: refused }) },
    });
    renderApp("/submissions/41");

    expect(await screen.findByRole("heading", { name: "PO-1001", level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Revise" })).not.toBeInTheDocument();
  });

  it("prefills the form with its values and sends the changed ones as a revision", async () => {
    stub = stubFetch({
      ...ROUTES,
      "GET /api/submissions/41/": { body: makeSubmission() },
      "POST /api/submissions/41/revise/": { body: makeSubmission({ revisions: 1 }) },
    });
    const user = userEvent.setup();
    renderApp("/submissions/41");

    await user.click(await screen.findByRole("link", { name: "Revise" }));
    expect(await screen.findByRole("heading", { name: "Revise PO-1001" })).toBeInTheDocument();
    const quantity = screen.getByLabelText("Quantity, line 1");
    expect(quantity).toHaveValue("10");
    await user.clear(quantity);
    await user.type(quantity, "12");
    await user.click(screen.getByRole("button", { name: "Remove line 2" }));
    await user.click(screen.getByRole("button", { name: "Save revision" }));

    expect(await screen.findByText("PO-1001 revised")).toBeInTheDocument();
    const sent = stub.calls.find((call) => call.url.pathname === "/api/submissions/41/revise/");
    expect(sent?.headers["Idempotency-Key"]).toMatch(/^[0-9a-f]{32}$/);
    const body = sent?.body as { data: Record<string, unknown> };
    expect(body.data.vendor).toBe(21);
    expect(body.data.materials).toEqual([
      {
        material_id: 11,
        description: "Kiln-dried SPF stud",
        quantity: "12",
        unit: "each",
        unit_cost: "4.25",
      },
    ]);
  });
});
