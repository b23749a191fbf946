import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Material } from "../api/client";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

function material(overrides: Partial<Material> = {}): Material {
  return {
    id: 1,
    name: "Drywall Sheet",
    description: "1/2 in. gypsum board",
    unit: "sheet",
    unit_cost: "12.50",
    active: true,
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

describe("the materials page", () => {
  it("lists materials with their unit cost in dollars", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/materials/": { body: page([material()]) },
    });
    renderApp("/materials");

    const row = (await screen.findByText("Drywall Sheet")).closest("tr")!;
    expect(within(row).getByText("$12.50")).toBeInTheDocument();
    expect(within(row).getByText("sheet")).toBeInTheDocument();
  });

  it("shows the server's problem with the unit cost, saves nothing, and sends it as typed", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/materials/": { body: page([material()]) },
      "POST /api/materials/validate/": (call) => ({
        body: {
          errors:
            (call.body as { unit_cost: string }).unit_cost === "3.999"
              ? [
                  {
                    path: ["unit_cost"],
                    message: "Ensure that there are no more than 2 decimal places.",
                    code: "max_decimal_places",
                  },
                ]
              : [],
        },
      }),
      "PATCH /api/materials/1/": (call) => ({
        body: material({ ...(call.body as Partial<Material>) }),
      }),
    });
    const user = userEvent.setup();
    renderApp("/materials");

    await user.click(await screen.findByRole("button", { name: "Edit Drywall Sheet" }));
    const dialog = screen.getByRole("dialog", { name: "Edit material" });
    const cost = within(dialog).getByLabelText("Unit cost");
    await user.clear(cost);
    await user.type(cost, "3.999");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));

    expect(cost).toHaveAccessibleDescription(
      "Ensure that there are no more than 2 decimal places.",
    );
    expect(stub.calls.find((call) => call.url.pathname.endsWith("/validate/"))?.body).toMatchObject(
      { id: 1, unit_cost: "3.999" },
    );
    expect(stub.calls.some((call) => call.method === "PATCH")).toBe(false);

    await user.clear(cost);
    await user.type(cost, "4.25");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));

    expect(await screen.findByText("Material “Drywall Sheet” saved.")).toBeInTheDocument();
    expect(stub.calls.find((call) => call.method === "PATCH")?.body).toMatchObject({
      unit_cost: "4.25",
    });
  });

  it("shows members no New material button", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
      "GET /api/materials/": { body: page([material()]) },
    });
    renderApp("/materials");

    expect(await screen.findByText("Drywall Sheet")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New material" })).not.toBeInTheDocument();
  });
});
