import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeTemplate } from "../test/formFixtures";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

describe("the forms page", () => {
  it("lists the templates with Fill out, and Edit and New form for admins", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-templates/": { body: [makeTemplate({ version: { ...makeTemplate().version, number: 3 } })] },
    }); // prettier-ignore
    renderApp("/forms");

    const row = (await screen.findAllByRole("row"))[1];
    expect(row).toHaveTextContent("Purchase Order");
    expect(row).toHaveTextContent("v3");
    expect(within(row).getByRole("link", { name: "Fill out Purchase Order" })).toHaveAttribute("href", "/forms/3/submit");
    expect(within(row).getByRole("link", { name: "Edit Purchase Order" })).toHaveAttribute("href", "/forms/3/edit");
    expect(screen.getByRole("link", { name: "New form" })).toHaveAttribute("href", "/forms/new");
    expect(screen.getByRole("link", { name: "Templates" })).toHaveAttribute("aria-current", "page");
  }); // prettier-ignore

  it("gives members the forms to fill out and nothing to edit", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
      "GET /api/form-templates/": { body: [makeTemplate()] },
    });
    renderApp("/forms");

    expect(await screen.findByRole("link", { name: "Fill out Purchase Order" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "New form" })).not.toBeInTheDocument();
  }); // prettier-ignore

  it("shows the archived forms when asked", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-templates/": (call) => ({
        body:
          call.url.searchParams.get("active") === "false"
            ? [makeTemplate({ id: 4, name: "Old Order", active: false })]
            : [makeTemplate()],
      }),
    });
    const user = userEvent.setup();
    renderApp("/forms");

    await screen.findByRole("link", { name: "Fill out Purchase Order" });
    await user.click(screen.getByRole("radio", { name: "Archived" }));

    const row = await screen.findByRole("row", { name: /Old Order/ });
    expect(row).toHaveTextContent("Archived");
    expect(within(row).queryByRole("link", { name: /Fill out/ })).not.toBeInTheDocument();
    expect(
      screen.queryByText("Purchase Order", { selector: ".cell-strong" }),
    ).not.toBeInTheDocument();
  });
});
