import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { createQueryClient } from "../../api/queryClient";
import { stubFetch } from "../../test/fetchStub";
import { PurchaseOrderPreview } from "./PurchaseOrderPreview";

let fetchStub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => fetchStub?.restore());

function renderPreview(config: Record<string, unknown>) {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={["/workflows/5"]}>
        <Routes>
          <Route path="/workflows/:id" element={<PurchaseOrderPreview config={config} />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("PurchaseOrderPreview", () => {
  it("waits for Vendor and Materials to be mapped", () => {
    fetchStub = stubFetch({});
    renderPreview({ vendor_field: "vendor" });
    expect(screen.getByText("Map Vendor and Materials to see the purchase order.")).toBeVisible();
  });

  it("shows what would be sent for the latest submission", async () => {
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
    const config = {
      vendor_field: "vendor",
      materials_field: "items",
      create_unlinked_items: true,
    };
    renderPreview(config);
    await waitFor(() => expect(screen.getByText(/"DocNumber": "PO-1003"/)).toBeVisible());
    expect(screen.getByText("Not linked yet: Crane rental.")).toBeVisible();
    expect(fetchStub.calls.at(-1)!.body).toEqual({ workflow: 5, config });
  });
});
