import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { act, render, renderHook, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../api/queryClient";
import { FakeWebSocket } from "../test/fakeWebSocket";
import { makeEvent } from "../test/formFixtures";
import { stubFetch } from "../test/fetchStub";
import { Timeline } from "./Timeline";
import { timelineSocketUrl } from "./liveEvents";
import { mergeEvents, useTimeline } from "./useTimeline";

let stub: ReturnType<typeof stubFetch> | undefined;
function withQueryClient({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={createQueryClient()}>{children}</QueryClientProvider>;
}
afterEach(() => stub?.restore());

describe("the timeline", () => {
  it("lists each event with its message, actor and time", () => {
    render(
      <Timeline
        events={[
          makeEvent(),
          makeEvent({ id: 2, kind: "synced_quickbooks", kind_label: "Synced with QuickBooks", tone: "success", icon: "⇄", actor: null, message: "Synced with QuickBooks", at: "2026-03-02T16:00:00Z" }),
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
    expect(items[1]).toHaveAttribute("data-kind", "synced_quickbooks");
    expect(items[1]).toHaveClass("tone-success");
    expect(items[1]).toHaveTextContent("⇄");
  });

  it("shows a rejection's note and a failed step's error", () => {
    render(
      <Timeline
        events={[
          makeEvent({ id: 1, kind: "rejected", kind_label: "Rejected", tone: "danger", message: "Rejected by Avery", data: { note: "Over budget" } }),
          makeEvent({ id: 2, kind: "step_failed", kind_label: "Step failed", tone: "danger", message: "Send email failed", data: { error: "No recipients" }, error: "No recipients" }),
        ]}
      />,
    ); // prettier-ignore
    const items = within(screen.getByRole("list", { name: "Timeline" })).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Rejected: Rejected by Avery");
    expect(items[0]).toHaveTextContent("Over budget");
    expect(items[1]).toHaveTextContent("No recipients");
  });

  it("shows an error only where the server gives it to the reader, and once", () => {
    const retrying = { kind: "retry_scheduled", kind_label: "Retry scheduled", tone: "warning" as const, message: "Sync with QuickBooks failed; retrying: 1 try so far, the next at 10:01:02", data: { error: "QuickBooks is unavailable", tries: 1 } }; // prettier-ignore
    const { rerender } = render(
      <Timeline
        events={[makeEvent({ ...retrying, error: "QuickBooks is unavailable", advice: { text: "Nothing to do yet: it is tried again by itself for a while.", link: null } })]}
      />,
    ); // prettier-ignore
    const forAdmin = screen.getByRole("listitem");
    expect(forAdmin.textContent?.match(/QuickBooks is unavailable/g)).toHaveLength(1);
    expect(forAdmin).toHaveTextContent("Nothing to do yet");

    rerender(
      <Timeline
        events={[makeEvent({ ...retrying, error: "", advice: { text: "Nothing to do: it is tried again by itself.", link: null } })]}
      />,
    ); // prettier-ignore
    const forMember = screen.getByRole("listitem");
    expect(forMember).not.toHaveTextContent("QuickBooks is unavailable");
    expect(forMember).toHaveTextContent("Nothing to do: it is tried again by itself.");
  });

  it("tells a member what happens next and gives an admin the page to act on", () => {
    const waiting = { kind: "step_waiting", kind_label: "Waiting", tone: "warning" as const, message: "Sync with QuickBooks: waiting for QuickBooks Online to be reconnected" }; // prettier-ignore
    const { rerender } = render(
      <MemoryRouter>
        <Timeline
          events={[makeEvent({ ...waiting, advice: { text: "This PO will sync by itself once an admin reconnects QuickBooks Online.", link: null } })]}
        />
      </MemoryRouter>,
    ); // prettier-ignore
    expect(screen.getByRole("listitem")).toHaveTextContent(
      "This PO will sync by itself once an admin reconnects QuickBooks Online.",
    );
    expect(screen.queryByRole("link")).not.toBeInTheDocument();

    rerender(
      <MemoryRouter>
        <Timeline
          events={[makeEvent({ ...waiting, advice: { text: "Reconnect QuickBooks Online in Settings > Integrations; this PO then syncs by itself.", link: { text: "Open Settings > Integrations", to: "/settings/integrations/quickbooks" } } })]}
        />
      </MemoryRouter>,
    ); // prettier-ignore
    expect(screen.getByRole("listitem")).toHaveTextContent("Reconnect QuickBooks Online");
    expect(screen.getByRole("link", { name: "Open Settings > Integrations" })).toHaveAttribute(
      "href",
      "/settings/integrations/quickbooks",
    );
  });

  it("renders actions for events that have them", () => {
    render(
      <Timeline
        events={[makeEvent({ kind: "step_failed", message: "QuickBooks refused the order" })]}
        renderActions={(event) =>
          event.kind === "step_failed" && <button type="button">Retry</button>
        }
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
    const { result } = renderHook(() => useTimeline(41), { wrapper: withQueryClient });

    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.events).toHaveLength(1);
    act(() => result.current.push(makeEvent({ id: 5, at: "2026-03-03T00:00:00Z", message: "Approved" })));
    await waitFor(() => expect(result.current.events.map((event) => event.message)).toEqual([
      "Submitted by Morgan Member",
      "Approved",
    ]));
  }); // prettier-ignore

  it("adds events that arrive on the live connection", async () => {
    stub = stubFetch({ "GET /api/submissions/41/timeline/": { body: [makeEvent()] } });
    const { result } = renderHook(() => useTimeline(41), { wrapper: withQueryClient });
    await waitFor(() => expect(result.current.loading).toBe(false));

    const socket = FakeWebSocket.instances[0];
    expect(socket.url).toBe("ws://localhost:3000/ws/submissions/41/");
    expect(result.current.live).toBe(false);
    act(() => socket.open());
    expect(result.current.live).toBe(true);
    act(() => socket.receive(makeEvent({ id: 9, at: "2026-03-04T00:00:00Z", message: "Approved" })));
    await waitFor(() => expect(result.current.events.map((event) => event.message)).toEqual([
      "Submitted by Morgan Member",
      "Approved",
    ]));
  }); // prettier-ignore

  it("fetches what it missed each time the connection opens, reconnections included", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    stub = stubFetch({ "GET /api/submissions/41/timeline/": { body: [makeEvent()] } });
    const { result } = renderHook(() => useTimeline(41), { wrapper: withQueryClient });
    await waitFor(() => expect(result.current.loading).toBe(false));
    const loads = () =>
      stub!.calls.filter((call) => call.url.pathname.endsWith("/timeline/")).length;
    expect(loads()).toBe(1);

    act(() => FakeWebSocket.instances[0].open());
    await waitFor(() => expect(loads()).toBe(2));
    act(() => FakeWebSocket.instances[0].drop());
    expect(result.current.live).toBe(false);
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(FakeWebSocket.instances).toHaveLength(2);
    act(() => FakeWebSocket.instances[1].open());
    await waitFor(() => expect(loads()).toBe(3));
    vi.useRealTimers();
  });

  it("does not reconnect when the server refuses the viewer", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    stub = stubFetch({ "GET /api/submissions/41/timeline/": { body: [] } });
    renderHook(() => useTimeline(41), { wrapper: withQueryClient });
    act(() => FakeWebSocket.instances[0].drop(4404));
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.useRealTimers();
  });

  it("uses a secure socket on https pages", () => {
    const page = { protocol: "https:", host: "forms.example.com" } as Location;
    expect(timelineSocketUrl(7, page)).toBe("wss://forms.example.com/ws/submissions/7/");
  });
});
