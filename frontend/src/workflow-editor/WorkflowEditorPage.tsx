import "@xyflow/react/dist/style.css";
import "./editor.css";
import "./settings";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { usePageTitle } from "../components/PageHeader";
import { formTemplateQueryOptions } from "../forms/queries";
import {
  publishWorkflow,
  restoreVersion,
  stepTypesQueryOptions,
  versionQueryOptions,
  workflowKeys,
  workflowQueryOptions,
} from "./api";
import type { ServerStep, StepTypeInfo, WorkflowDetail } from "./api";
import { Canvas, STEP_HEIGHT, STEP_WIDTH } from "./Canvas";
import { ConfigureDrawer } from "./ConfigureDrawer";
import { editorReducer, initialEditorState, newStepKey } from "./editorState";
import type { Drawing } from "./editorState";
import { arrangeDrawing } from "./layout";
import { Palette } from "./Palette";
import { ProblemsList } from "./ProblemsList";
import { savedFrom, useDraftAutosave } from "./useDraftAutosave";
import type { SaveStatus } from "./useDraftAutosave";
import { VersionHistory } from "./VersionHistory";

const NO_STEP_TYPES: StepTypeInfo[] = [];
const EDITABLE_TAGS = new Set(["INPUT", "TEXTAREA", "SELECT"]);
const SHORTCUTS: Record<string, "undo" | "redo" | "copy" | "paste"> = {
  z: "undo",
  "Shift+z": "redo",
  y: "redo",
  c: "copy",
  v: "paste",
};

function drawingOf(workflow: { steps: ServerStep[]; transitions: Drawing["transitions"] }) {
  return {
    steps: workflow.steps.map((step) => ({ ...step, config: step.config ?? {} })),
    transitions: workflow.transitions,
  };
}

/** The workflow editor of one form: loads the drawing, and starts over when it is reloaded. */
export function WorkflowEditorPage() {
  const workflowId = Number(useParams().id);
  const queryClient = useQueryClient();
  const workflow = useQuery(workflowQueryOptions(workflowId));
  // Started here, beside the drawing, rather than once the drawing names its form.
  useQuery(stepTypesQueryOptions(workflowId));
  const [generation, setGeneration] = useState(0);

  const replace = useCallback(
    (detail: WorkflowDetail) => {
      queryClient.setQueryData(workflowKeys.detail(workflowId), detail);
      setGeneration((n) => n + 1);
    },
    [queryClient, workflowId],
  );
  const reload = useCallback(async () => {
    const result = await workflow.refetch();
    if (result.data) setGeneration((n) => n + 1);
  }, [workflow]);

  if (workflow.isPending) return <Loading label="Loading the workflow…" />;
  if (workflow.error) {
    return <ErrorAlert error={workflow.error} onRetry={() => void workflow.refetch()} />;
  }
  return (
    <ReactFlowProvider key={generation}>
      <Editor workflow={workflow.data} onReplace={replace} onReload={reload} />
    </ReactFlowProvider>
  );
}

interface EditorProps {
  workflow: WorkflowDetail;
  onReplace: (detail: WorkflowDetail) => void;
  onReload: () => Promise<void>;
}

