import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { TeamPerson } from "../people/api";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

function person(overrides: Partial<TeamPerson> = {}): TeamPerson {
  return {
    id: 2,
    email: "casey@example.com",
    name: "Casey Crew",
    display_name: "Casey Crew",
    role: "member",
    status: "active",
    last_login: null,
    ...overrides,
  };
}

describe("settings", () => {
  it("shows a member only their own account", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
    });
    renderApp("/settings");

    const account = await screen.findByRole("region", { name: "Your account" });
    expect(within(account).getByText("Member")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "People" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Form types" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Integrations" })).not.toBeInTheDocument();
  });

  it("renames the signed-in person everywhere at once", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
      "PATCH /api/account/": (call) => {
        const name = (call.body as { name: string }).name;
        return { body: makeUser({ role: "member", is_admin: false, name, display_name: name }) };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");

    const name = await screen.findByLabelText("Your name");
    await user.clear(name);
    await user.type(name, "Robin Site");
    await user.click(screen.getByRole("button", { name: "Save name" }));

    expect(await screen.findByText("Your name is saved.")).toBeInTheDocument();
    const sidebar = screen.getByRole("complementary");
    expect(within(sidebar).getByText(/Robin Site/)).toBeInTheDocument();
  });

  it("shows the server's password rules at the new password", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
      "POST /api/account/password/": {
        status: 400,
        body: { new_password: ["This password is too common."] },
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");

    await user.type(await screen.findByLabelText("Current password"), "old-password");
    await user.type(screen.getByLabelText("New password"), "password");
    await user.type(screen.getByLabelText("Repeat new password"), "passwort");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("The two passwords are not the same.")).toBeInTheDocument();
    expect(stub.calls.filter((call) => call.method === "POST")).toHaveLength(0);

    await user.clear(screen.getByLabelText("Repeat new password"));
    await user.type(screen.getByLabelText("Repeat new password"), "password");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("This password is too common.")).toBeInTheDocument();
    expect(screen.getByLabelText("New password")).toHaveAttribute("aria-invalid", "true");
  });

  it("lets an admin invite a person and shows them as invited", async () => {
    let people = [
      person({ id: 1, email: "avery@example.com", name: "Avery Admin", role: "admin" }),
    ];
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-types/": { body: [] },
      "GET /api/people/": () => ({ body: page(people) }),
      "POST /api/people/": (call) => {
        const input = call.body as { email: string; name: string; role: "admin" | "member" };
        if (input.email === "avery@example.com") {
          return {
            status: 400,
            body: { email: ["Somebody with this email already has an account."] },
          };
        }
        const invited = person({ id: 3, ...input, display_name: input.name, status: "invited" });
        people = [...people, invited];
        return { status: 201, body: invited };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");

    const section = await screen.findByRole("region", { name: "People" });
    await user.click(within(section).getByRole("button", { name: "Invite person" }));
    const dialog = screen.getByRole("dialog", { name: "Invite person" });
    await user.type(within(dialog).getByLabelText("Email"), "avery@example.com");
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    expect(
      await within(dialog).findByText("Somebody with this email already has an account."),
    ).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText("Email"));
    await user.type(within(dialog).getByLabelText("Email"), "sam@example.com");
    await user.type(within(dialog).getByLabelText("Name"), "Sam Site");
    await user.selectOptions(within(dialog).getByLabelText("Role"), "admin");
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));

    expect(await screen.findByText("Invitation sent to sam@example.com.")).toBeInTheDocument();
    const row = await within(section).findByRole("row", { name: /Sam Site/ });
    expect(row).toHaveTextContent("Invited");
    expect(within(row).getByLabelText("Role of Sam Site")).toHaveValue("admin");
    expect(stub.calls.at(-2)?.body).toEqual({
      email: "sam@example.com",
      name: "Sam Site",
      role: "admin",
    });
  });

  it("shows why the last admin cannot be demoted", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-types/": { body: [] },
      "GET /api/people/": {
        body: page([
          person({ id: 1, name: "Avery Admin", display_name: "Avery Admin", role: "admin" }),
        ]),
      },
      "POST /api/people/1/role/": {
        status: 400,
        body: { role: ["The company needs at least one active admin."] },
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");

    await user.selectOptions(await screen.findByLabelText("Role of Avery Admin"), "member");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The company needs at least one active admin.",
    );
    await waitFor(() => expect(screen.getByLabelText("Role of Avery Admin")).toHaveValue("admin"));
  });
});
