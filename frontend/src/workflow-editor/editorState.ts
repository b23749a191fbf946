/**
 * The editor's whole state in one reducer: the drawing (steps and arrows), what is selected, and
 * the history. Undo and redo move whole drawings between the `past` and `future` stacks, so every
 * change is undoable without code of its own.
 */

export type StepConfig = Record<string, unknown>;

export interface EditorStep {
  key: string;
  type: string;
  config: StepConfig;
  x: number;
  y: number;
}

export interface EditorTransition {
  source: string;
  outcome: string;
  target: string;
}

export interface Drawing {
  steps: EditorStep[];
  transitions: EditorTransition[];
}

export interface EditorState {
  drawing: Drawing;
  past: Drawing[];
  future: Drawing[];
  /** Keys of the selected steps. */
  selected: string[];
  /** Ids of the selected arrows (see `transitionId`). */
  selectedArrows: string[];
  clipboard: Drawing | null;
}

export const SUBMIT = "submit";
const HISTORY_LIMIT = 200;
const PASTE_OFFSET = 40;

export type EditorAction =
  | { type: "load"; drawing: Drawing }
  | { type: "add"; stepType: string; x: number; y: number }
  | { type: "checkpoint" }
  | { type: "move"; positions: { key: string; x: number; y: number }[] }
  | { type: "arrange"; positions: { key: string; x: number; y: number }[] }
  | { type: "delete"; steps: string[]; arrows: string[] }
  | { type: "connect"; source: string; outcome: string; target: string }
  | { type: "setNext"; source: string; outcome: string; target: string | null }
  | { type: "configure"; key: string; config: StepConfig }
  | { type: "select"; steps: string[]; arrows?: string[] }
  | { type: "selectionChange"; steps: [string, boolean][]; arrows: [string, boolean][] }
  | { type: "copy" }
  | { type: "paste" }
  | { type: "undo" }
  | { type: "redo" };

export function transitionId(t: { source: string; outcome: string }): string {
  return `${t.source}:${t.outcome}`;
}

export function initialEditorState(drawing: Drawing): EditorState {
  return { drawing, past: [], future: [], selected: [], selectedArrows: [], clipboard: null };
}

/** A key for a new step of a type: the type and the first number not taken. */
export function newStepKey(steps: { key: string }[], stepType: string): string {
  const taken = new Set(steps.map((step) => step.key));
  const base = stepType.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 30) || "step";
  let n = 1;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** What the server says of a step type's arrows (from `/api/step-types/`). */
export interface ArrowRulesOf {
  outcomes: string[];
  arrows: { into: string; to_itself: string };
}

/**
 * Why an arrow from `source`'s `outcome` to `target` cannot be drawn, or null if it can: the
 * server's rules for the two steps' types (which outcomes, where no arrow may lead), and one
 * arrow per outcome. The server applies the same rules when saving and publishing.
 */
export function connectionProblem(
  drawing: Drawing,
  connection: { source: string; outcome: string; target: string },
  stepTypes: Map<string, ArrowRulesOf>,
): string | null {
  const { source, outcome, target } = connection;
  const sourceStep = drawing.steps.find((step) => step.key === source);
  const targetStep = drawing.steps.find((step) => step.key === target);
  if (!sourceStep || !targetStep) return "Both ends must be steps.";
  const sourceType = stepTypes.get(sourceStep.type);
  const targetType = stepTypes.get(targetStep.type);
  if (!sourceType || !targetType) return "Both ends must be steps of a known type.";
  if (!sourceType.outcomes.includes(outcome)) return `This step has no "${outcome}" outcome.`;
  if (source === target && sourceType.arrows.to_itself) return sourceType.arrows.to_itself;
  if (targetType.arrows.into) return targetType.arrows.into;
  if (drawing.transitions.some((t) => t.source === source && t.outcome === outcome)) {
    return "This outcome already has an arrow; delete it first.";
  }
  return null;
}

/** Whether the arrow's ends are steps of the drawing and its outcome has no arrow yet: what the
 * drawing itself allows; the step types' rules are checked by `connectionProblem` first. */
function fits(drawing: Drawing, connection: EditorTransition): boolean {
  const keys = new Set(drawing.steps.map((step) => step.key));
  return (
    keys.has(connection.source) &&
    keys.has(connection.target) &&
    !drawing.transitions.some(
      (t) => t.source === connection.source && t.outcome === connection.outcome,
    )
  );
}

function record(state: EditorState, drawing: Drawing): EditorState {
  if (drawing === state.drawing) return state;
  return {
    ...state,
    drawing,
    past: [...state.past, state.drawing].slice(-HISTORY_LIMIT),
    future: [],
  };
}

function existing(drawing: Drawing, keys: string[]): string[] {
  const present = new Set(drawing.steps.map((step) => step.key));
  return keys.filter((key) => present.has(key));
}

function withPositions(drawing: Drawing, positions: { key: string; x: number; y: number }[]) {
  const byKey = new Map(positions.map((p) => [p.key, p]));
  let changed = false;
  const steps = drawing.steps.map((step) => {
    const position = byKey.get(step.key);
    if (!position || (position.x === step.x && position.y === step.y)) return step;
    changed = true;
    return { ...step, x: position.x, y: position.y };
  });
  return changed ? { ...drawing, steps } : drawing;
}

