import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Vendor } from "../../api/client";
import { FakeWebSocket } from "../../test/fakeWebSocket";
import { makeUser, page, stubFetch } from "../../test/fetchStub";
import { renderApp } from "../../test/render";
import type { QuickBooksConnection, QuickBooksImport, QuickBooksImportProposal } from "./api";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

function vendor(id: number, name: string): Vendor {
  return {
    id, name, email: "", phone: "", address: "", active: true,
    updated_at: "2026-01-01T00:00:00Z",
  }; // prettier-ignore
}

const CONNECTION: QuickBooksConnection = {
  status: "active", needs_reconnect: false, realm_id: "9341452000000001",
  company_name: "Sandbox Company_US_1", connected_at: "2026-01-01T00:00:00Z", connected_by: "Ada",
  disconnected_at: null, last_sync_at: null, income_account_id: "", income_account_name: "",
  expense_account_id: "", expense_account_name: "", payable_account_id: "",
  payable_account_name: "", preferences_read_at: "2026-01-01T00:00:00Z",
  preferences: {
    purchase_orders: true, custom_doc_numbers: true, class_tracking: "off",
    billable_expenses: true, home_currency: "USD", multi_currency: false,
  },
}; // prettier-ignore

const FINISHED: QuickBooksImport = {
  id: 1, status: "succeeded", created_at: "2026-01-01T00:00:00Z",
  finished_at: "2026-01-01T00:00:05Z", total: 1, done: 1, linked: 0, added: 1, skipped: [],
  proposals: [], include_services: false, error: "",
}; // prettier-ignore

const PROPOSAL: QuickBooksImportProposal = {
  id: 7, kind: "item", qbo_id: "12", qbo_name: "Lumber 2x4x8", proposed_id: 3,
  proposed_name: "LUMBER 2 x 4 x 8", decision: "pending", object_id: null, object_name: "",
  decided_at: null,
}; // prettier-ignore

function settingsStubs(imports: () => { body: QuickBooksImport[] }) {
  return {
    "GET /api/auth/session/": { body: makeUser() },
    "GET /api/form-types/": { body: [] },
    "GET /api/people/": { body: page([]) },
    "GET /api/integrations/quickbooks/": {
      body: { connection: CONNECTION, environment: "local" },
    },
    "GET /api/integrations/quickbooks/accounts/": { body: [] },
    "GET /api/integrations/quickbooks/imports/": imports,
  };
}

describe("the QuickBooks import", () => {
  it("follows the import as the live channel tells of it, then shows the vendors it added on the vendors page seen before it", async () => {
    let started = false;
    let imported = false;
    stub = stubFetch({
      ...settingsStubs(() => ({
        body: imported
          ? [FINISHED]
          : started
            ? [{ ...FINISHED, status: "running", finished_at: null, total: 0, done: 0 }]
            : [],
      })),
      "GET /api/vendors/": () => ({
        body: page([vendor(1, "Acme Lumber"), ...(imported ? [vendor(2, "Norton Hardware")] : [])]),
      }),
      "POST /api/integrations/quickbooks/imports/": () => {
        started = true;
        return {
          status: 201,
          body: { ...FINISHED, status: "queued", finished_at: null, done: 0, added: 0 },
        };
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(await screen.findByText("Acme Lumber")).toBeInTheDocument();

    await user.click(within(nav).getByRole("link", { name: /Settings/ }));
    await user.click(await screen.findByRole("link", { name: "Manage" }));
    await user.click(await screen.findByRole("button", { name: "Import from QuickBooks" }));
    expect(
      await screen.findByText("Reading vendors, items and customers from QuickBooks…"),
    ).toBeInTheDocument();

    imported = true;
    const live = FakeWebSocket.instances.find((socket) => socket.url.endsWith("/ws/live/"));
    act(() => live?.receive({ subject: "quickbooks_import", id: 1 }));
    expect(await screen.findByText("Done: 0 linked, 1 added, 0 skipped.")).toBeInTheDocument();
    await user.click(within(nav).getByRole("link", { name: /Vendors/ }));

    expect(await screen.findByText("Norton Hardware")).toBeInTheDocument();
  });

  it("says an import failed and starts it again", async () => {
    let again = false;
    const failed: QuickBooksImport = {
      ...FINISHED,
      status: "failed",
      error: "The import stopped before it finished (its worker stopped). Start it again.",
    };
    stub = stubFetch({
      ...settingsStubs(() => ({ body: again ? [FINISHED, failed] : [failed] })),
      "POST /api/integrations/quickbooks/imports/": () => {
        again = true;
        return { status: 201, body: { ...FINISHED, id: 2, status: "queued" } };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings/integrations/quickbooks");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The import stopped before it finished");
    await user.click(within(alert).getByRole("button", { name: "Start again" }));

    expect(await screen.findByText("Done: 0 linked, 1 added, 0 skipped.")).toBeInTheDocument();
  });

  it("shows the proposed links and accepts one", async () => {
    let accepted = false;
    stub = stubFetch({
      ...settingsStubs(() => ({
        body: [
          {
            ...FINISHED,
            proposals: [
              accepted
                ? { ...PROPOSAL, decision: "linked", object_id: 3, object_name: "LUMBER 2 x 4 x 8" }
                : PROPOSAL,
            ],
          },
        ],
      })),
      "POST /api/integrations/quickbooks/import-proposals/7/": () => {
        accepted = true;
        return { body: { ...PROPOSAL, decision: "linked" } };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings/integrations/quickbooks");

    const row = await screen.findByRole("row", { name: "Lumber 2x4x8" });
    expect(row).toHaveTextContent("LUMBER 2 x 4 x 8");
    expect(
      screen.getByText("Done: 0 linked, 1 added, 0 skipped, 1 to review."),
    ).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: "Accept" }));

    expect(await within(row).findByText("Linked to LUMBER 2 x 4 x 8")).toBeInTheDocument();
    expect(screen.getByText("Done: 0 linked, 1 added, 0 skipped.")).toBeInTheDocument();
  });
});

describe("the QuickBooks company settings", () => {
  it("shows them read-only and reads them again from QuickBooks on Refresh", async () => {
    let turnedOff = false;
    const off = { ...CONNECTION.preferences, purchase_orders: false, custom_doc_numbers: false };
    const connection = () => ({
      ...CONNECTION,
      preferences: turnedOff ? off : CONNECTION.preferences,
    });
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/integrations/quickbooks/": () => ({
        body: { connection: connection(), environment: "local" },
      }),
      "GET /api/integrations/quickbooks/accounts/": { body: [] },
      "POST /api/integrations/quickbooks/preferences/refresh/": () => {
        turnedOff = true;
        return { body: connection() };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings/integrations/quickbooks");
    const section = await screen.findByRole("region", { name: "QuickBooks company settings" });
    expect(within(section).getByText("On: purchase orders keep our number")).toBeInTheDocument();
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Refresh from QuickBooks" }));

    expect(await within(section).findByRole("alert")).toHaveTextContent(
      "Turn on purchase orders in QuickBooks: Settings › Account and settings › Expenses › Purchase orders",
    );
    expect(
      within(section).getByText("Off: QuickBooks numbers purchase orders; ours goes in their memo"),
    ).toBeInTheDocument();
    const refreshes = stub.calls.filter((call) => call.url.pathname.endsWith("/refresh/"));
    expect(refreshes).toHaveLength(1);
  });
});
