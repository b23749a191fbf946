import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import {
  makeEvent,
  makeMaterial,
  makeSubmission,
  makeTemplate,
  makeVendor,
  NO_RUN,
  PO_SECTIONS,
} from "../test/formFixtures";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import type { Routes } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => {
  stub?.restore();
  window.localStorage.clear();
});

const VALIDATE = "POST /api/form-templates/3/validate/";

function problem(path: (string | number)[], message: string, code = "invalid") {
  return { path, message, code };
}

const ROUTES: Routes = {
  "GET /api/auth/session/": { body: makeUser({ role: "member", is_admin: false }) },
  [VALIDATE]: { body: { errors: [] } },
  "GET /api/form-templates/3/": { body: makeTemplate() },
  "GET /api/vendors/": { body: page([makeVendor()]) },
  "GET /api/materials/": (call) => ({
    body: page(
      call.url.searchParams.get("search") === "ply"
        ? [makeMaterial({ id: 12, name: "Plywood Sheet", unit: "sheet", unit_cost: "32.10" })]
        : [makeMaterial()],
    ),
  }),
};

async function fillInThreeLines(user: ReturnType<typeof userEvent.setup>) {
  const addMaterial = await screen.findByRole("combobox", { name: "Add material" });
  await user.click(addMaterial);
  await user.click(await screen.findByRole("option", { name: /2x4 Stud 8ft/ }));
  await user.click(screen.getByRole("button", { name: "Add free-text line" }));
  await user.type(screen.getByLabelText("Material, line 2"), "Rebar chairs");
  await user.clear(screen.getByLabelText("Quantity, line 2"));
  await user.type(screen.getByLabelText("Quantity, line 2"), "200");
  await user.type(screen.getByLabelText("Unit cost, line 2"), "0.35");
  await user.type(addMaterial, "ply");
  await user.click(await screen.findByRole("option", { name: /Plywood Sheet/ }));
}

