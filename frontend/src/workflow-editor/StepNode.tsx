import { Handle, Position } from "@xyflow/react";
import type { Node, NodeProps } from "@xyflow/react";
import { memo } from "react";
import { symbol } from "./symbol";

export interface StepNodeData extends Record<string, unknown> {
  label: string;
  icon: string;
  /** What the step does with its settings ("Set status to Approved"); empty until valid. */
  summary: string;
  outcomes: string[];
  isSubmit: boolean;
  hasProblem: boolean;
  readOnly: boolean;
  onConfigure: (key: string) => void;
}

export type StepNodeType = Node<StepNodeData, "step">;

/** A step on the canvas: an arrow comes in at the top; one handle per outcome goes out below. */
function StepNodeView({ id, data, selected }: NodeProps<StepNodeType>) {
  const { label, icon, summary, outcomes, isSubmit, hasProblem, readOnly, onConfigure } = data;
  const many = outcomes.length > 1;
  return (
    <div
      className={`step-node${selected ? " is-selected" : ""}${hasProblem ? " has-problem" : ""}`}
      data-step={id}
    >
      {!isSubmit && <Handle type="target" position={Position.Top} id="in" />}
      <div className="step-node-title">
        <span className="step-node-icon" aria-hidden="true">
          {symbol(icon)}
        </span>
        <span className="step-node-label">{label}</span>
        {hasProblem && (
          <span className="step-node-problem" title="This step has a problem">
            !<span className="visually-hidden"> (has a problem)</span>
          </span>
        )}
      </div>
      {summary && (
        <p className="step-node-summary" title={summary}>
          {summary}
        </p>
      )}
      {!readOnly && !isSubmit && (
        <button
          type="button"
          className="button button-small step-node-configure nodrag"
          onClick={() => onConfigure(id)}
          aria-label={`Configure ${label}`}
        >
          Configure
        </button>
      )}
      {outcomes.map((outcome, index) => {
        const left = `${((index + 1) * 100) / (outcomes.length + 1)}%`;
        return (
          <Handle
            key={outcome}
            type="source"
            position={Position.Bottom}
            id={outcome}
            style={{ left }}
            title={many ? `${label}: ${outcome}` : `${label}: next step`}
          >
            {many && <span className="step-node-outcome">{outcome}</span>}
          </Handle>
        );
      })}
    </div>
  );
}

export const StepNode = memo(StepNodeView);
