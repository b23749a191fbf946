import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Vendor } from "../api/client";
import type { QuickBooksConnection } from "../settings/quickbooks/api";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import type { RecordedCall } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

function vendor(overrides: Partial<Vendor> = {}): Vendor {
  return {
    id: 7,
    name: "Norton Lumber (yard 2)",
    email: "",
    phone: "",
    address: "",
    active: true,
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

function connection(status: QuickBooksConnection["status"]): QuickBooksConnection {
  return {
    status, needs_reconnect: status === "needs_reconnect", realm_id: "9341452000000001",
    company_name: "Sandbox Company_US_1", connected_at: "2026-01-01T00:00:00Z", connected_by: "Ada",
    disconnected_at: null, last_sync_at: null, income_account_id: "", income_account_name: "",
    expense_account_id: "", expense_account_name: "", payable_account_id: "",
    payable_account_name: "", preferences_read_at: "2026-01-01T00:00:00Z",
    preferences: {
      purchase_orders: true, custom_doc_numbers: true, class_tracking: "off",
      billable_expenses: true, home_currency: "USD", multi_currency: false,
    },
  }; // prettier-ignore
}

const RECORDS = [
  {
    id: "16",
    name: "Norton Lumber and Building Materials",
    linked_to_id: null,
    linked_to_name: "",
  },
  { id: "17", name: "Norton Hardware", linked_to_id: 9, linked_to_name: "Norton" },
];

describe("the QuickBooks link dialog", () => {
  it("searches QuickBooks vendors, links the one picked and shows the row linked", async () => {
    let linked = "";
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/vendors/": { body: page([vendor()]) },
      "GET /api/integrations/quickbooks/vendor-links/": () => ({
        body: linked ? [{ object_id: 7, qbo_id: linked }] : [],
      }),
      "GET /api/integrations/quickbooks/": {
        body: { connection: connection("active"), environment: "local" },
      },
      "GET /api/integrations/quickbooks/vendors/": (call: RecordedCall) => ({
        body: call.url.searchParams.get("search") === "norton" ? RECORDS : [],
      }),
      "PUT /api/integrations/quickbooks/vendor-links/7/": (call: RecordedCall) => {
        linked = (call.body as { qbo_id: string }).qbo_id;
        return { body: { object_id: 7, qbo_id: linked } };
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(
      await screen.findByRole("button", {
        name: "Change the QuickBooks link of Norton Lumber (yard 2)",
      }),
    );
    const dialog = await screen.findByRole("dialog", {
      name: "QuickBooks link of “Norton Lumber (yard 2)”",
    });
    expect(within(dialog).getByText("Not linked to a QuickBooks vendor.")).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Search QuickBooks vendors"), "norton");
    const list = await within(dialog).findByRole("list", { name: "QuickBooks vendors" });
    expect(within(list).getByText(/linked to “Norton”/)).toBeInTheDocument();
    await user.click(
      within(list).getByRole("button", { name: "Link to Norton Lumber and Building Materials" }),
    );

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const row = screen.getByRole("row", { name: /Norton Lumber \(yard 2\)/ });
    expect(await within(row).findByText("Linked")).toHaveAttribute("title", "QuickBooks id 16");
    const put = stub.calls.find((call) => call.method === "PUT");
    expect(put?.body).toEqual({ qbo_id: "16" });
  });

  it("shows the server's refusal, and unlinks", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/vendors/": { body: page([vendor()]) },
      "GET /api/integrations/quickbooks/vendor-links/": { body: [{ object_id: 7, qbo_id: "16" }] },
      "GET /api/integrations/quickbooks/": {
        body: { connection: connection("active"), environment: "local" },
      },
      "GET /api/integrations/quickbooks/vendors/": { body: RECORDS },
      "PUT /api/integrations/quickbooks/vendor-links/7/": (call: RecordedCall) =>
        (call.body as { qbo_id: string }).qbo_id === "17"
          ? {
              status: 400,
              body: {
                qbo_id: ["This QuickBooks record is already linked to the vendor “Norton”."],
              },
            }
          : { body: { object_id: 7, qbo_id: "" } },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(
      await screen.findByRole("button", {
        name: "Change the QuickBooks link of Norton Lumber (yard 2)",
      }),
    );
    const dialog = await screen.findByRole("dialog");
    expect(
      within(dialog).getByText("Linked to the QuickBooks vendor with id 16."),
    ).toBeInTheDocument();
    await user.click(
      await within(dialog).findByRole("button", { name: "Link to Norton Hardware" }),
    );
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "already linked to the vendor “Norton”",
    );

    await user.click(within(dialog).getByRole("button", { name: "Unlink" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(stub.calls.filter((call) => call.method === "PUT").map((call) => call.body)).toEqual([
      { qbo_id: "17" },
      { qbo_id: "" },
    ]);
  });

  it("says QuickBooks is not connected and links to Settings", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/vendors/": { body: page([vendor()]) },
      "GET /api/integrations/quickbooks/vendor-links/": { body: [] },
      "GET /api/integrations/quickbooks/": {
        body: { connection: connection("needs_reconnect"), environment: "local" },
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(
      await screen.findByRole("button", {
        name: "Change the QuickBooks link of Norton Lumber (yard 2)",
      }),
    );
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText(/needs to be reconnected/)).toBeInTheDocument();
    expect(
      within(dialog).getByRole("link", { name: "Go to Settings > QuickBooks Online" }),
    ).toHaveAttribute("href", "/settings/integrations/quickbooks");
    expect(within(dialog).queryByLabelText("Search QuickBooks vendors")).not.toBeInTheDocument();
  });

  it("shows members whether a row is linked, without a way to change it", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
      "GET /api/vendors/": { body: page([vendor()]) },
      "GET /api/integrations/quickbooks/vendor-links/": { body: [{ object_id: 7, qbo_id: "16" }] },
    });
    renderApp("/vendors");

    const row = await screen.findByRole("row", { name: /Norton Lumber \(yard 2\)/ });
    expect(await within(row).findByText("Linked")).toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: /QuickBooks link/ })).not.toBeInTheDocument();
  });
});
