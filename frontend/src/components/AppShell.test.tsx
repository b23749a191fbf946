import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

describe("the app shell", () => {
  it("links every section and names the company and the user", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ name: "Avery Admin" }) },
      "GET /api/form-templates/": { body: [] },
    });
    renderApp("/");

    expect(await screen.findByRole("heading", { name: "Forms", level: 1 })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = within(nav)
      .getAllByRole("link")
      .map((link) => [link.textContent, link.getAttribute("href")]);
    expect(links).toEqual([
      ["▤Forms", "/forms"],
      ["✔Approvals", "/approvals"],
      ["⇄Workflows", "/workflows"],
      ["◫Vendors", "/vendors"],
      ["▦Materials", "/materials"],
      ["◉Customers", "/customers"],
      ["⚙Settings", "/settings"],
    ]);
    expect(screen.getByText("Acme Builders")).toBeInTheDocument();
    expect(screen.getByText("Avery Admin")).toBeInTheDocument();
  });

  it("links a person only to the areas the server says they may use", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": {
        body: makeUser({
          role: "member",
          is_admin: false,
          areas: ["forms", "approvals", "settings"],
        }),
      },
      "GET /api/form-templates/": { body: [] },
    });
    renderApp("/");

    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((link) => link.getAttribute("href")),
    ).toEqual(["/forms", "/approvals", "/settings"]);
  });

  it("signs out and returns to the sign-in page", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-types/": { body: [] },
      "GET /api/people/": { body: page([]) },
      "DELETE /api/auth/session/": { status: 204 },
    });
    const user = userEvent.setup();
    renderApp("/settings");

    await user.click(await screen.findByRole("button", { name: "Sign out" }));

    expect(await screen.findByRole("button", { name: "Sign in" })).toBeInTheDocument();
  });

  it("shows a 404 page with a link home for an unknown route", async () => {
    stub = stubFetch({ "GET /api/auth/session/": { body: makeUser() } });
    renderApp("/no/such/page");

    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  });

  it("links an admin to the QuickBooks integration from settings", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-types/": { body: [] },
      "GET /api/people/": { body: page([]) },
    });
    renderApp("/settings");

    const integrations = await screen.findByRole("region", { name: "Integrations" });
    expect(within(integrations).getByText("QuickBooks Online")).toBeInTheDocument();
    expect(within(integrations).getByRole("link", { name: "Manage" })).toHaveAttribute(
      "href",
      "/settings/integrations/quickbooks",
    );
    const account = screen.getByRole("region", { name: "Your account" });
    expect(within(account).getByText("Admin")).toBeInTheDocument();
  });
});
