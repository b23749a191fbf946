import { createElement, useEffect, useRef } from "react";
import type { FieldDefinition } from "../api/client";
import type { StepTypeInfo, WorkflowProblem } from "./api";
import { SUBMIT, connectionProblem } from "./editorState";
import { SettingsForm } from "./settings/SettingsForm";
import { settingsPanel } from "./settings/widgets";
import type { Drawing, EditorAction, EditorStep } from "./editorState";

interface ConfigureDrawerProps {
  step: EditorStep;
  drawing: Drawing;
  stepTypes: Map<string, StepTypeInfo>;
  problems: WorkflowProblem[];
  fields: FieldDefinition[];
  dispatch: (action: EditorAction) => void;
  onClose: () => void;
}

function stepName(step: EditorStep, stepTypes: Map<string, StepTypeInfo>): string {
  return `${stepTypes.get(step.type)?.label ?? step.type} (${step.key})`;
}

/** The Configure slider: a step's settings, where each outcome leads, and its problems. */
export function ConfigureDrawer({
  step,
  drawing,
  stepTypes,
  problems,
  fields,
  dispatch,
  onClose,
}: ConfigureDrawerProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const info = stepTypes.get(step.type);
  const label = info?.label ?? step.type;
  const settings = info?.settings ?? [];
  const panels = (info?.settings_panels ?? []).flatMap((name) => {
    const panel = settingsPanel(name);
    return panel ? [{ name, panel }] : [];
  });
  const errors: Record<string, string[]> = Object.assign(
    {},
    ...problems.map((problem) => problem.fields ?? {}),
  );
  const others = problems.filter((problem) => problem.code !== "settings");

  useEffect(() => {
    heading.current?.focus();
  }, [step.key]);

  return (
    <aside
      className="configure-drawer"
      aria-labelledby="configure-heading"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <header className="configure-header">
        <h2 id="configure-heading" ref={heading} tabIndex={-1}>
          Configure {label}
        </h2>
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={onClose}
          aria-label="Close Configure"
        >
          ×
        </button>
      </header>
      {info?.description && <p className="configure-description">{info.description}</p>}
      {others.length > 0 && (
        <ul className="configure-problems" aria-label="Problems of this step">
          {others.map((problem, index) => (
            <li key={index}>{problem.message}</li>
          ))}
        </ul>
      )}
      {(settings.length > 0 || panels.length > 0) && (
        <div className="configure-settings">
          <SettingsForm
            key={step.key}
            settings={settings}
            config={step.config}
            onChange={(config) => dispatch({ type: "configure", key: step.key, config })}
            errors={errors}
            fields={fields}
          />
          {/* Registered panels, by the names the type gives (a lookup, not a component made here). */}
          {panels.map(({ name, panel }) =>
            createElement(panel, { key: name, config: step.config }),
          )}
          {errors.non_field_errors && (
            <ul className="field-errors">
              {errors.non_field_errors.map((message: string) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <fieldset className="configure-next">
        <legend>Next step</legend>
        {(info?.outcomes ?? ["next"]).map((outcome) => {
          const current = drawing.transitions.find(
            (t) => t.source === step.key && t.outcome === outcome,
          );
          const without = {
            ...drawing,
            transitions: drawing.transitions.filter((t) => t !== current),
          };
          const choices = drawing.steps.filter(
            (target) =>
              connectionProblem(
                without,
                { source: step.key, outcome, target: target.key },
                stepTypes,
              ) === null,
          );
          const id = `next-${step.key}-${outcome}`;
          return (
            <div className="field" key={outcome}>
              <label htmlFor={id}>
                {(info?.outcomes.length ?? 1) > 1 ? `When ${outcome}` : "Then"}
              </label>
              <select
                id={id}
                value={current?.target ?? ""}
                onChange={(event) =>
                  dispatch({
                    type: "setNext",
                    source: step.key,
                    outcome,
                    target: event.target.value || null,
                  })
                }
              >
                <option value="">End of the workflow</option>
                {choices.map((target) => (
                  <option key={target.key} value={target.key}>
                    {stepName(target, stepTypes)}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </fieldset>
      {step.type !== SUBMIT && (
        <div className="configure-actions">
          <button
            type="button"
            className="button button-danger button-small"
            onClick={() => {
              dispatch({ type: "delete", steps: [step.key], arrows: [] });
              onClose();
            }}
          >
            Delete step
          </button>
        </div>
      )}
    </aside>
  );
}
