import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Customer } from "../api/client";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import type { RecordedCall } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 1,
    name: "Freeman Sporting Goods",
    parent: null,
    parent_name: "",
    full_name: "Freeman Sporting Goods",
    email: "",
    phone: "",
    active: true,
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

const FREEMAN = customer();
const TWIN_LANE = customer({
  id: 2,
  name: "55 Twin Lane",
  parent: 1,
  parent_name: "Freeman Sporting Goods",
  full_name: "Freeman Sporting Goods:55 Twin Lane",
});

describe("the customers page", () => {
  it("lists customers with their projects and whether each is in QuickBooks", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/customers/": { body: page([FREEMAN, TWIN_LANE]) },
      "GET /api/integrations/quickbooks/customer-links/": { body: [{ object_id: 2, qbo_id: "9" }] },
    });
    renderApp("/customers");

    const table = await screen.findByRole("table");
    const project = within(table).getByText("55 Twin Lane").closest("tr");
    expect(project).toHaveTextContent("Project of Freeman Sporting Goods");
    expect(
      within(table).getByRole("button", {
        name: "Change the QuickBooks link of 55 Twin Lane",
      }),
    ).toBeInTheDocument();
  });

  it("adds a project under the customer picked", async () => {
    const created: unknown[] = [];
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/customers/": { body: page([FREEMAN]) },
      "GET /api/integrations/quickbooks/customer-links/": { body: [] },
      "POST /api/customers/validate/": { body: { errors: [] } },
      "POST /api/customers/": (call: RecordedCall) => {
        created.push(call.body);
        return { status: 201, body: TWIN_LANE };
      },
    });
    const user = userEvent.setup();
    renderApp("/customers");

    await user.click(await screen.findByRole("button", { name: "New customer" }));
    const dialog = screen.getByRole("dialog", { name: "New customer" });
    await user.type(within(dialog).getByLabelText("Name"), "55 Twin Lane");
    const parent = within(dialog).getByLabelText("Project of");
    await within(dialog).findByRole("option", { name: "Freeman Sporting Goods" });
    await user.selectOptions(parent, "Freeman Sporting Goods");
    await user.click(within(dialog).getByRole("button", { name: "Create customer" }));

    await screen.findByRole("table");
    expect(created).toEqual([{ name: "55 Twin Lane", parent: 1, email: "", phone: "" }]);
  });
});
