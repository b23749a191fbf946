import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { FormTemplateInput } from "../api/client";
import { FIELD_TYPES, PO_TYPE, makeTemplate } from "../test/formFixtures";
import { makeUser, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

const ADMIN = { body: makeUser() };
const VALIDATE = "POST /api/form-templates/validate/";
const BUILDER_ROUTES = {
  "GET /api/auth/session/": ADMIN,
  [VALIDATE]: { body: { errors: [] } },
  "GET /api/field-types/": { body: FIELD_TYPES },
  "GET /api/form-types/": { body: [PO_TYPE, { ...PO_TYPE, id: 2, key: "invoice", name: "Invoice" }] },
}; // prettier-ignore

function fieldNames() {
  return Array.from(document.querySelectorAll(".builder-field-name")).map((el) => el.textContent);
}

describe("the template builder", () => {
  it("builds a form from the palette and saves it with ids from the labels", async () => {
    stub = stubFetch({
      ...BUILDER_ROUTES,
      "POST /api/form-templates/": (call) => ({
        status: 201,
        body: makeTemplate({ id: 9, ...(call.body as object), form_type: PO_TYPE }),
      }),
    });
    const user = userEvent.setup();
    renderApp("/forms/new");

    await user.type(await screen.findByLabelText("Name"), "Site PO");
    const palette = screen.getByRole("list", { name: "Field types" });
    await user.click(within(palette).getByRole("button", { name: "Date" }));
    const label = within(screen.getByRole("group", { name: "Date" })).getByLabelText("Label");
    expect(label).toHaveFocus();
    await user.clear(label);
    await user.type(label, "Due Date");
    await user.click(within(palette).getByRole("button", { name: "Dropdown" }));
    const dropdown = screen.getByRole("group", { name: "Dropdown" });
    await user.click(within(dropdown).getByRole("button", { name: "Add option" }));
    await user.type(within(dropdown).getByLabelText("Option 1"), "Net 30");
    await user.click(within(dropdown).getByLabelText("Required"));

    expect(screen.getByText("due_date")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Move Dropdown up" }));
    expect(fieldNames()).toEqual(["Dropdown", "Due Date"]);

    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Saved — version 1")).toBeInTheDocument();
    // The edit page it moves to opens the template as saved, without loading it again.
    expect(screen.getByText(/Site PO · version 1/)).toBeInTheDocument();
    expect(stub.calls.some((call) => call.url.pathname === "/api/form-templates/9/")).toBe(false);
    const body = stub.calls.find((call) => call.url.pathname === "/api/form-templates/")
      ?.body as FormTemplateInput;
    expect(body).toEqual({
      name: "Site PO",
      form_type: 1,
      sections: [
        {
          id: "details",
          title: "Details",
          fields: [
            { id: "dropdown", type: "dropdown", label: "Dropdown", help_text: "", required: true, options: ["Net 30"] },
            { id: "due_date", type: "date", label: "Due Date", help_text: "", required: false },
          ],
        },
      ],
    }); // prettier-ignore
  });

  it("shows the server's errors beside the inputs they are about and keeps the form", async () => {
    stub = stubFetch({
      ...BUILDER_ROUTES,
      "GET /api/form-templates/3/": { body: makeTemplate() },
      [VALIDATE]: {
        body: {
          errors: [
            { path: ["name"], message: 'A form named "Invoice" already exists.', code: "invalid" },
            {
              path: ["sections", 0, "fields", 1, "label"],
              message: "Enter a label of 1 to 200 characters.",
              code: "invalid",
            },
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderApp("/forms/3/edit");

    const name = await screen.findByLabelText("Name");
    await user.clear(name);
    await user.type(name, "Invoice");
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() =>
      expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(/already exists/),
    );
    // The error stays with the Materials field even after it is moved.
    await user.click(screen.getByRole("button", { name: "Move Materials up" }));
    const materials = screen.getByRole("group", { name: "Materials" });
    expect(within(materials).getByLabelText("Label")).toHaveAccessibleDescription(
      "Enter a label of 1 to 200 characters.",
    );
    expect(screen.getByLabelText("Name")).toHaveValue("Invoice");
    expect(stub.calls.find((call) => call.method === "POST")?.body).toMatchObject({ id: 3 });
    expect(stub.calls.some((call) => call.method === "PUT")).toBe(false);
  });

  it("after Save, updates the errors as the form is edited, saving nothing", async () => {
    stub = stubFetch({
      ...BUILDER_ROUTES,
      [VALIDATE]: (call) => {
        const { name } = call.body as { name: string };
        return {
          body: {
            errors: [
              ...(name ? [] : [{ path: ["name"], message: "This field may not be blank.", code: "blank" }]),
              { path: ["sections", 0, "fields", 0, "options"], message: "Add at least one option.", code: "invalid" },
            ],
          },
        };
      },
    });
    const user = userEvent.setup();
    renderApp("/forms/new");

    const palette = await screen.findByRole("list", { name: "Field types" });
    await user.click(within(palette).getByRole("button", { name: "Dropdown" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    const name = screen.getByLabelText("Name");
    await waitFor(() => expect(name).toHaveAccessibleDescription("This field may not be blank."));
    expect(name).toHaveFocus();
    const field = screen.getByRole("group", { name: "Dropdown" });
    expect(within(field).getByText("Add at least one option.")).toBeInTheDocument();

    await user.type(name, "Site PO");
    await waitFor(() => expect(name).not.toHaveAttribute("aria-invalid"));
    expect(within(field).getByText("Add at least one option.")).toBeInTheDocument();
    expect(stub.calls.some((call) => call.url.pathname === "/api/form-templates/")).toBe(false);
  }); // prettier-ignore

  it("previews the form with the submit page's inputs and submitting turned off", async () => {
    stub = stubFetch({ ...BUILDER_ROUTES, "GET /api/form-templates/3/": { body: makeTemplate() } });
    const user = userEvent.setup();
    renderApp("/forms/3/edit");

    await user.click(await screen.findByRole("tab", { name: "Preview" }));

    expect(screen.getByRole("combobox", { name: "Vendor" })).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Add material" })).toBeInTheDocument();
    expect(screen.getByLabelText("Due Date")).toHaveAttribute("type", "date");
    expect(screen.getByRole("button", { name: "Submit" })).toBeDisabled();
  });

  it("archives a saved form without saving unsaved changes", async () => {
    stub = stubFetch({
      ...BUILDER_ROUTES,
      "GET /api/form-templates/3/": { body: makeTemplate() },
      "POST /api/form-templates/3/archive/": { body: makeTemplate({ active: false }) },
      "POST /api/form-templates/3/restore/": { body: makeTemplate() },
    });
    const user = userEvent.setup();
    renderApp("/forms/3/edit");

    await user.type(await screen.findByLabelText("Name"), " (draft)");
    await user.click(screen.getByRole("button", { name: "Archive" }));

    expect(await screen.findByText("Form archived.")).toBeInTheDocument();
    expect(stub.calls.some((call) => call.method === "PUT")).toBe(false);
    await user.click(screen.getByRole("button", { name: "Unarchive" }));

    expect(await screen.findByText(/Form unarchived/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Archive" })).toBeInTheDocument();
    expect(
      stub.calls.filter((call) => call.method === "POST").map((call) => call.url.pathname),
    ).toEqual(["/api/form-templates/3/archive/", "/api/form-templates/3/restore/"]);
  });

  it("tells members that only admins build forms", async () => {
    stub = stubFetch({ "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) } });
    renderApp("/forms/new");

    expect(await screen.findByRole("heading", { name: "Only admins can build forms" })).toBeInTheDocument();
  }); // prettier-ignore
});