function deleted(drawing: Drawing, stepKeys: string[], arrowIds: string[]): Drawing {
  const gone = new Set(
    stepKeys.filter((key) => drawing.steps.find((step) => step.key === key)?.type !== SUBMIT),
  );
  const arrows = new Set(arrowIds);
  const steps = drawing.steps.filter((step) => !gone.has(step.key));
  const transitions = drawing.transitions.filter(
    (t) => !gone.has(t.source) && !gone.has(t.target) && !arrows.has(transitionId(t)),
  );
  if (steps.length === drawing.steps.length && transitions.length === drawing.transitions.length) {
    return drawing;
  }
  return { steps, transitions };
}

function copied(state: EditorState): Drawing | null {
  const keys = new Set(state.selected);
  const steps = state.drawing.steps.filter((step) => keys.has(step.key) && step.type !== SUBMIT);
  if (steps.length === 0) return null;
  const kept = new Set(steps.map((step) => step.key));
  const transitions = state.drawing.transitions.filter(
    (t) => kept.has(t.source) && kept.has(t.target),
  );
  return { steps, transitions };
}

function pasted(state: EditorState): EditorState {
  const clipboard = state.clipboard;
  if (!clipboard) return state;
  const steps = [...state.drawing.steps];
  const renamed = new Map<string, string>();
  for (const step of clipboard.steps) {
    const key = newStepKey(steps, step.type);
    renamed.set(step.key, key);
    steps.push({ ...step, key, x: step.x + PASTE_OFFSET, y: step.y + PASTE_OFFSET });
  }
  const copies = clipboard.transitions.map((t) => ({
    source: renamed.get(t.source)!,
    outcome: t.outcome,
    target: renamed.get(t.target)!,
  }));
  const next = record(state, { steps, transitions: [...state.drawing.transitions, ...copies] });
  return {
    ...next,
    selected: [...renamed.values()],
    selectedArrows: [],
    // Pasting again places the next copy further along, as these copies were.
    clipboard: { steps: steps.slice(state.drawing.steps.length), transitions: copies },
  };
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const drawing = state.drawing;
  switch (action.type) {
    case "load":
      return initialEditorState(action.drawing);
    case "add": {
      const key = newStepKey(drawing.steps, action.stepType);
      const step = { key, type: action.stepType, config: {}, x: action.x, y: action.y };
      const next = record(state, { ...drawing, steps: [...drawing.steps, step] });
      return { ...next, selected: [key], selectedArrows: [] };
    }
    case "checkpoint":
      // Before a drag: the drawing as it was goes on the undo stack once, whatever the drag does.
      return { ...state, past: [...state.past, drawing].slice(-HISTORY_LIMIT), future: [] };
    case "move":
      return { ...state, drawing: withPositions(drawing, action.positions) };
    case "arrange":
      return record(state, withPositions(drawing, action.positions));
    case "delete": {
      const next = record(state, deleted(drawing, action.steps, action.arrows));
      const remaining = existing(next.drawing, next.selected);
      const arrows = new Set(next.drawing.transitions.map(transitionId));
      return {
        ...next,
        selected: remaining,
        selectedArrows: next.selectedArrows.filter((id) => arrows.has(id)),
      };
    }
    case "connect": {
      const connection = { source: action.source, outcome: action.outcome, target: action.target };
      if (!fits(drawing, connection)) return state;
      return record(state, { ...drawing, transitions: [...drawing.transitions, connection] });
    }
    case "setNext": {
      const others = drawing.transitions.filter(
        (t) => !(t.source === action.source && t.outcome === action.outcome),
      );
      const without = { ...drawing, transitions: others };
      if (action.target === null) return record(state, without);
      const connection = { source: action.source, outcome: action.outcome, target: action.target };
      if (!fits(without, connection)) return state;
      return record(state, { ...drawing, transitions: [...others, connection] });
    }
    case "configure":
      return record(state, {
        ...drawing,
        steps: drawing.steps.map((step) =>
          step.key === action.key ? { ...step, config: action.config } : step,
        ),
      });
    case "select": {
      const steps = existing(drawing, action.steps);
      const arrows = action.arrows ?? [];
      // An unchanged list keeps its identity, so the canvas redraws only what was (de)selected.
      const selected = sameKeys(steps, state.selected) ? state.selected : steps;
      const selectedArrows = sameKeys(arrows, state.selectedArrows) ? state.selectedArrows : arrows;
      if (selected === state.selected && selectedArrows === state.selectedArrows) return state;
      return { ...state, selected, selectedArrows };
    }
    case "selectionChange": {
      const steps = new Set(state.selected);
      for (const [key, on] of action.steps) {
        if (on) steps.add(key);
        else steps.delete(key);
      }
      const arrows = new Set(state.selectedArrows);
      for (const [id, on] of action.arrows) {
        if (on) arrows.add(id);
        else arrows.delete(id);
      }
      return editorReducer(state, { type: "select", steps: [...steps], arrows: [...arrows] });
    }
    case "copy": {
      const clipboard = copied(state);
      return clipboard ? { ...state, clipboard } : state;
    }
    case "paste":
      return pasted(state);
    case "undo": {
      const previous = state.past[state.past.length - 1];
      if (!previous) return state;
      return {
        ...state,
        drawing: previous,
        past: state.past.slice(0, -1),
        future: [drawing, ...state.future],
        selected: existing(previous, state.selected),
        selectedArrows: [],
      };
    }
    case "redo": {
      const [next, ...future] = state.future;
      if (!next) return state;
      return {
        ...state,
        drawing: next,
        past: [...state.past, drawing],
        future,
        selected: existing(next, state.selected),
        selectedArrows: [],
      };
    }
  }
}
