import { act, render, renderHook, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeEvent } from "../test/formFixtures";
import { stubFetch } from "../test/fetchStub";
import { Timeline } from "./Timeline";
import { mergeEvents, useTimeline } from "./useTimeline";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

describe("the timeline", () => {
  it("lists each event with its message, actor and time", () => {
    render(
      <Timeline
        events={[
          makeEvent(),
          makeEvent({ id: 2, kind: "synced", actor: null, message: "Synced with QuickBooks", at: "2026-03-02T16:00:00Z" }),
        ]}
      />,
    ); // prettier-ignore

    const items = within(screen.getByRole("list", { name: "Timeline" })).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("Submitted by Morgan Member");
    expect(items[0]).toHaveTextContent("Morgan Member ·");
    expect(items[0].querySelector("time")).toHaveAttribute("dateTime", "2026-03-02T15:04:00Z");
    expect(items[0].querySelector("time")?.textContent).toMatch(/Mar 2, 2026/);
    expect(items[1]).toHaveTextContent("Synced with QuickBooks");
    expect(items[1]).toHaveAttribute("data-kind", "synced");
  });

  it("renders actions for events that have them", () => {
    render(
      <Timeline
        events={[makeEvent({ kind: "error", message: "QuickBooks refused the order" })]}
        renderActions={(event) => event.kind === "error" && <button type="button">Retry</button>}
      />,
    );
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });

  it("keeps events in order and replaces an event that arrives again", () => {
    const first = makeEvent({ id: 1, at: "2026-03-02T15:00:00Z" });
    const later = makeEvent({ id: 2, at: "2026-03-02T16:00:00Z", message: "Approved" });
    const merged = mergeEvents([later], [first, { ...later, message: "Approved by Avery" }]);
    expect(merged.map((event) => event.message)).toEqual([
      "Submitted by Morgan Member",
      "Approved by Avery",
    ]);
  });

  it("loads a submission's events and takes pushed ones", async () => {
    stub = stubFetch({ "GET /api/submissions/41/timeline/": { body: [makeEvent()] } });
    const { result } = renderHook(() => useTimeline(41));

    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.events).toHaveLength(1);
    act(() => result.current.push(makeEvent({ id: 5, at: "2026-03-03T00:00:00Z", message: "Approved" })));
    expect(result.current.events.map((event) => event.message)).toEqual([
      "Submitted by Morgan Member",
      "Approved",
    ]);
  }); // prettier-ignore
});