describe("the submit page", () => {
  it("picks a job from the projects, named under its customer", async () => {
    const job = { id: "job", type: "choose" as const, label: "Job", help_text: "", required: false,
      source: "projects" as const, multiple: false }; // prettier-ignore
    const sections = [{ ...PO_SECTIONS[0], fields: [...PO_SECTIONS[0].fields, job] }];
    const template = makeTemplate();
    stub = stubFetch({
      ...ROUTES,
      "GET /api/form-templates/3/": {
        body: { ...template, version: { ...template.version, sections } },
      },
      "GET /api/customers/": {
        body: page([
          {
            id: 5,
            name: "55 Twin Lane",
            parent: 4,
            parent_name: "Freeman Sporting Goods",
            full_name: "Freeman Sporting Goods:55 Twin Lane",
            email: "",
            phone: "",
            active: true,
            updated_at: "2026-01-01T00:00:00Z",
          },
        ]),
      },
    });
    const user = userEvent.setup();
    renderApp("/forms/3/submit");

    await user.type(await screen.findByRole("combobox", { name: "Job" }), "twin");
    await user.click(
      await screen.findByRole("option", { name: /Freeman Sporting Goods:55 Twin Lane/ }),
    );

    expect(screen.getByText("Freeman Sporting Goods:55 Twin Lane")).toBeInTheDocument();
    const search = stub.calls.find((call) => call.url.pathname === "/api/customers/");
    expect(search?.url.searchParams.get("kind")).toBe("projects");
  });

  it("computes each line's amount and the total as the member types", async () => {
    stub = stubFetch(ROUTES);
    const user = userEvent.setup();
    renderApp("/forms/3/submit");

    await fillInThreeLines(user);
    expect(screen.getByLabelText("Description, line 1")).toHaveValue("Kiln-dried SPF stud");
    expect(screen.getByLabelText("Unit, line 3")).toHaveValue("sheet");
    expect(screen.getByLabelText("Unit cost, line 3")).toHaveValue("32.10");
    const quantity = screen.getByLabelText("Quantity, line 1");
    await user.clear(quantity);
    await user.type(quantity, "10");

    expect(screen.getByLabelText("Amount, line 1")).toHaveTextContent("$42.50");
    expect(screen.getByLabelText("Amount, line 2")).toHaveTextContent("$70.00");
    expect(screen.getByLabelText("Amount, line 3")).toHaveTextContent("$32.10");
    expect(screen.getByLabelText("Materials total")).toHaveTextContent("$144.60");

    await user.click(screen.getByRole("button", { name: "Remove line 2" }));
    expect(screen.getByLabelText("Materials total")).toHaveTextContent("$74.60");
    expect(screen.getByLabelText("Amount, line 2")).toHaveTextContent("$32.10");
    expect(screen.queryByLabelText("Material, line 2")).not.toBeInTheDocument();
  });

  it("keeps the focus and announces each choice made from the keyboard", async () => {
    stub = stubFetch(ROUTES);
    const user = userEvent.setup();
    renderApp("/forms/3/submit");
    const vendor = await screen.findByRole("combobox", { name: "Vendor" });
    await user.click(vendor);
    await screen.findByRole("option", { name: /Cascade Lumber/ });

    await user.keyboard("{Enter}");
    expect(screen.getByRole("button", { name: "Change Vendor: Cascade Lumber" })).toHaveFocus();
    expect(await screen.findByText("Vendor: chose Cascade Lumber")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Remove Cascade Lumber" }));
    expect(screen.getByRole("combobox", { name: "Vendor" })).toHaveFocus();
    expect(await screen.findByText("Vendor: removed Cascade Lumber")).toBeInTheDocument();

    await user.tab();
    const addMaterial = screen.getByRole("combobox", { name: "Add material" });
    await user.click(addMaterial);
    await screen.findByRole("option", { name: /2x4 Stud 8ft/ });
    await user.keyboard("{Enter}");
    expect(addMaterial).toHaveFocus();
    expect(await screen.findByText("Added 2x4 Stud 8ft as line 1")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add free-text line" }));
    expect(screen.getByLabelText("Material, line 2")).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "Remove line 1" }));
    expect(screen.getByRole("button", { name: "Remove line 1" })).toHaveFocus();
    expect(await screen.findByText("Removed line 1, 2x4 Stud 8ft")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Remove line 1" }));
    expect(addMaterial).toHaveFocus();
    expect(document.activeElement).not.toBe(document.body);
  });

  it("searches the vendors once for the same term, however often the picker opens", async () => {
    stub = stubFetch(ROUTES);
    const user = userEvent.setup();
    renderApp("/forms/3/submit");

    const vendor = await screen.findByRole("combobox", { name: "Vendor" });
    await user.click(vendor);
    expect(await screen.findByRole("option", { name: /Cascade Lumber/ })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("option")).not.toBeInTheDocument();
    await user.click(vendor);

    expect(screen.getByRole("option", { name: /Cascade Lumber/ })).toBeInTheDocument();
    expect(stub.calls.filter((call) => call.url.pathname === "/api/vendors/")).toHaveLength(1);
  });

  it("shows typing mistakes at once, what is missing after Submit, and sends nothing", async () => {
    stub = stubFetch({
      ...ROUTES,
      [VALIDATE]: (call) => {
        const data = call.body as { materials?: { quantity: string }[] };
        const zero = data.materials?.[0]?.quantity === "0";
        return {
          body: {
            errors: [
              problem(["vendor"], "This field is required.", "required"),
              problem(["materials", 0, "name"], "Enter the material.", "required"),
              ...(zero ? [problem(["materials", 0, "quantity"], "Must be greater than 0.")] : []),
              problem(["materials", 0, "unit_cost"], "This field is required.", "required"),
            ],
          },
        };
      },
    });
    const user = userEvent.setup();
    renderApp("/forms/3/submit");

    await user.click(await screen.findByRole("button", { name: "Add free-text line" }));
    const quantity = screen.getByLabelText("Quantity, line 1");
    await user.clear(quantity);
    await user.type(quantity, "0");
    await waitFor(() => expect(quantity).toHaveAccessibleDescription("Must be greater than 0."));
    const vendor = screen.getByRole("combobox", { name: "Vendor" });
    expect(vendor).not.toHaveAttribute("aria-invalid");

    await user.click(screen.getByRole("button", { name: "Submit" }));

    expect(vendor).toHaveAccessibleDescription("This field is required.");
    expect(vendor).toHaveFocus();
    expect(screen.getByLabelText("Material, line 1")).toHaveAccessibleDescription(
      "Enter the material.",
    );
    expect(screen.getByLabelText("Unit cost, line 1")).toHaveAccessibleDescription(
      "This field is required.",
    );

    await user.clear(quantity);
    await user.type(quantity, "2");
    await waitFor(() => expect(quantity).not.toHaveAttribute("aria-invalid"));
    expect(stub.calls.some((call) => call.url.pathname === "/api/submissions/")).toBe(false);
  });

  it("shows the server's problems beside their fields and cells and keeps every value", async () => {
    stub = stubFetch({
      ...ROUTES,
      [VALIDATE]: (call) => ({
        body: {
          errors: (call.body as { memo?: string }).memo
            ? [
                problem(["vendor"], "No active vendor with id 21."),
                problem(["materials", 2, "quantity"], "Use at most 4 decimal places."),
                problem(["materials", 0, "material_id"], "Choose an active material of your company."),
              ]
            : [],
        },
      }),
    });
    const user = userEvent.setup();
    renderApp("/forms/3/submit");

    await fillInThreeLines(user);
    await user.click(screen.getByRole("combobox", { name: "Vendor" }));
    await user.click(await screen.findByRole("option", { name: /Cascade Lumber/ }));
    await user.type(screen.getByLabelText("Memo"), "East gate");
    await user.click(screen.getByRole("button", { name: "Submit" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Please correct the errors below.");
    expect(screen.getByText("No active vendor with id 21.")).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Vendor: Cascade Lumber" })).toHaveFocus();
    expect(screen.getByLabelText("Quantity, line 3")).toHaveAccessibleDescription(
      "Use at most 4 decimal places.",
    );
    const firstLine = screen.getAllByRole("row")[1];
    expect(firstLine).toHaveTextContent("Choose an active material of your company.");
    expect(screen.getByLabelText("Quantity, line 1")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Memo")).toHaveValue("East gate");
    expect(screen.getByLabelText("Material, line 2")).toHaveValue("Rebar chairs");

    const body = stub.calls.filter((call) => call.url.pathname.endsWith("/validate/")).at(-1)?.body;
    expect(body).toEqual({
      vendor: 21,
      materials: [
        { material_id: 11, description: "Kiln-dried SPF stud", quantity: "1", unit: "each", unit_cost: "4.25" },
        { name: "Rebar chairs", description: "", quantity: "200", unit: "", unit_cost: "0.35" },
        { material_id: 12, description: "Kiln-dried SPF stud", quantity: "1", unit: "sheet", unit_cost: "32.10" },
      ],
      memo: "East gate",
    });
    expect(stub.calls.some((call) => call.url.pathname === "/api/submissions/")).toBe(false);
  }); // prettier-ignore

  it("opens the new submission once it is saved, as the server answered it", async () => {
    stub = stubFetch({
      ...ROUTES,
      "POST /api/submissions/": { status: 201, body: makeSubmission() },
      "GET /api/submissions/41/timeline/": { body: [makeEvent()] },
      "GET /api/submissions/41/run/": { body: NO_RUN },
    });
    const user = userEvent.setup();
    renderApp("/forms/3/submit");

    await fillInThreeLines(user);
    await user.click(screen.getByRole("combobox", { name: "Vendor" }));
    await user.click(await screen.findByRole("option", { name: /Cascade Lumber/ }));
    await user.click(screen.getByRole("button", { name: "Submit" }));

    expect(await screen.findByText("PO-1001 submitted")).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("PO-1001"),
    );
    expect(screen.getByText("Cascade Lumber")).toBeInTheDocument();
  });

  describe("sends each filled-in form once, however often it is tried", () => {
    const SUBMITTED = {
      "GET /api/submissions/41/timeline/": { body: [makeEvent()] },
      "GET /api/submissions/41/run/": { body: NO_RUN },
    };
    const DRAFT = "ontraccr:draft:1:3:30";

    function keysSent() {
      return stub!.calls
        .filter((call) => call.method === "POST" && call.url.pathname === "/api/submissions/")
        .map((call) => call.headers["Idempotency-Key"]);
    }

    async function fillInAVendorAndALine(user: ReturnType<typeof userEvent.setup>) {
      await user.click(await screen.findByRole("button", { name: "Add free-text line" }));
      await user.type(screen.getByLabelText("Material, line 1"), "Rebar chairs");
      await user.type(screen.getByLabelText("Unit cost, line 1"), "0.35");
      await user.click(screen.getByRole("combobox", { name: "Vendor" }));
      await user.click(await screen.findByRole("option", { name: /Cascade Lumber/ }));
    }

    it("keeps the form and its key when the connection drops, and the try again opens the submission", async () => {
      let tries = 0;
      stub = stubFetch({
        ...ROUTES,
        ...SUBMITTED,
        "POST /api/submissions/": () =>
          ++tries === 1 ? "network-error" : { status: 201, body: makeSubmission() },
      });
      const user = userEvent.setup();
      renderApp("/forms/3/submit");
      await fillInAVendorAndALine(user);

      await user.click(screen.getByRole("button", { name: "Submit" }));

      const alert = await screen.findByRole("alert");
      expect(alert).toHaveTextContent("Not sent: the connection dropped.");
      expect(alert).toHaveTextContent(
        "Your form is kept; Submit again, it will not be sent twice.",
      );
      expect(screen.getByLabelText("Material, line 1")).toHaveValue("Rebar chairs");
      const submit = screen.getByRole("button", { name: "Submit" });
      expect(submit).toBeEnabled();

      await user.click(submit);

      expect(await screen.findByText("PO-1001 submitted")).toBeInTheDocument();
      const [first, again] = keysSent();
      expect(first).toMatch(/^[0-9a-f]{32}$/);
      expect(again).toBe(first);
      expect(window.localStorage.getItem(DRAFT)).toBeNull();
    });

    it("gives a new form a new key and keeps it in its draft", async () => {
      stub = stubFetch({ ...ROUTES, "POST /api/submissions/": "network-error" });
      const user = userEvent.setup();
      const first = renderApp("/forms/3/submit");
      await fillInAVendorAndALine(user);
      await user.click(screen.getByRole("button", { name: "Submit" }));
      await screen.findByText("Not sent: the connection dropped.");
      first.unmount();
      window.localStorage.removeItem(DRAFT);

      renderApp("/forms/3/submit");
      await fillInAVendorAndALine(user);
      await user.click(screen.getByRole("button", { name: "Submit" }));
      await screen.findByText("Not sent: the connection dropped.");

      const [firstKey, secondKey] = keysSent();
      expect(secondKey).not.toBe(firstKey);
      const draft = JSON.parse(window.localStorage.getItem(DRAFT)!);
      expect(draft.idempotencyKey).toBe(secondKey);
    });

    it("sends a restored draft with the key of its earlier tries", async () => {
      window.localStorage.setItem(
        DRAFT,
        JSON.stringify({
          savedAt: "2026-01-01T00:00:00Z",
          values: { memo: "East gate" },
          idempotencyKey: "key-of-the-lost-try",
        }),
      );
      stub = stubFetch({
        ...ROUTES,
        ...SUBMITTED,
        "POST /api/submissions/": { status: 201, body: makeSubmission() },
      });
      const user = userEvent.setup();
      renderApp("/forms/3/submit");

      await user.click(await screen.findByRole("button", { name: "Restore draft" }));
      await fillInAVendorAndALine(user);
      await user.click(screen.getByRole("button", { name: "Submit" }));

      expect(await screen.findByText("PO-1001 submitted")).toBeInTheDocument();
      expect(keysSent()).toEqual(["key-of-the-lost-try"]);
    });

    it("says when the form was received before the changes, and sends them as a new form on request", async () => {
      stub = stubFetch({
        ...ROUTES,
        ...SUBMITTED,
        "POST /api/submissions/": (call) =>
          keysSent().indexOf(call.headers["Idempotency-Key"]) === 0
            ? { status: 422, body: { detail: "This Idempotency-Key was already used." } }
            : { status: 201, body: makeSubmission() },
      });
      const user = userEvent.setup();
      renderApp("/forms/3/submit");
      await fillInAVendorAndALine(user);

      await user.click(screen.getByRole("button", { name: "Submit" }));

      const alert = await screen.findByRole("alert");
      expect(alert).toHaveTextContent("Already received, as it was before your last changes.");
      expect(alert).toHaveTextContent("Your changes were not sent.");
      expect(screen.getByRole("link", { name: "Submissions" })).toHaveAttribute(
        "href",
        "/submissions",
      );

      await user.click(screen.getByRole("button", { name: "Send as a new form" }));

      expect(await screen.findByText("PO-1001 submitted")).toBeInTheDocument();
      const [refused, sentAnew] = keysSent();
      expect(sentAnew).not.toBe(refused);
    });
  });
});
