import { useEffect, useId, useRef, useState } from "react";
import type { FieldDefinition, FormSection } from "../api/client";
import {
  describedBy,
  FieldFrame,
  FieldMessages,
  RequiredMark,
  SelectField,
  TextAreaField,
  TextField,
} from "../components/Field";
import { announce } from "../components/announcer";
import { parseDecimal } from "./decimal";
import type { FormErrors } from "./errors";
import type { MaterialLine } from "./materials";
import { MaterialsTableInput } from "./MaterialsTableInput";
import { SearchCombobox } from "./SearchCombobox";
import { SOURCE_NOUNS, SOURCE_SEARCH } from "./sources";
import { asChosen, asLines, asText, UNREADABLE_DATE } from "./values";
import type { ChosenEntry, FieldValue, FormValues } from "./values";

interface FieldInputProps<Value extends FieldValue = FieldValue> {
  field: FieldDefinition;
  value: Value;
  errors: FormErrors;
  onChange: (value: FieldValue) => void;
  disabled?: boolean;
}

/** A currency amount is shown with two decimals once the person leaves the input. */
function withCents(text: string): string {
  const parsed = parseDecimal(text);
  if (!parsed || parsed.fraction.length > 2) return text;
  return `${parsed.negative ? "-" : ""}${parsed.whole.replace(/^0+(?=\d)/, "")}.${parsed.fraction.padEnd(2, "0")}`;
}

function YesNoInput({ field, value, errors, onChange, disabled }: FieldInputProps) {
  const id = useId();
  const messages = errors[field.id];
  return (
    <fieldset
      className={messages?.length ? "field field-invalid yes-no" : "field yes-no"}
      aria-describedby={describedBy(id, field.help_text || undefined, messages)}
    >
      <legend>
        {field.label} {field.required && <RequiredMark />}
      </legend>
      <div className="radio-row">
        {[true, false].map((option) => (
          <label key={String(option)} className="radio">
            <input
              type="radio"
              name={id}
              checked={value === option}
              onChange={() => onChange(option)}
              disabled={disabled}
            />
            {option ? "Yes" : "No"}
          </label>
        ))}
      </div>
      <FieldMessages id={id} hint={field.help_text} errors={messages} />
    </fieldset>
  );
}

