import type { ComponentType } from "react";
import type { StepConfig } from "../editorState";
import type { SettingSchema } from "../api";

/** What a widget drawing one setting receives: the schema the server gave for it. */
export interface SettingWidgetProps {
  setting: SettingSchema;
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  errors?: string[];
}

/** What a panel below a step's settings receives (a preview of what the step would do). */
export interface SettingsPanelProps {
  config: StepConfig;
}

const settingWidgets = new Map<string, ComponentType<SettingWidgetProps>>();
const settingsPanels = new Map<string, ComponentType<SettingsPanelProps>>();

/** Draw settings whose schema names this widget with `component`: for what no schema describes. */
export function registerSettingWidget(name: string, component: ComponentType<SettingWidgetProps>) {
  settingWidgets.set(name, component);
}

export function settingWidget(name: string): ComponentType<SettingWidgetProps> | undefined {
  return settingWidgets.get(name);
}

/** Show `component` below the settings of the step types that name this panel. */
export function registerSettingsPanel(name: string, component: ComponentType<SettingsPanelProps>) {
  settingsPanels.set(name, component);
}

export function settingsPanel(name: string): ComponentType<SettingsPanelProps> | undefined {
  return settingsPanels.get(name);
}
