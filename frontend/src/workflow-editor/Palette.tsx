import type { DragEvent } from "react";
import type { StepTypeInfo } from "./api";
import { STEP_TYPE_MIME } from "./Canvas";
import { SUBMIT } from "./editorState";
import { symbol } from "./symbol";

interface PaletteProps {
  stepTypes: StepTypeInfo[];
  onAdd: (stepType: string) => void;
}

/**
 * The step types to drag onto the canvas (or to add with Enter, for keyboards). A type the form
 * cannot use is greyed out and says why, to the eye and to screen readers.
 */
export function Palette({ stepTypes, onAdd }: PaletteProps) {
  const addable = stepTypes.filter((stepType) => stepType.key !== SUBMIT);
  return (
    <section className="palette" aria-labelledby="palette-heading">
      <h2 id="palette-heading" className="editor-panel-title">
        Steps
      </h2>
      <p className="palette-hint">Drag a step onto the canvas, or press Enter to add it.</p>
      <ul className="palette-list" aria-label="Step types">
        {addable.map((stepType) => {
          const reasonId = `palette-reason-${stepType.key}`;
          const onDragStart = (event: DragEvent) => {
            event.dataTransfer.setData(STEP_TYPE_MIME, stepType.key);
            event.dataTransfer.effectAllowed = "copy";
          };
          return (
            <li key={stepType.key}>
              <button
                type="button"
                className={`palette-item${stepType.available ? "" : " is-unavailable"}`}
                draggable={stepType.available}
                onDragStart={stepType.available ? onDragStart : undefined}
                onClick={() => stepType.available && onAdd(stepType.key)}
                aria-disabled={!stepType.available}
                aria-describedby={stepType.available ? undefined : reasonId}
                title={stepType.available ? stepType.description : stepType.reason}
                data-step-type={stepType.key}
              >
                <span className="palette-icon" aria-hidden="true">
                  {symbol(stepType.icon)}
                </span>
                <span className="palette-label">{stepType.label}</span>
              </button>
              {!stepType.available && (
                <p id={reasonId} className="palette-reason">
                  {stepType.reason}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
