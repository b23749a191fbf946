import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Vendor } from "../api/client";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

function vendor(overrides: Partial<Vendor> = {}): Vendor {
  return {
    id: 1,
    name: "Acme Lumber",
    email: "orders@acme.example",
    phone: "555-0101",
    address: "",
    active: true,
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

const ADMIN = { body: makeUser() };
const MEMBER = { body: makeUser({ role: "member", is_admin: false }) };

describe("the vendors page", () => {
  it("lists the vendors with their count", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": { body: page([vendor(), vendor({ id: 2, name: "Brightline" })], 2) },
    });
    renderApp("/vendors");

    const table = await screen.findByRole("table");
    expect(within(table).getByText("Acme Lumber")).toBeInTheDocument();
    expect(within(table).getByText("Brightline")).toBeInTheDocument();
    expect(screen.getByText("1–2 of 2 vendors")).toBeInTheDocument();
    expect(stub.calls.find((call) => call.url.pathname === "/api/vendors/")?.url.search).toBe(
      "?active=true&page=1&page_size=25",
    );
  });

  it("shows members the list without create, edit or deactivate controls", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": MEMBER,
      "GET /api/vendors/": { body: page([vendor()]) },
    });
    renderApp("/vendors");

    expect(await screen.findByText("Acme Lumber")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New vendor" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Deactivate/ })).not.toBeInTheDocument();
  });

  it("shows the server's field errors next to the field and keeps what was typed", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": { body: page([vendor()]) },
      "POST /api/vendors/validate/": {
        body: {
          errors: [
            {
              path: ["name"],
              message: 'A vendor named "Acme Lumber" already exists.',
              code: "invalid",
            },
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(await screen.findByRole("button", { name: "New vendor" }));
    const dialog = screen.getByRole("dialog", { name: "New vendor" });
    await user.type(within(dialog).getByLabelText("Name"), "Acme Lumber");
    await user.type(within(dialog).getByLabelText("Phone"), "555-0199");
    await user.click(within(dialog).getByRole("button", { name: "Create vendor" }));

    const name = within(dialog).getByLabelText("Name");
    await waitFor(() => expect(name).toHaveAccessibleDescription(/already exists/));
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveFocus();
    expect(name).toHaveValue("Acme Lumber");
    expect(within(dialog).getByLabelText("Phone")).toHaveValue("555-0199");
    expect(
      within(dialog).getByText('A vendor named "Acme Lumber" already exists.'),
    ).toBeInTheDocument();
    expect(
      stub.calls.some((call) => call.url.pathname === "/api/vendors/" && call.method === "POST"),
    ).toBe(false);
  });

  it("after Save, updates each field's error as it is edited, saving nothing", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": { body: page([]) },
      "POST /api/vendors/validate/": (call) => {
        const { name, email } = call.body as { name: string; email: string };
        const errors = [];
        if (!name)
          errors.push({ path: ["name"], message: "This field may not be blank.", code: "blank" });
        if (!email.includes("@")) {
          errors.push({
            path: ["email"],
            message: "Enter a valid email address.",
            code: "invalid",
          });
        }
        return { body: { errors } };
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(await screen.findByRole("button", { name: "New vendor" }));
    const dialog = screen.getByRole("dialog", { name: "New vendor" });
    await user.type(within(dialog).getByLabelText("Email"), "not-an-email");
    await user.click(within(dialog).getByRole("button", { name: "Create vendor" }));

    const name = within(dialog).getByLabelText("Name");
    const email = within(dialog).getByLabelText("Email");
    expect(name).toHaveAccessibleDescription("This field may not be blank.");
    expect(email).toHaveAccessibleDescription("Enter a valid email address.");
    expect(name).toHaveFocus();

    await user.type(name, "Brightline");
    await waitFor(() => expect(name).not.toHaveAttribute("aria-invalid"));
    expect(email).toHaveAccessibleDescription("Enter a valid email address.");
    expect(stub.calls.some((call) => call.url.pathname === "/api/vendors/")).toBe(true);
    expect(
      stub.calls.some((call) => call.url.pathname === "/api/vendors/" && call.method === "POST"),
    ).toBe(false);
  });

  it("creates a vendor, closes the form and shows it in the refreshed list", async () => {
    let created = false;
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": () => ({ body: page(created ? [vendor({ name: "New Co" })] : []) }),
      "POST /api/vendors/validate/": { body: { errors: [] } },
      "POST /api/vendors/": (call) => {
        created = true;
        return { status: 201, body: vendor({ ...(call.body as Partial<Vendor>) }) };
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(await screen.findByRole("button", { name: "New vendor" }));
    await user.type(screen.getByLabelText("Name"), "  New Co ");
    await user.keyboard("{Enter}");

    expect(await screen.findByText("Vendor “New Co” created.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(within(await screen.findByRole("table")).getByText("New Co")).toBeInTheDocument();
    expect(stub.calls.find((call) => call.url.pathname === "/api/vendors/validate/")?.body).toEqual(
      { name: "New Co", email: "", phone: "", address: "" },
    );
    expect(
      stub.calls.find((call) => call.url.pathname === "/api/vendors/" && call.method === "POST")
        ?.body,
    ).toEqual({
      name: "New Co",
      email: "",
      phone: "",
      address: "",
    });
  });

  it("deactivates a vendor and offers to reactivate inactive ones", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": (call) => ({
        body: page(
          call.url.searchParams.get("active") === "false"
            ? [vendor({ id: 5, name: "Old Supply", active: false })]
            : [vendor()],
        ),
      }),
      "POST /api/vendors/1/deactivate/": { body: vendor({ active: false }) },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(await screen.findByRole("button", { name: "Deactivate Acme Lumber" }));
    expect(await screen.findByText("Vendor “Acme Lumber” deactivated.")).toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "Inactive" }));
    expect(
      await screen.findByRole("button", { name: "Reactivate Old Supply" }),
    ).toBeInTheDocument();
  });

  it("searches on the server once typing pauses", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": (call) => ({
        body: page(
          call.url.searchParams.get("search") === "bright"
            ? [vendor({ name: "Brightline" })]
            : [vendor()],
        ),
      }),
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.type(await screen.findByLabelText("Search vendors"), "bright");

    expect(await screen.findByText("Brightline")).toBeInTheDocument();
    const searches = stub.calls
      .filter((call) => call.url.pathname === "/api/vendors/")
      .map((call) => call.url.searchParams.get("search"));
    expect(searches).toEqual([null, "bright"]);
  });

  it("tries a server failure again by itself before telling of it", async () => {
    let failures = 1;
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": () => (failures-- > 0 ? { status: 500 } : { body: page([vendor()]) }),
    });
    renderApp("/vendors");

    expect(await screen.findByText("Acme Lumber")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(stub.calls.filter((call) => call.url.pathname === "/api/vendors/")).toHaveLength(2);
  });

  it("shows an alert when the list cannot be loaded, and tries again", async () => {
    let failures = 1;
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": () => (failures-- > 0 ? "network-error" : { body: page([vendor()]) }),
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load vendors.");
    expect(alert).toHaveTextContent("Could not reach the server.");

    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Acme Lumber")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("steps back a page when deactivating empties the last one", async () => {
    let lastOnSecondPage = true;
    const firstPage = Array.from({ length: 25 }, (_, index) =>
      vendor({ id: index + 1, name: `Vendor ${index + 1}` }),
    );
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": (call) =>
        call.url.searchParams.get("page") === "2"
          ? { body: page(lastOnSecondPage ? [vendor({ id: 26, name: "Zenith" })] : [], 26) }
          : { body: page(firstPage, lastOnSecondPage ? 26 : 25) },
      "POST /api/vendors/26/deactivate/": () => {
        lastOnSecondPage = false;
        return { body: vendor({ id: 26, name: "Zenith", active: false }) };
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(await screen.findByRole("button", { name: "Next" }));
    await user.click(await screen.findByRole("button", { name: "Deactivate Zenith" }));

    expect(await screen.findByText("1–25 of 25 vendors")).toBeInTheDocument();
    expect(screen.getByText("Vendor 25")).toBeInTheDocument();
    expect(screen.queryByText("No vendors yet")).not.toBeInTheDocument();
  });

  it("shows an alert when an admin action is refused", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": ADMIN,
      "GET /api/vendors/": { body: page([vendor()]) },
      "POST /api/vendors/1/deactivate/": {
        status: 403,
        body: { detail: "Only company admins can do this." },
      },
    });
    const user = userEvent.setup();
    renderApp("/vendors");

    await user.click(await screen.findByRole("button", { name: "Deactivate Acme Lumber" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Only company admins can do this.");
  });
});
