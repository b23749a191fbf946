import { describe, expect, it } from "vitest";
import { connectionProblem, editorReducer, initialEditorState, newStepKey } from "./editorState";
import type { Drawing, EditorAction, EditorState } from "./editorState";

const drawing: Drawing = {
  steps: [
    { key: "submit", type: "submit", config: {}, x: 0, y: 0 },
    { key: "approval-1", type: "approval", config: {}, x: 0, y: 120 },
    { key: "update_status-1", type: "update_status", config: {}, x: 0, y: 240 },
  ],
  transitions: [{ source: "submit", outcome: "next", target: "approval-1" }],
};

function run(state: EditorState, ...actions: EditorAction[]): EditorState {
  return actions.reduce(editorReducer, state);
}

describe("editorReducer", () => {
  it("undoes and redoes whole drawings, and a new change clears what could be redone", () => {
    const start = initialEditorState(drawing);
    const added = run(start, { type: "add", stepType: "send_email", x: 10, y: 20 });
    expect(added.drawing.steps.map((s) => s.key)).toContain("send_email-1");
    expect(added.selected).toEqual(["send_email-1"]);

    const connected = run(added, {
      type: "connect",
      source: "approval-1",
      outcome: "approved",
      target: "send_email-1",
    });
    const undone = run(connected, { type: "undo" }, { type: "undo" });
    expect(undone.drawing).toBe(drawing);
    const redone = run(undone, { type: "redo" });
    expect(redone.drawing).toBe(added.drawing);
    const branched = run(redone, {
      type: "configure",
      key: "approval-1",
      config: { role: "admin" },
    });
    expect(branched.future).toEqual([]);
    expect(run(branched, { type: "redo" })).toBe(branched);
  });

  it("records a drag once, however many moves it makes", () => {
    const start = initialEditorState(drawing);
    const dragged = run(
      start,
      { type: "checkpoint" },
      { type: "move", positions: [{ key: "approval-1", x: 5, y: 125 }] },
      { type: "move", positions: [{ key: "approval-1", x: 50, y: 160 }] },
    );
    expect(dragged.past).toHaveLength(1);
    expect(dragged.drawing.steps[1]).toMatchObject({ x: 50, y: 160 });
    expect(run(dragged, { type: "undo" }).drawing.steps[1]).toMatchObject({ x: 0, y: 120 });
  });

  it("deletes steps with their arrows but never the Submit step", () => {
    const state = run(initialEditorState(drawing), {
      type: "delete",
      steps: ["submit", "approval-1"],
      arrows: [],
    });
    expect(state.drawing.steps.map((s) => s.key)).toEqual(["submit", "update_status-1"]);
    expect(state.drawing.transitions).toEqual([]);
  });

  it("keeps an unchanged selection list as it was, so the canvas redraws only what changed", () => {
    const arrow = "submit:next";
    const start = run(initialEditorState(drawing), {
      type: "select",
      steps: ["submit"],
      arrows: [arrow],
    });
    const stepClicked = run(start, {
      type: "selectionChange",
      steps: [["approval-1", true]],
      arrows: [],
    });
    expect(stepClicked.selected).toEqual(["submit", "approval-1"]);
    expect(stepClicked.selectedArrows).toBe(start.selectedArrows);
    const arrowDropped = run(stepClicked, {
      type: "selectionChange",
      steps: [],
      arrows: [[arrow, false]],
    });
    expect(arrowDropped.selected).toBe(stepClicked.selected);
    expect(arrowDropped.selectedArrows).toEqual([]);
  });

  it("pastes copies with new keys, their arrows between them, offset and selected", () => {
    const withArrow = run(
      initialEditorState(drawing),
      { type: "connect", source: "approval-1", outcome: "approved", target: "update_status-1" },
      { type: "select", steps: ["submit", "approval-1", "update_status-1"] },
      { type: "copy" },
      { type: "paste" },
    );
    const keys = withArrow.drawing.steps.map((s) => s.key);
    expect(keys).toEqual([
      "submit",
      "approval-1",
      "update_status-1",
      "approval-2",
      "update_status-2",
    ]);
    expect(withArrow.selected).toEqual(["approval-2", "update_status-2"]);
    expect(withArrow.drawing.transitions).toContainEqual({
      source: "approval-2",
      outcome: "approved",
      target: "update_status-2",
    });
    expect(withArrow.drawing.steps[3]).toMatchObject({ x: 40, y: 160 });
    const again = run(withArrow, { type: "paste" });
    expect(again.drawing.steps.at(-1)).toMatchObject({ key: "update_status-3", x: 80, y: 320 });
    expect(run(again, { type: "undo" }, { type: "undo" }).drawing.steps).toHaveLength(3);
  });

  it("sets and clears an outcome's next step from the Configure slider", () => {
    const state = run(
      initialEditorState(drawing),
      { type: "setNext", source: "approval-1", outcome: "rejected", target: "update_status-1" },
      { type: "setNext", source: "approval-1", outcome: "rejected", target: "gone" },
    );
    expect(state.drawing.transitions).toContainEqual({
      source: "approval-1",
      outcome: "rejected",
      target: "update_status-1",
    });
    const cleared = run(state, {
      type: "setNext",
      source: "approval-1",
      outcome: "rejected",
      target: null,
    });
    expect(cleared.drawing.transitions).toEqual(drawing.transitions);
  });
});

// The arrow rules as `/api/step-types/` serves them.
const itself = "A step cannot lead to itself.";
const stepTypes = new Map([
  [
    "submit",
    { outcomes: ["next"], arrows: { into: "Nothing leads back to Submit.", to_itself: itself } },
  ],
  ["approval", { outcomes: ["approved", "rejected"], arrows: { into: "", to_itself: itself } }],
  ["update_status", { outcomes: ["next"], arrows: { into: "", to_itself: itself } }],
]);

describe("connectionProblem", () => {
  it("says the server's reasons: into Submit, to the same step, an outcome the type lacks", () => {
    const arrow = (source: string, outcome: string, target: string) =>
      connectionProblem(drawing, { source, outcome, target }, stepTypes);
    expect(arrow("approval-1", "approved", "update_status-1")).toBeNull();
    expect(arrow("approval-1", "rejected", "submit")).toBe("Nothing leads back to Submit.");
    expect(arrow("approval-1", "approved", "approval-1")).toBe(itself);
    expect(arrow("approval-1", "maybe", "update_status-1")).toMatch(/no "maybe" outcome/);
    expect(arrow("submit", "next", "update_status-1")).toMatch(/already has an arrow/);
    expect(arrow("approval-1", "approved", "gone")).toMatch(/steps/);
  });

  it("keys new steps by type with the first free number", () => {
    expect(newStepKey(drawing.steps, "approval")).toBe("approval-2");
    expect(newStepKey([], "sync_quickbooks")).toBe("sync_quickbooks-1");
  });
});
