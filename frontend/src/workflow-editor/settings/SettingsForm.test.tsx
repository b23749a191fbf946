import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "../../api/client";
import type { SettingSchema } from "../api";
import type { StepConfig } from "../editorState";
import { SettingsForm } from "./SettingsForm";
import { registerSettingWidget } from "./widgets";
import type { SettingWidgetProps } from "./widgets";

const FIELDS: FieldDefinition[] = [
  {
    id: "vendor",
    type: "choose",
    source: "vendors",
    label: "Vendor",
    help_text: "",
    required: true,
  },
  { id: "notes", type: "long_text", label: "Notes", help_text: "", required: false },
  { id: "needed", type: "date", label: "Needed by", help_text: "", required: false },
];

function setting(name: string, overrides: Partial<SettingSchema>): SettingSchema {
  return {
    name,
    kind: "text",
    label: name,
    help: "",
    required: false,
    default: null,
    choices: [],
    fits: [],
    suggestions: [],
    placeholder: "",
    widget: "",
    shown_when: null,
    ...overrides,
  };
}

// The settings of a step type this frontend has no code for, as the server would describe them.
const SCHEMA: SettingSchema[] = [
  setting("mode", {
    kind: "choice",
    label: "Mode",
    required: true,
    choices: [
      { value: "fixed", label: "A fixed field" },
      { value: "none", label: "Nothing" },
    ],
    placeholder: "Choose a mode",
  }),
  setting("target", {
    kind: "form_field",
    label: "Target",
    fits: ["notes", "needed"],
    placeholder: "Not mapped",
    shown_when: { setting: "mode", values: ["fixed"] },
  }),
  setting("loud", { kind: "boolean", label: "Loud", default: true, help: "Shout it." }),
  setting("status", { label: "Status", suggestions: ["Ordered", "Closed"], required: true }),
  setting("copies", { kind: "number", label: "Copies", default: 1 }),
  setting("cc", { kind: "email_list", label: "Copy to" }),
  setting("stamp", { kind: "widget", label: "Stamp", widget: "test_stamp" }),
];

function Stamp({ setting: schema, id, value, onChange }: SettingWidgetProps) {
  return (
    <button type="button" id={id} onClick={() => onChange(`stamped ${String(value ?? "")}`)}>
      {schema.label}
    </button>
  );
}
registerSettingWidget("test_stamp", Stamp);

let latest: StepConfig = {};

function Harness({ initial }: { initial: StepConfig }) {
  const [config, setConfig] = useState(initial);
  return (
    <SettingsForm
      settings={SCHEMA}
      config={config}
      onChange={(next) => {
        latest = next;
        setConfig(next);
      }}
      errors={{ status: ["Enter text."] }}
      fields={FIELDS}
    />
  );
}

describe("SettingsForm", () => {
  it("draws a step's settings from its schema alone, with defaults and the server's errors", () => {
    render(<Harness initial={{}} />);
    const mode = screen.getByRole("combobox", { name: "Mode" });
    expect(mode).toBeRequired();
    expect(
      within(mode)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Choose a mode", "A fixed field", "Nothing"]);
    expect(screen.queryByRole("combobox", { name: "Target" })).not.toBeInTheDocument();
    expect(screen.getByRole("switch", { name: "Loud" })).toBeChecked();
    expect(screen.getByText("Shout it.")).toBeVisible();
    expect(screen.getByRole("spinbutton", { name: "Copies" })).toHaveValue(1);
    const status = screen.getByRole("combobox", { name: "Status" });
    expect(status).toBeInvalid();
    expect(screen.getByText("Enter text.")).toBeVisible();
    expect(screen.getByRole("button", { name: "Stamp" })).toBeVisible();
  });

  it("offers a form field setting only the fields the server says fit, once it is shown", async () => {
    render(<Harness initial={{}} />);
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Mode" }), "fixed");
    const target = screen.getByRole("combobox", { name: "Target" });
    expect(
      within(target)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Not mapped", "Notes", "Needed by"]);
    await userEvent.selectOptions(target, "needed");
    await userEvent.click(screen.getByRole("switch", { name: "Loud" }));
    await userEvent.type(screen.getByRole("combobox", { name: "Status" }), "Ordered");
    await userEvent.type(
      screen.getByRole("textbox", { name: "Copy to" }),
      "a@example.com, b@example.com",
    );
    await userEvent.click(screen.getByRole("button", { name: "Stamp" }));
    expect(latest).toEqual({
      mode: "fixed",
      target: "needed",
      loud: false,
      status: "Ordered",
      cc: ["a@example.com", "b@example.com"],
      stamp: "stamped ",
    });
  });
});
