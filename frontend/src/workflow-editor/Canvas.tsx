import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import type {
  Connection,
  Edge,
  EdgeChange,
  IsValidConnection,
  NodeChange,
  NodeHandle,
  OnConnectEnd,
  OnDelete,
} from "@xyflow/react";
import {
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { DragEvent, KeyboardEvent } from "react";
import type { StepTypeInfo } from "./api";
import { refusedConnection, useRefusal } from "./connectionRefusal";
import { SUBMIT, connectionProblem, transitionId } from "./editorState";
import type { Drawing, EditorAction, EditorStep, EditorTransition } from "./editorState";
import { ArrowEdge } from "./ArrowEdge";
import { StepNode } from "./StepNode";
import type { StepNodeType } from "./StepNode";

export const STEP_TYPE_MIME = "application/x-ontraccr-step-type";

// Defined once, outside any component, so React Flow never remounts the nodes.
const nodeTypes = { step: StepNode };
const edgeTypes = { arrow: ArrowEdge };
const ARROW_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);
const DELETE_KEYS = ["Delete", "Backspace"];
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.2 };
const edgeMarker = { type: MarkerType.ArrowClosed };
// The refusal shows just below and right of where the arrow was let go, clear of the pointer.
const REFUSAL_OFFSET = 12;

/** The step under a point of the screen, if any. */
function stepAt(x: number, y: number): string | null {
  const node = document.elementFromPoint(x, y)?.closest<HTMLElement>(".react-flow__node");
  return node?.dataset.id ?? null;
}

/** Every step has the same size (editor.css), so React Flow lays out the canvas without
 * measuring each step first. */
export const STEP_WIDTH = 220;
export const STEP_HEIGHT = 106;

const STEP_SIZE = { width: STEP_WIDTH, height: STEP_HEIGHT };
const HANDLE_SIZE = 12; // editor.css

/** Where StepNode draws its handles: "in" at the top's middle, the outcomes spread along the
 * bottom. */
function stepHandles(outcomes: string[], isSubmit: boolean): NodeHandle[] {
  const handle = (id: string, type: "source" | "target", x: number, y: number) => ({
    id,
    type,
    position: type === "target" ? Position.Top : Position.Bottom,
    x: x - HANDLE_SIZE / 2,
    y: y - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  });
  const outgoing = outcomes.map((outcome, index) =>
    handle(outcome, "source", ((index + 1) * STEP_WIDTH) / (outcomes.length + 1), STEP_HEIGHT),
  );
  return isSubmit ? outgoing : [handle("in", "target", STEP_WIDTH / 2, 0), ...outgoing];
}

// Node objects are reused while their step, selection and problem are unchanged, so that
// React Flow re-renders only the steps that changed. Steps are immutable: a changed step is a new
// object, and an unchanged one keeps its cache entry.
const nodeCache = new WeakMap<EditorStep, { inputs: unknown[]; node: StepNodeType }>();
// Likewise for arrows: a drag or a click on a step leaves every arrow object as it was.
const edgeCache = new WeakMap<EditorTransition, { inputs: unknown[]; edge: Edge }>();
const PRO_OPTIONS = { hideAttribution: true };
const NO_EDGES: Edge[] = [];
const MULTI_SELECTION_KEYS = ["Shift", "Meta", "Control"];

interface CanvasProps {
  drawing: Drawing;
  selected: string[];
  selectedArrows: string[];
  stepTypes: Map<string, StepTypeInfo>;
  problemSteps: Set<string>;
  /** By step key: what each step does, in one line from the server. */
  summaries?: Record<string, string>;
  readOnly?: boolean;
  dispatch?: (action: EditorAction) => void;
  onConfigure?: (key: string) => void;
  label: string;
}

function noConfigure() {}
const NO_SUMMARIES: Record<string, string> = {};

