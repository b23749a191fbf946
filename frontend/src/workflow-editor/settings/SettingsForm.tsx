import { createElement, useId } from "react";
import type { FieldDefinition } from "../../api/client";
import { FieldFrame, FieldMessages, describedBy } from "../../components/Field";
import type { SettingSchema } from "../api";
import type { StepConfig } from "../editorState";
import { settingWidget } from "./widgets";

interface SettingsFormProps {
  /** The step type's settings, as the server describes them for this form. */
  settings: SettingSchema[];
  /** The step's settings as saved in the draft (possibly incomplete). */
  config: StepConfig;
  onChange: (config: StepConfig) => void;
  /** The server's errors for each setting, from the last save. */
  errors: Record<string, string[]>;
  /** The fields of the form whose workflow this is. */
  fields: FieldDefinition[];
}

/** A setting's value in the draft, or the default the server states for it. */
export function settingValue(setting: SettingSchema, config: StepConfig): unknown {
  return setting.name in config ? config[setting.name] : setting.default;
}

/** Whether a setting is shown: some depend on another's value (Role only for "a role"). */
export function isShown(setting: SettingSchema, settings: SettingSchema[], config: StepConfig) {
  const when = setting.shown_when;
  if (!when) return true;
  const other = settings.find((candidate) => candidate.name === when.setting);
  return other !== undefined && when.values.includes(settingValue(other, config));
}

/** A step's settings drawn from its type's schema: every type's settings, one form. */
export function SettingsForm({ settings, config, onChange, errors, fields }: SettingsFormProps) {
  return (
    <>
      {settings
        .filter((setting) => isShown(setting, settings, config))
        .map((setting) => (
          <Setting
            key={setting.name}
            setting={setting}
            value={settingValue(setting, config)}
            errors={errors[setting.name]}
            fields={fields}
            onChange={(value) => onChange({ ...config, [setting.name]: value })}
          />
        ))}
    </>
  );
}

interface SettingProps {
  setting: SettingSchema;
  value: unknown;
  errors?: string[];
  fields: FieldDefinition[];
  onChange: (value: unknown) => void;
}

function emailList(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((email) => email.trim())
    .filter(Boolean);
}

function Setting({ setting, value, errors, fields, onChange }: SettingProps) {
  const id = useId();
  const hint = setting.help || undefined;
  const control = {
    id,
    required: setting.required,
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": describedBy(id, hint, errors),
  };
  const Widget = setting.widget ? settingWidget(setting.widget) : undefined;
  if (Widget) {
    // The widget registered under the name the server gave (a lookup, not a component made here).
    return createElement(Widget, { setting, id, value, onChange, errors });
  }
  if (setting.kind === "boolean") {
    return (
      <div className="field">
        <label className="checkbox" htmlFor={id}>
          <input
            {...control}
            type="checkbox"
            role="switch"
            required={false}
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
          />
          {setting.label}
        </label>
        <FieldMessages id={id} hint={hint} errors={errors} />
      </div>
    );
  }
  let input;
  if (setting.kind === "choice" || setting.kind === "form_field") {
    const options =
      setting.kind === "choice"
        ? setting.choices.map((choice) => ({ value: String(choice.value), label: choice.label }))
        : fields
            .filter((field) => setting.fits.includes(field.id))
            .map((field) => ({ value: field.id, label: field.label }));
    input = (
      <select
        {...control}
        value={value === null || value === undefined ? "" : String(value)}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">
          {setting.placeholder || (setting.required ? "Choose…" : "Not chosen")}
        </option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  } else if (setting.kind === "long_text") {
    input = (
      <textarea
        {...control}
        rows={5}
        value={typeof value === "string" ? value : ""}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else if (setting.kind === "email_list") {
    input = (
      <input
        {...control}
        // The text as typed is kept by the input; the setting is the addresses in it.
        defaultValue={Array.isArray(value) ? value.join(", ") : ""}
        onChange={(event) => onChange(emailList(event.target.value))}
      />
    );
  } else if (setting.kind === "number") {
    input = (
      <input
        {...control}
        type="number"
        value={typeof value === "number" ? value : ""}
        onChange={(event) =>
          onChange(event.target.value === "" ? null : Number(event.target.value))
        }
      />
    );
  } else {
    const listId = `${id}-suggestions`;
    input = (
      <>
        <input
          {...control}
          list={setting.suggestions.length ? listId : undefined}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => onChange(event.target.value)}
        />
        {setting.suggestions.length > 0 && (
          <datalist id={listId}>
            {setting.suggestions.map((suggestion) => (
              <option key={suggestion} value={suggestion} />
            ))}
          </datalist>
        )}
      </>
    );
  }
  return (
    <FieldFrame
      id={id}
      label={setting.label}
      hint={hint}
      errors={errors}
      requiredMark={setting.required}
    >
      {input}
    </FieldFrame>
  );
}