function Editor({ workflow, onReplace, onReload }: EditorProps) {
  usePageTitle(`${workflow.template.name} workflow`);
  const queryClient = useQueryClient();
  const { screenToFlowPosition, setCenter, getInternalNode, getZoom, fitView } = useReactFlow();
  const [state, dispatch] = useReducer(editorReducer, workflow, (w) =>
    initialEditorState(drawingOf(w)),
  );
  const autosave = useDraftAutosave(workflow.id, state.drawing, savedFrom(workflow, state.drawing));
  const { saved, setSaved, status } = autosave;
  const stepTypesQuery = useQuery(stepTypesQueryOptions(workflow.id));
  const template = useQuery(formTemplateQueryOptions(workflow.template.id));
  const [panel, setPanel] = useState<"configure" | "history" | null>(null);
  const [configuring, setConfiguring] = useState<string | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canvasArea = useRef<HTMLDivElement>(null);

  const stepTypeList = stepTypesQuery.data ?? NO_STEP_TYPES;
  const stepTypes = useMemo(() => new Map(stepTypeList.map((t) => [t.key, t])), [stepTypeList]);
  const fields = useMemo(
    () => template.data?.version.sections.flatMap((section) => section.fields) ?? [],
    [template.data],
  );
  const problems = saved.problems;
  const problemSteps = useMemo(
    () => new Set(problems.flatMap((problem) => (problem.step ? [problem.step] : []))),
    [problems],
  );
  const configuredStep =
    panel === "configure"
      ? state.drawing.steps.find((step) => step.key === configuring)
      : undefined;

  const openConfigure = useCallback((key: string) => {
    dispatch({ type: "select", steps: [key] });
    setConfiguring(key);
    setPanel("configure");
    setViewing(null);
  }, []);

  const addStep = useCallback(
    (stepType: string) => {
      const area = canvasArea.current?.getBoundingClientRect();
      const centre = area
        ? screenToFlowPosition({ x: area.left + area.width / 2, y: area.top + area.height / 2 })
        : { x: 0, y: 0 };
      const shift = (state.drawing.steps.length % 6) * 24;
      const key = newStepKey(state.drawing.steps, stepType);
      const x = centre.x - STEP_WIDTH / 2 + shift;
      dispatch({ type: "add", stepType, x, y: centre.y - STEP_HEIGHT / 2 + shift });
      openConfigure(key);
    },
    [screenToFlowPosition, state.drawing.steps, openConfigure],
  );

  const showProblem = useCallback(
    (key: string) => {
      openConfigure(key);
      const node = getInternalNode(key);
      if (node) {
        setCenter(node.position.x + STEP_WIDTH / 2, node.position.y + STEP_HEIGHT / 2, {
          zoom: Math.max(getZoom(), 0.8),
          duration: 200,
        });
      }
    },
    [openConfigure, getInternalNode, setCenter, getZoom],
  );

  const arrange = useCallback(async () => {
    const positions = await arrangeDrawing(state.drawing);
    dispatch({ type: "arrange", positions });
    requestAnimationFrame(() => void fitView({ padding: 0.2, duration: 200 }));
  }, [state.drawing, fitView]);

  const publish = useMutation({
    mutationFn: () => publishWorkflow(workflow.id, saved.revision),
    onSuccess: (detail) => {
      setSaved(savedFrom(detail, saved.drawing));
      setNotice(`Published version ${detail.published_number}.`);
      queryClient.setQueryData(workflowKeys.detail(workflow.id), detail);
      void queryClient.invalidateQueries({ queryKey: workflowKeys.versions(workflow.id) });
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all, exact: true });
    },
  });
  const restore = useMutation({
    mutationFn: (number: number) => restoreVersion(workflow.id, number),
    onSuccess: onReplace,
  });

  // Shortcuts work wherever focus is (after a Delete it is on the page itself), except in inputs.
  const readOnly = viewing !== null;
  useEffect(() => {
    if (readOnly) return;
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (EDITABLE_TAGS.has(target.tagName) || target.isContentEditable) return;
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const action = SHORTCUTS[`${event.shiftKey ? "Shift+" : ""}${event.key.toLowerCase()}`];
      if (!action) return;
      event.preventDefault();
      dispatch({ type: action });
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [readOnly]);

  const publishable = status === "saved" && problems.length === 0 && saved.state === "draft";
  const publishHint =
    saved.state !== "draft"
      ? "Nothing changed since the last version."
      : problems.length > 0
        ? "Fix the problems to publish."
        : status !== "saved"
          ? "Publishing waits for the draft to be saved."
          : "";

  return (
    <div className="workflow-editor">
      <header className="editor-toolbar">
        <div className="editor-title">
          <h1>{workflow.template.name} workflow</h1>
          <span className="muted">
            <Link to="/workflows">All workflows</Link>
            {saved.publishedNumber
              ? ` · Published version ${saved.publishedNumber}`
              : " · Not published yet"}
            {saved.state === "draft" && saved.publishedNumber ? " · Draft with changes" : ""}
          </span>
        </div>
        <SaveState status={status} />
        <div className="editor-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => dispatch({ type: "undo" })}
            disabled={state.past.length === 0}
            aria-keyshortcuts="Control+Z"
          >
            Undo
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => dispatch({ type: "redo" })}
            disabled={state.future.length === 0}
            aria-keyshortcuts="Control+Y"
          >
            Redo
          </button>
          <button type="button" className="button button-small" onClick={() => void arrange()}>
            Auto-layout
          </button>
          <button
            type="button"
            className="button button-small"
            aria-pressed={panel === "history"}
            onClick={() => setPanel(panel === "history" ? null : "history")}
          >
            Version history
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!publishable || publish.isPending}
            aria-describedby={publishHint ? "publish-hint" : undefined}
            onClick={() => {
              setNotice(null);
              publish.mutate();
            }}
          >
            {publish.isPending ? "Publishing…" : "Publish"}
          </button>
        </div>
      </header>
      {publishHint && (
        <p id="publish-hint" className="visually-hidden">
          {publishHint}
        </p>
      )}
      {status === "conflict" && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">
            <strong className="alert-title">Your last change was not saved.</strong>
            <span>{autosave.error instanceof ApiError ? autosave.error.detail : null}</span>
          </div>
          <div className="alert-actions">
            <button type="button" className="button button-small" onClick={() => void onReload()}>
              Reload the workflow
            </button>
          </div>
        </div>
      )}
      {status === "failed" && (
        <ErrorAlert
          error={autosave.error}
          title="The draft was not saved."
          onRetry={autosave.retry}
        />
      )}
      <ErrorAlert
        error={publish.error}
        title="The workflow was not published."
        onDismiss={() => publish.reset()}
      />
      <ErrorAlert error={restore.error} title="The version was not restored." />
      <ErrorAlert error={stepTypesQuery.error} onRetry={() => void stepTypesQuery.refetch()} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="editor-body">
        <div className="editor-sidebar">
          <Palette stepTypes={stepTypeList} onAdd={addStep} />
          <ProblemsList problems={problems} onShow={showProblem} />
        </div>
        <div className="editor-canvas-area" ref={canvasArea}>
          {viewing !== null ? (
            <ReactFlowProvider>
              <VersionView
                workflowId={workflow.id}
                number={viewing}
                stepTypes={stepTypes}
                onBack={() => setViewing(null)}
                onRestore={() => restore.mutate(viewing)}
              />
            </ReactFlowProvider>
          ) : stepTypesQuery.isPending ? (
            <Loading label="Loading the step types…" />
          ) : (
            <Canvas
              drawing={state.drawing}
              selected={state.selected}
              selectedArrows={state.selectedArrows}
              stepTypes={stepTypes}
              problemSteps={problemSteps}
              summaries={saved.summaries}
              dispatch={dispatch}
              onConfigure={openConfigure}
              label="Workflow canvas"
            />
          )}
        </div>
        {configuredStep && (
          <ConfigureDrawer
            step={configuredStep}
            drawing={state.drawing}
            stepTypes={stepTypes}
            problems={problems.filter((problem) => problem.step === configuredStep.key)}
            fields={fields}
            dispatch={dispatch}
            onClose={() => setPanel(null)}
          />
        )}
        {panel === "history" && (
          <VersionHistory
            workflowId={workflow.id}
            viewing={viewing}
            onView={setViewing}
            onRestore={(number) => restore.mutate(number)}
            restoring={restore.isPending}
            onClose={() => {
              setPanel(null);
              setViewing(null);
            }}
          />
        )}
      </div>
    </div>
  );
}

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: "All changes saved",
  pending: "Saving…",
  saving: "Saving…",
  failed: "Not saved",
  conflict: "Not saved",
};

