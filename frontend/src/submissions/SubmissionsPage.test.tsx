import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeSubmission, makeTemplate } from "../test/formFixtures";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

describe("the submissions list", () => {
  it("lists submissions and filters them through the address", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-templates/": { body: [makeTemplate()] },
      "GET /api/submissions/statuses/": { body: ["Submitted"] },
      "GET /api/submissions/reports/": { body: [] },
      "GET /api/users/": { body: page([makeUser({ id: 2, display_name: "Morgan Member" })]) },
      "GET /api/submissions/": { body: page([makeSubmission()]) },
    });
    const user = userEvent.setup();
    renderApp("/submissions?status=Submitted");

    const link = await screen.findByRole("link", { name: "PO-1001" });
    expect(link).toHaveAttribute("href", "/submissions/41");
    const row = screen.getAllByRole("row")[1];
    expect(within(row).getByText("Morgan Member")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Submissions" })).toHaveAttribute("aria-current", "page");

    await user.selectOptions(await screen.findByLabelText("Submitted by"), "Morgan Member");
    await screen.findByRole("link", { name: "PO-1001" });
    const searches = stub.calls
      .filter((call) => call.url.pathname === "/api/submissions/")
      .map((call) => call.url.search);
    expect(searches).toEqual([
      "?status=Submitted&page=1&page_size=25",
      "?status=Submitted&submitted_by=2&page=1&page_size=25",
    ]);
    expect(screen.getByLabelText("Status")).toHaveValue("Submitted");
  }); // prettier-ignore

  it("searches from the box, keeping the query in the address", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-templates/": { body: [makeTemplate()] },
      "GET /api/submissions/statuses/": { body: ["Submitted"] },
      "GET /api/submissions/reports/": { body: [] },
      "GET /api/users/": { body: page([]) },
      "GET /api/submissions/": (call) =>
        call.url.searchParams.get("search") === "cedar"
          ? { body: page([makeSubmission()]) }
          : { body: page([]) },
    });
    const user = userEvent.setup();
    renderApp("/submissions?search=nothing");

    expect(await screen.findByText("No submissions match")).toBeInTheDocument();
    const box = screen.getByLabelText("Search");
    expect(box).toHaveValue("nothing");
    await user.clear(box);
    await user.type(box, "cedar{Enter}");

    expect(await screen.findByRole("link", { name: "PO-1001" })).toBeInTheDocument();
    const searches = stub.calls
      .filter((call) => call.url.pathname === "/api/submissions/")
      .map((call) => call.url.searchParams.get("search"));
    expect(searches.at(-1)).toBe("cedar");
    expect(searches).not.toContain("ceda");

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(await screen.findByText("No submissions yet")).toBeInTheDocument();
    expect(box).toHaveValue("");
  });

  it("shows what each form's steps report and filters by it through the address", async () => {
    const report = (state: "pending" | "done" | "failed" | "waiting", label: string, detail = {}) => ({
      step_type: "sync_quickbooks", title: "QuickBooks", state, label, detail,
    }); // prettier-ignore
    const rows = [
      makeSubmission({ id: 1, number: "PO-1001", reports: [report("done", "Synced", { reference: "PO-1001", url: "http://qbo.test/po/9/" })] }),
      makeSubmission({ id: 2, number: "PO-1002", reports: [report("failed", "Failed", { error: "Bad vendor" })] }),
      makeSubmission({ id: 3, number: "PO-1003", reports: [report("waiting", "Waiting for reconnection", { reason: "Reconnect QuickBooks" })] }),
      makeSubmission({ id: 4, number: "PO-1004", reports: [report("pending", "Pending")] }),
      makeSubmission({ id: 5, number: "PO-1005", reports: [] }),
    ]; // prettier-ignore
    stub = stubFetch({
      "GET /api/auth/session/": { body: makeUser() },
      "GET /api/form-templates/": { body: [makeTemplate()] },
      "GET /api/submissions/statuses/": { body: ["Submitted"] },
      "GET /api/submissions/reports/": {
        body: [
          { value: "sync_quickbooks:done", label: "QuickBooks: Done" },
          { value: "sync_quickbooks:failed", label: "QuickBooks: Failed" },
        ],
      },
      "GET /api/users/": { body: page([]) },
      "GET /api/submissions/": (call) => {
        const state = call.url.searchParams.get("report")?.split(":")[1];
        return {
          body: page(rows.filter((row) => !state || row.reports[0]?.state === state)),
        };
      },
    });
    const user = userEvent.setup();
    renderApp("/submissions");

    const synced = await screen.findByRole("link", {
      name: "QuickBooks: Synced PO-1001 (opens QuickBooks)",
    });
    expect(synced).toHaveAttribute("href", "http://qbo.test/po/9/");
    expect(synced).toHaveTextContent("PO-1001");
    const failed = screen.getByText(/^Failed/, { selector: ".badge" });
    expect(failed).toHaveAttribute("title", "Bad vendor");
    expect(failed).toHaveTextContent("Failed: Bad vendor");
    expect(screen.getByText(/^Waiting for reconnection/, { selector: ".badge" })).toHaveAttribute(
      "title",
      "Reconnect QuickBooks",
    );
    expect(screen.getByText(/^Pending/, { selector: ".badge" })).toBeInTheDocument();

    await user.selectOptions(await screen.findByLabelText("Report"), "QuickBooks: Failed");
    await waitFor(() => expect(screen.queryByText("PO-1001")).not.toBeInTheDocument());
    expect(screen.getByRole("link", { name: "PO-1002" })).toBeInTheDocument();
    expect(stub.calls.at(-1)?.url.searchParams.get("report")).toBe("sync_quickbooks:failed");
    expect(screen.getByLabelText("Report")).toHaveValue("sync_quickbooks:failed");
  });
});
