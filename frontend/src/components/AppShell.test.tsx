import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeUser, stubFetch } from "../test/fetchStub";
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
      ["⚙Settings", "/settings"],
    ]);
    expect(screen.getByText("Acme Builders")).toBeInTheDocument();
    expect(screen.getByText("Avery Admin")).toBeInTheDocument();
  });

  it("signs out and returns to the sign-in page", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-types/": { body: [] },
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

  it("links settings to the QuickBooks Online integration", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
      "GET /api/form-types/": { body: [] },
    });
    renderApp("/settings");

    const integrations = await screen.findByRole("region", { name: "Integrations" });
    expect(within(integrations).getByText("QuickBooks Online")).toBeInTheDocument();
    expect(within(integrations).getByRole("link", { name: "View" })).toHaveAttribute(
      "href",
      "/settings/integrations/quickbooks",
    );
    const account = screen.getByRole("region", { name: "Your account" });
    expect(within(account).getByText("Member")).toBeInTheDocument();
  });
});