function SaveState({ status }: { status: SaveStatus }) {
  return (
    <p className={`save-state save-state-${status}`} role="status" aria-live="polite">
      {STATUS_TEXT[status]}
    </p>
  );
}

interface VersionViewProps {
  workflowId: number;
  number: number;
  stepTypes: Map<string, StepTypeInfo>;
  onBack: () => void;
  onRestore: () => void;
}

const NO_SELECTION: string[] = [];
const NO_PROBLEMS = new Set<string>();

/** A published version drawn read-only. */
function VersionView({ workflowId, number, stepTypes, onBack, onRestore }: VersionViewProps) {
  const version = useQuery(versionQueryOptions(workflowId, number));
  const drawing = useMemo(() => (version.data ? drawingOf(version.data) : null), [version.data]);
  return (
    <div className="version-view">
      <div className="version-banner" role="status">
        <span>Viewing version {number} (read-only)</span>
        <button type="button" className="button button-small" onClick={onRestore}>
          Restore as draft
        </button>
        <button type="button" className="button button-small" onClick={onBack}>
          Back to the draft
        </button>
      </div>
      {version.isPending && <Loading label="Loading the version…" />}
      <ErrorAlert error={version.error} />
      {drawing && (
        <Canvas
          drawing={drawing}
          selected={NO_SELECTION}
          selectedArrows={NO_SELECTION}
          stepTypes={stepTypes}
          problemSteps={NO_PROBLEMS}
          readOnly
          label={`Version ${number}, read-only`}
        />
      )}
    </div>
  );
}
