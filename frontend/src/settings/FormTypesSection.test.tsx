import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { FormType } from "../api/client";
import { PO_TYPE } from "../test/formFixtures";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

describe("form types in settings", () => {
  it("lists the types with their numbering", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-types/": { body: [PO_TYPE] },
      "GET /api/people/": { body: page([]) },
    });
    renderApp("/settings");

    const section = await screen.findByRole("region", { name: "Form types" });
    const row = await within(section).findByRole("row", { name: /Purchase Order/ });
    expect(row).toHaveTextContent("System");
    expect(row).toHaveTextContent("PO-");
    expect(row).toHaveTextContent("1001");
    expect(within(section).getByRole("button", { name: "Add form type" })).toBeInTheDocument();
  });

  it("edits a system type's numbering inline but not its name", async () => {
    let current: FormType = PO_TYPE;
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/people/": { body: page([]) },
      "GET /api/form-types/": () => ({ body: [current] }),
      "POST /api/form-types/validate/": { body: { errors: [] } },
      "PATCH /api/form-types/1/": (call) => {
        current = { ...current, ...(call.body as Partial<FormType>) };
        return { body: current };
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");

    await user.click(await screen.findByRole("button", { name: "Edit Purchase Order" }));
    const section = screen.getByRole("region", { name: "Form types" });
    expect(within(section).getByLabelText("Name")).toBeDisabled();
    const next = within(section).getByLabelText("Next number");
    await user.clear(next);
    await user.type(next, "5000");
    await user.click(within(section).getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Form type “Purchase Order” saved.")).toBeInTheDocument();
    expect(stub.calls.find((call) => call.method === "PATCH")?.body).toEqual({
      number_prefix: "PO-",
      next_number: "5000",
    });
    await waitFor(() => expect(within(section).getByText("5000")).toBeInTheDocument());
  });

  it("shows the server's errors beside the fields when adding a type", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-types/": { body: [PO_TYPE] },
      "POST /api/form-types/validate/": {
        body: {
          errors: [
            {
              path: ["name"],
              message: 'A form type named "Purchase Order" already exists.',
              code: "invalid",
            },
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderApp("/settings");

    await user.click(await screen.findByRole("button", { name: "Add form type" }));
    const dialog = screen.getByRole("dialog", { name: "Add form type" });
    await user.type(within(dialog).getByLabelText("Name"), "purchase order");
    await user.type(within(dialog).getByLabelText("Prefix"), "PUR-");
    expect(within(dialog).getByText("The next one is numbered PUR-1001.")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Add form type" }));

    const name = within(dialog).getByLabelText("Name");
    await waitFor(() => expect(name).toHaveAccessibleDescription(/already exists/));
    expect(name).toHaveFocus();
    expect(within(dialog).getByLabelText("Prefix")).toHaveValue("PUR-");
    expect(stub.calls.find((call) => call.method === "POST")?.body).toEqual({
      name: "purchase order",
      number_prefix: "PUR-",
      next_number: "1001",
    });
    expect(
      stub.calls.some((call) => call.method === "POST" && call.url.pathname === "/api/form-types/"),
    ).toBe(false);
  });
});
