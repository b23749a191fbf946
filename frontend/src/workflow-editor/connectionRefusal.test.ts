import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { REFUSAL_SHOWN_MS, refusedConnection, useRefusal } from "./connectionRefusal";
import type { Drawing } from "./editorState";

const itself = "A step cannot lead to itself.";
// The arrow rules as `/api/step-types/` serves them.
const stepTypes = new Map([
  [
    "submit",
    { outcomes: ["next"], arrows: { into: "Nothing leads back to Submit.", to_itself: itself } },
  ],
  ["approval", { outcomes: ["approved", "rejected"], arrows: { into: "", to_itself: itself } }],
]);
const drawing: Drawing = {
  steps: [
    { key: "submit", type: "submit", config: {}, x: 0, y: 0 },
    { key: "approval-1", type: "approval", config: {}, x: 0, y: 120 },
  ],
  transitions: [{ source: "submit", outcome: "next", target: "approval-1" }],
};

describe("refusedConnection", () => {
  const drag = (source: string, outcome: string, target: string | null) =>
    refusedConnection(drawing, { source, outcome, target }, stepTypes);

  it("says why an arrow released over a step was not drawn, in the server's words", () => {
    expect(drag("approval-1", "approved", "submit")).toBe("Nothing leads back to Submit.");
    expect(drag("approval-1", "rejected", "approval-1")).toBe(itself);
    expect(drag("submit", "next", "approval-1")).toMatch(/already has an arrow/);
  });

  it("says nothing when the arrow is let go over empty canvas", () => {
    expect(drag("approval-1", "approved", null)).toBeNull();
  });
});

describe("useRefusal", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shows a refusal for a few seconds, and a new refusal restarts the clock", () => {
    const { result } = renderHook(() => useRefusal());
    act(() => result.current.refuse({ message: "Nothing leads back to Submit.", x: 1, y: 2 }));
    expect(result.current.refusal?.message).toBe("Nothing leads back to Submit.");
    act(() => vi.advanceTimersByTime(REFUSAL_SHOWN_MS - 1000));
    act(() => result.current.refuse({ message: itself, x: 3, y: 4 }));
    act(() => vi.advanceTimersByTime(REFUSAL_SHOWN_MS - 1));
    expect(result.current.refusal).toEqual({ message: itself, x: 3, y: 4 });
    act(() => vi.advanceTimersByTime(1));
    expect(result.current.refusal).toBeNull();
  });
});
