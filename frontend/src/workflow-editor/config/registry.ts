import type { ComponentType } from "react";
import type { FieldDefinition } from "../../api/client";
import type { StepConfig } from "../editorState";

/** What a step type's settings component receives in the Configure slider. */
export interface StepConfigProps {
  /** The step's settings as saved in the draft (possibly incomplete). */
  config: StepConfig;
  onChange: (config: StepConfig) => void;
  /** The server's errors for each setting, from the last save. */
  errors: Record<string, string[]>;
  /** The fields of the form whose workflow this is. */
  fields: FieldDefinition[];
  /** A prefix for element ids, unique to the step. */
  idPrefix: string;
}

const components = new Map<string, ComponentType<StepConfigProps>>();

/** Give a step type its settings component; each type's module registers itself once. */
export function registerStepConfig(stepType: string, component: ComponentType<StepConfigProps>) {
  components.set(stepType, component);
}

export function stepConfigComponent(stepType: string): ComponentType<StepConfigProps> | undefined {
  return components.get(stepType);
}