function ChooseInput({ field, value, errors, onChange, disabled }: FieldInputProps) {
  const id = useId();
  const source = field.source ?? "vendors";
  const nouns = SOURCE_NOUNS[source];
  const chosen = asChosen(value);
  const messages = errors[field.id];
  const hint =
    field.help_text ||
    (field.multiple ? `Choose one or more ${nouns.plural}.` : `Choose one ${nouns.singular}.`);
  const [changing, setChanging] = useState(false);
  const single = !field.multiple;
  // What takes the focus once the next render has drawn it: the control that replaced the one
  // that had it, so that the focus never falls to the page.
  const changeButton = useRef<HTMLButtonElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const focusNext = useRef<"change" | "search" | null>(null);
  useEffect(() => {
    const target = focusNext.current === "change" ? changeButton : searchInput;
    if (focusNext.current) target.current?.focus();
    focusNext.current = null;
  });

  function remove(entry: ChosenEntry) {
    onChange(chosen.filter((other) => other.id !== entry.id));
    focusNext.current = "search";
    announce(`${field.label}: removed ${entry.name}`);
  }

  const search = (
    <SearchCombobox
      inputId={id}
      inputRef={searchInput}
      placeholder={`Search ${nouns.plural}…`}
      searchQuery={SOURCE_SEARCH[source]}
      onPick={(entry: ChosenEntry) => {
        const picked = { id: entry.id, name: entry.name };
        onChange(single ? [picked] : [...chosen, picked]);
        setChanging(false);
        if (single) focusNext.current = "change";
        announce(`${field.label}: ${single ? "chose" : "added"} ${entry.name}`);
      }}
      chosenIds={chosen.map((entry) => entry.id)}
      disabled={disabled}
      invalid={Boolean(messages?.length)}
      describedBy={describedBy(id, hint, messages)}
      autoFocus={changing}
    />
  );

  if (single && chosen.length > 0 && !changing) {
    const [one] = chosen;
    return (
      <FieldFrame
        id={id}
        label={field.label}
        hint={hint}
        errors={messages}
        requiredMark={field.required}
      >
        <div
          className="chosen-one"
          role="group"
          aria-label={`${field.label}: ${one.name}`}
          tabIndex={-1}
          aria-invalid={messages?.length ? true : undefined}
        >
          <span className="cell-strong">{one.name}</span>
          <button
            ref={changeButton}
            type="button"
            className="button button-small"
            aria-label={`Change ${field.label}: ${one.name}`}
            onClick={() => setChanging(true)}
            disabled={disabled}
          >
            Change
          </button>
          <button
            type="button"
            className="button button-small button-ghost"
            aria-label={`Remove ${one.name}`}
            onClick={() => remove(one)}
            disabled={disabled}
          >
            ×
          </button>
        </div>
      </FieldFrame>
    );
  }

  return (
    <FieldFrame
      id={id}
      label={field.label}
      hint={hint}
      errors={messages}
      requiredMark={field.required}
    >
      {!single && chosen.length > 0 && (
        <ul className="chips" aria-label={`Chosen ${nouns.plural}`}>
          {chosen.map((entry) => (
            <li key={entry.id} className="chip">
              {entry.name}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${entry.name}`}
                onClick={() => remove(entry)}
                disabled={disabled}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {search}
      {single && changing && (
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => {
            setChanging(false);
            focusNext.current = "change";
          }}
        >
          Keep {chosen[0].name}
        </button>
      )}
    </FieldFrame>
  );
}

/** A date input's value; the browser reports a date it cannot read (02/31/2026) only as a bad
 * input, whose value is empty. */
function dateValue(input: HTMLInputElement): string {
  return input.validity.badInput ? UNREADABLE_DATE : input.value;
}

/** A date as the person's browser writes it (12/31/2026 in the US, 31/12/2026 in the UK). */
function dateExample(): string {
  const format = new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return format.format(new Date(2026, 11, 31));
}

/** "4,100 of 5,000 characters" once a text nears its limit; the error says when it is past. */
function lengthHint(text: string, limit: number): string | undefined {
  if (text.length < limit * 0.8) return undefined;
  return `${text.length.toLocaleString()} of ${limit.toLocaleString()} characters`;
}

const DEFAULT_MAX_LENGTH: Record<string, number> = { text: 255, long_text: 5000 };

/** The input for one field of a form, by its type. */
export function FieldInput(props: FieldInputProps) {
  const { field, value, errors, onChange, disabled } = props;
  const common = {
    label: field.label,
    hint: field.help_text || undefined,
    errors: errors[field.id],
    required: field.required,
    disabled,
  };
  const text = asText(value);
  switch (field.type) {
    // No maxLength: the browser would cut a paste short without a word; the error says it.
    case "text":
      return (
        <TextField
          {...common}
          hint={lengthHint(text, field.max_length || DEFAULT_MAX_LENGTH.text) ?? common.hint}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "long_text":
      return (
        <TextAreaField
          {...common}
          hint={lengthHint(text, field.max_length || DEFAULT_MAX_LENGTH.long_text) ?? common.hint}
          value={text}
          rows={4}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "number":
      return (
        <TextField
          {...common}
          type="number"
          step="any"
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "currency":
      return (
        <TextField
          {...common}
          type="text"
          inputMode="decimal"
          placeholder="0.00"
          value={text}
          onChange={(event) => onChange(event.target.value)}
          onBlur={() => onChange(withCents(text))}
        />
      );
    case "date":
      return (
        <TextField
          {...common}
          hint={field.help_text || `Such as ${dateExample()}.`}
          type="date"
          data-date-field={field.id}
          value={text === UNREADABLE_DATE ? "" : text}
          onChange={(event) => onChange(dateValue(event.target))}
          onBlur={(event) => onChange(dateValue(event.target))}
        />
      );
    case "dropdown":
      return (
        <SelectField {...common} value={text} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose…</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      );
    case "yes_no":
      return <YesNoInput {...props} />;
    case "choose":
      return <ChooseInput {...props} />;
    case "materials_table":
      return (
        <MaterialsTableInput
          field={field}
          lines={asLines(value)}
          errors={errors}
          onChange={(lines: MaterialLine[]) => onChange(lines)}
          disabled={disabled}
        />
      );
  }
}

interface FormRendererProps {
  sections: FormSection[];
  values: FormValues;
  errors: FormErrors;
  onChange: (fieldId: string, value: FieldValue) => void;
  disabled?: boolean;
}

/** A form as the people filling it in see it: its sections, each with its fields' inputs. */
export function FormRenderer({ sections, values, errors, onChange, disabled }: FormRendererProps) {
  return (
    <div className="form-sections">
      {sections.map((section) => (
        <section key={section.id} className="form-section" aria-label={section.title || undefined}>
          {section.title && <h2 className="form-section-title">{section.title}</h2>}
          {section.fields.length === 0 && <p className="muted">This section has no fields yet.</p>}
          {section.fields.map((field) => (
            <FieldInput
              key={field.id}
              field={field}
              value={values[field.id] ?? null}
              errors={errors}
              onChange={(value) => onChange(field.id, value)}
              disabled={disabled}
            />
          ))}
        </section>
      ))}
    </div>
  );
}
