import { memo, useId } from "react";
import type { DragEvent } from "react";
import type { ChooseSource, FieldDefinition } from "../api/client";
import { SelectField, TextField } from "../components/Field";
import type { DraftField } from "./builderState";

type Messages = Record<string, string[]>;

/** Settings whose errors appear beside their input; the rest appear atop the field. */
const SHOWN_BY_INPUTS = new Set([
  "label",
  "id",
  "type",
  "help_text",
  "required",
  "max_length",
  "min",
  "max",
  "options",
  "source",
  "multiple",
]);

interface FieldEditorProps {
  field: DraftField;
  typeLabel: string;
  errors?: Messages;
  canMoveUp: boolean;
  canMoveDown: boolean;
  dropIndicator: "before" | "after" | null;
  onChange: (key: string, changes: Partial<FieldDefinition>) => void;
  onMove: (key: string, direction: -1 | 1) => void;
  onRemove: (key: string) => void;
  onDragStart: (key: string, event: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
  onDragOver: (key: string, event: DragEvent<HTMLElement>) => void;
  onDrop: (key: string, event: DragEvent<HTMLElement>) => void;
}

function Checkbox({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      {label}
    </label>
  );
}

function boundText(value: FieldDefinition["min"]): string {
  return value === null || value === undefined ? "" : String(value);
}

function OptionsEditor({
  options,
  errors,
  onChange,
}: {
  options: string[];
  errors?: string[];
  onChange: (options: string[]) => void;
}) {
  const id = useId();
  return (
    <fieldset
      className={errors?.length ? "field field-invalid options-editor" : "field options-editor"}
    >
      <legend>Options</legend>
      {options.length === 0 && <p className="field-hint">Add the choices people pick from.</p>}
      <ol className="options-list">
        {options.map((option, index) => (
          <li key={index}>
            <input
              type="text"
              aria-label={`Option ${index + 1}`}
              value={option}
              maxLength={200}
              aria-describedby={errors?.length ? `${id}-errors` : undefined}
              onChange={(event) =>
                onChange(options.map((other, i) => (i === index ? event.target.value : other)))
              }
            />
            <button
              type="button"
              className="button button-small button-ghost"
              aria-label={`Remove option ${index + 1}`}
              onClick={() => onChange(options.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...options, ""])}
      >
        Add option
      </button>
      {errors?.length ? (
        <ul className="field-errors" id={`${id}-errors`}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function TypeSettings({
  definition,
  errors,
  change,
}: {
  definition: FieldDefinition;
  errors: Messages;
  change: (changes: Partial<FieldDefinition>) => void;
}) {
  switch (definition.type) {
    case "text":
    case "long_text":
      return (
        <TextField
          label="Max length"
          type="number"
          min={1}
          value={definition.max_length ?? ""}
          errors={errors.max_length}
          onChange={(event) =>
            change({
              max_length: event.target.value === "" ? undefined : Number(event.target.value),
            })
          }
        />
      );
    case "number":
    case "currency":
      return (
        <div className="field-row">
          {(["min", "max"] as const).map((bound) => (
            <TextField
              key={bound}
              label={bound === "min" ? "Minimum" : "Maximum"}
              type="text"
              inputMode="decimal"
              placeholder="None"
              value={boundText(definition[bound])}
              errors={errors[bound]}
              onChange={(event) => change({ [bound]: event.target.value.trim() || null })}
            />
          ))}
        </div>
      );
    case "dropdown":
      return (
        <OptionsEditor
          options={definition.options ?? []}
          errors={errors.options}
          onChange={(options) => change({ options })}
        />
      );
    case "choose":
      return (
        <div className="field-row">
          <SelectField
            label="Source"
            value={definition.source ?? "vendors"}
            errors={errors.source}
            onChange={(event) => change({ source: event.target.value as ChooseSource })}
          >
            <option value="vendors">Vendors</option>
            <option value="users">Users</option>
            <option value="materials">Materials</option>
            <option value="customers">Customers and projects</option>
            <option value="projects">Projects</option>
          </SelectField>
          <SelectField
            label="How many"
            value={definition.multiple ? "many" : "one"}
            errors={errors.multiple}
            onChange={(event) => change({ multiple: event.target.value === "many" })}
          >
            <option value="one">One</option>
            <option value="many">One or more</option>
          </SelectField>
        </div>
      );
    case "materials_table":
      return (
        <div className="field checkbox-field">
          <Checkbox
            label="Allow free-text lines"
            checked={definition.allow_free_text !== false}
            onChange={(allow_free_text) => change({ allow_free_text })}
          />
        </div>
      );
    default:
      return null;
  }
}

/** One field of the template being built: its label, help, required flag and type settings. */
export const FieldEditor = memo(function FieldEditor({
  field,
  typeLabel,
  errors = {},
  canMoveUp,
  canMoveDown,
  dropIndicator,
  onChange,
  onMove,
  onRemove,
  onDragStart,
  onDragEnd,
  onDragOver,
  onDrop,
}: FieldEditorProps) {
  const { definition, key } = field;
  const name = definition.label.trim() || "Untitled field";
  const change = (changes: Partial<FieldDefinition>) => onChange(key, changes);
  const whole = Object.entries(errors)
    .filter(([setting]) => !SHOWN_BY_INPUTS.has(setting))
    .flatMap(([, messages]) => messages);
  const className = [
    "builder-field",
    dropIndicator ? `drop-${dropIndicator}` : "",
    Object.keys(errors).length ? "builder-field-invalid" : "",
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <li
      className={className}
      data-field-key={key}
      onDragOver={(event) => onDragOver(key, event)}
      onDrop={(event) => onDrop(key, event)}
    >
      {/* The group is inside the item: a list may hold only items. */}
      <div role="group" aria-label={name}>
        <div className="builder-field-header">
          <span
            className="drag-handle"
            draggable
            title={`Drag ${name} to reorder`}
            aria-hidden="true"
            onDragStart={(event) => onDragStart(key, event)}
            onDragEnd={onDragEnd}
          >
            ⠿
          </span>
          <span className="badge badge-muted">{typeLabel}</span>
          <span className="builder-field-name">{name}</span>
          <code className="field-id" title="Field id: submissions refer to the field by it">
            {definition.id}
          </code>
          <div className="builder-field-actions">
            <button
              type="button"
              className="button button-small button-ghost"
              aria-label={`Move ${name} up`}
              title="Move up"
              onClick={() => onMove(key, -1)}
              disabled={!canMoveUp}
            >
              ↑
            </button>
            <button
              type="button"
              className="button button-small button-ghost"
              aria-label={`Move ${name} down`}
              title="Move down"
              onClick={() => onMove(key, 1)}
              disabled={!canMoveDown}
            >
              ↓
            </button>
            <button
              type="button"
              className="button button-small button-ghost button-danger"
              aria-label={`Remove ${name}`}
              title="Remove field"
              onClick={() => onRemove(key)}
            >
              Remove
            </button>
          </div>
        </div>
        <div className="builder-field-body">
          {whole.length > 0 && (
            <ul className="field-errors">
              {whole.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          <div className="field-row">
            <TextField
              label="Label"
              value={definition.label}
              maxLength={200}
              errors={[...(errors.label ?? []), ...(errors.id ?? []), ...(errors.type ?? [])]}
              hint={field.locked ? `Saved as “${definition.id}”.` : undefined}
              onChange={(event) => change({ label: event.target.value })}
            />
            <TextField
              label="Help text"
              value={definition.help_text}
              maxLength={500}
              errors={errors.help_text}
              onChange={(event) => change({ help_text: event.target.value })}
            />
          </div>
          <div className="builder-field-settings">
            <div className="field checkbox-field">
              <Checkbox
                label="Required"
                checked={definition.required ?? false}
                onChange={(required) => change({ required })}
              />
              {errors.required && (
                <ul className="field-errors">
                  {errors.required.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
            <TypeSettings definition={definition} errors={errors} change={change} />
          </div>
        </div>
      </div>
    </li>
  );
});