/** The drawing on a pannable, zoomable canvas: drag, connect, select, delete, drop new steps. */
export function Canvas({
  drawing,
  selected,
  selectedArrows,
  stepTypes,
  problemSteps,
  summaries = NO_SUMMARIES,
  readOnly = false,
  dispatch,
  onConfigure = noConfigure,
  label,
}: CanvasProps) {
  const { screenToFlowPosition } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const { refusal, refuse } = useRefusal();
  // The steps are drawn first and the arrows once the steps are on screen, so that a large
  // workflow's steps show sooner. A transition: a click meanwhile is answered first.
  const [stepsShown, setStepsShown] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => startTransition(() => setStepsShown(true)));
    return () => cancelAnimationFrame(frame);
  }, []);
  const nodes = useMemo(() => {
    const selectedSet = new Set(selected);
    return drawing.steps.map((step: EditorStep) => {
      const info = stepTypes.get(step.type);
      const isSelected = selectedSet.has(step.key);
      const hasProblem = problemSteps.has(step.key);
      const summary = summaries[step.key] ?? "";
      const inputs = [isSelected, hasProblem, summary, info, readOnly, onConfigure];
      const cached = nodeCache.get(step);
      if (cached && cached.inputs.every((value, i) => value === inputs[i])) return cached.node;
      const outcomes = info?.outcomes ?? ["next"];
      const node: StepNodeType = {
        id: step.key,
        type: "step",
        position: { x: step.x, y: step.y },
        selected: isSelected,
        deletable: !readOnly && step.type !== SUBMIT,
        width: STEP_WIDTH,
        height: STEP_HEIGHT,
        // Given rather than measured: without them React Flow measures a step again each time
        // its node object changes (a click, a drag), and draws its arrows only once measured.
        measured: STEP_SIZE,
        handles: stepHandles(outcomes, step.type === SUBMIT),
        ariaLabel: `${info?.label ?? step.type} step`,
        data: {
          label: info?.label ?? step.type,
          icon: info?.icon ?? "?",
          summary,
          outcomes,
          isSubmit: step.type === SUBMIT,
          hasProblem,
          readOnly,
          onConfigure,
        },
      };
      nodeCache.set(step, { inputs, node });
      return node;
    });
  }, [drawing.steps, selected, problemSteps, summaries, stepTypes, readOnly, onConfigure]);

  const edges = useMemo<Edge[]>(() => {
    const selectedSet = new Set(selectedArrows);
    const stepsByKey = new Map(drawing.steps.map((step) => [step.key, step]));
    return drawing.transitions.map((t) => {
      const id = transitionId(t);
      const info = stepTypes.get(stepsByKey.get(t.source)?.type ?? "");
      const isSelected = selectedSet.has(id);
      const inputs = [isSelected, info, readOnly];
      const cached = edgeCache.get(t);
      if (cached && cached.inputs.every((value, i) => value === inputs[i])) return cached.edge;
      const outcomes = info?.outcomes ?? [];
      const edge: Edge = {
        id,
        type: "arrow",
        source: t.source,
        sourceHandle: t.outcome,
        target: t.target,
        targetHandle: "in",
        label: outcomes.length > 1 ? t.outcome : undefined,
        selected: isSelected,
        deletable: !readOnly,
        markerEnd: edgeMarker,
        ariaLabel: `Arrow from ${info?.label ?? t.source}${outcomes.length > 1 ? ` (${t.outcome})` : ""}`,
      };
      edgeCache.set(t, { inputs, edge });
      return edge;
    });
  }, [drawing, selectedArrows, stepTypes, readOnly]);

  // The rules read the drawing as it is now, so these callbacks keep their identity while steps
  // move: a new callback would make React Flow update its store and re-check every step.
  const drawingNow = useRef(drawing);
  useLayoutEffect(() => {
    drawingNow.current = drawing;
  }, [drawing]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      const positions: { key: string; x: number; y: number }[] = [];
      const selection: [string, boolean][] = [];
      for (const change of changes) {
        if (change.type === "position" && change.position) {
          positions.push({ key: change.id, x: change.position.x, y: change.position.y });
        } else if (change.type === "select") {
          selection.push([change.id, change.selected]);
        }
      }
      if (!dispatch) return;
      if (positions.length) dispatch({ type: "move", positions });
      if (selection.length) dispatch({ type: "selectionChange", steps: selection, arrows: [] });
    },
    [dispatch],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selection: [string, boolean][] = [];
      for (const change of changes) {
        if (change.type === "select") selection.push([change.id, change.selected]);
      }
      if (selection.length) dispatch?.({ type: "selectionChange", steps: [], arrows: selection });
    },
    [dispatch],
  );

  const onDelete: OnDelete<StepNodeType, Edge> = useCallback(
    ({ nodes: gone, edges: cut }) => {
      dispatch?.({ type: "delete", steps: gone.map((n) => n.id), arrows: cut.map((e) => e.id) });
    },
    [dispatch],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (connection) =>
      connectionProblem(
        drawingNow.current,
        {
          source: connection.source,
          outcome: connection.sourceHandle ?? "next",
          target: connection.target,
        },
        stepTypes,
      ) === null,
    [stepTypes],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      dispatch?.({
        type: "connect",
        source: connection.source,
        outcome: connection.sourceHandle ?? "next",
        target: connection.target,
      });
    },
    [dispatch],
  );

  // A refused arrow is not drawn; the person is told why, where they let it go. Submit has no
  // incoming handle, so the step under the pointer is found from the page itself.
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, connection) => {
      if (connection.isValid || !connection.fromNode || !connection.fromHandle) return;
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      const box = canvasRef.current?.getBoundingClientRect();
      if (!point || !box) return;
      const message = refusedConnection(
        drawingNow.current,
        {
          source: connection.fromNode.id,
          outcome: connection.fromHandle.id ?? "next",
          target: connection.toNode?.id ?? stepAt(point.clientX, point.clientY),
        },
        stepTypes,
      );
      if (!message) return;
      refuse({
        message,
        x: point.clientX - box.left + REFUSAL_OFFSET,
        y: point.clientY - box.top + REFUSAL_OFFSET,
      });
    },
    [stepTypes, refuse],
  );

  const onNodeDragStart = useCallback(() => dispatch?.({ type: "checkpoint" }), [dispatch]);
  const onNodeDoubleClick = useCallback(
    (_: unknown, node: StepNodeType) => onConfigure(node.id),
    [onConfigure],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(STEP_TYPE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const stepType = event.dataTransfer.getData(STEP_TYPE_MIME);
      if (!stepType || !dispatch) return;
      event.preventDefault();
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      dispatch({
        type: "add",
        stepType,
        x: position.x - STEP_WIDTH / 2,
        y: position.y - STEP_HEIGHT / 2,
      });
    },
    [dispatch, screenToFlowPosition],
  );

  // Arrow keys move the selected steps (React Flow's own keyboard moves); each press is undoable.
  const onKeyDownCapture = useCallback(
    (event: KeyboardEvent) => {
      const onNode = (event.target as HTMLElement).classList?.contains("react-flow__node");
      if (onNode && ARROW_KEYS.has(event.key)) dispatch?.({ type: "checkpoint" });
    },
    [dispatch],
  );

  return (
    <div
      ref={canvasRef}
      className="workflow-canvas"
      onKeyDownCapture={readOnly ? undefined : onKeyDownCapture}
      onDragOver={readOnly ? undefined : onDragOver}
      onDrop={readOnly ? undefined : onDrop}
      role="region"
      aria-label={label}
    >
      <ReactFlow<StepNodeType, Edge>
        nodes={nodes}
        edges={stepsShown ? edges : NO_EDGES}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onConnectEnd={readOnly ? undefined : onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={onNodeDragStart}
        onNodeDoubleClick={readOnly ? undefined : onNodeDoubleClick}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable={!readOnly}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECTION_KEYS}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        proOptions={PRO_OPTIONS}
      >
        <Background />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Overview of the workflow" />
      </ReactFlow>
      {/* Always present, so that screen readers announce each refusal put into it. */}
      <div
        className="connection-refusal"
        role="status"
        style={refusal ? { left: refusal.x, top: refusal.y } : undefined}
      >
        {refusal?.message}
      </div>
    </div>
  );
}
