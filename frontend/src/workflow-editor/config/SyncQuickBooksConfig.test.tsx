import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import type { FieldDefinition } from "../../api/client";
import { createQueryClient } from "../../api/queryClient";
import { stubFetch } from "../../test/fetchStub";
import { SyncQuickBooksConfig } from "./SyncQuickBooksConfig";

const FIELDS: FieldDefinition[] = [
  {
    id: "vendor",
    type: "choose",
    source: "vendors",
    label: "Vendor",
    help_text: "",
    required: true,
  },
  { id: "crew", type: "choose", source: "users", label: "Crew", help_text: "", required: false },
  { id: "items", type: "materials_table", label: "Items", help_text: "", required: true },
  { id: "notes", type: "long_text", label: "Notes", help_text: "", required: false },
  { id: "needed", type: "date", label: "Needed by", help_text: "", required: false },
];

let fetchStub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => fetchStub?.restore());

function Harness({ initial }: { initial: Record<string, unknown> }) {
  const [config, setConfig] = useState(initial);
  return (
    <SyncQuickBooksConfig
      config={config}
      onChange={setConfig}
      errors={{}}
      fields={FIELDS}
      idPrefix="step-1"
    />
  );
}

function renderConfig(initial: Record<string, unknown> = {}) {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={["/workflows/5"]}>
        <Routes>
          <Route path="/workflows/:id" element={<Harness initial={initial} />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("SyncQuickBooksConfig", () => {
  it("offers each target only the fields that fit it and marks the required ones", () => {
    fetchStub = stubFetch({});
    renderConfig();
    const vendor = screen.getByRole("combobox", { name: "Vendor" });
    expect(vendor).toBeRequired();
    expect(
      within(vendor)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["Choose a field", "Vendor"]);
    const memo = screen.getByRole("combobox", { name: "Memo" });
    expect(memo).not.toBeRequired();
    expect(
      within(memo)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["Not mapped", "Notes"]);
    expect(
      within(screen.getByRole("combobox", { name: "Due Date" })).getByRole("option", {
        name: "Needed by",
      }),
    ).toBeInTheDocument();
    expect(screen.getByText("Map Vendor and Materials to see the purchase order.")).toBeVisible();
  });

  it("previews the purchase order once Vendor and Materials are mapped", async () => {
    fetchStub = stubFetch({
      "POST /api/integrations/quickbooks/preview/": {
        body: {
          submission_id: 3,
          submission_number: "PO-1003",
          payload: { DocNumber: "PO-1003", Line: [] },
          notes: ["Not linked yet: Crane rental."],
        },
      },
    });
    renderConfig({ vendor_field: "vendor" });
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Materials" }), "items");
    await userEvent.click(screen.getByRole("switch", { name: "Create unlinked items" }));

    await waitFor(() => expect(screen.getByText(/"DocNumber": "PO-1003"/)).toBeVisible());
    expect(screen.getByText("Not linked yet: Crane rental.")).toBeVisible();
    const sent = fetchStub.calls.at(-1)!;
    expect(sent.body).toEqual({
      workflow: 5,
      config: { vendor_field: "vendor", materials_field: "items", create_unlinked_items: true },
    });
  });
});
