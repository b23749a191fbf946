import { SelectField, TextField } from "../../components/Field";
import { registerStepConfig } from "./registry";
import type { StepConfigProps } from "./registry";

const OPERATORS: [string, string][] = [
  ["eq", "is"],
  ["ne", "is not"],
  ["lt", "is less than"],
  ["gt", "is more than"],
  ["contains", "contains"],
  ["empty", "is empty"],
];

/** A form field compared with a value; a materials table compares by its total. */
export function ConditionConfig({ config, onChange, errors, fields }: StepConfigProps) {
  const operator = (config.operator as string | undefined) ?? "";
  return (
    <>
      <SelectField
        label="Form field"
        required
        value={(config.field as string | undefined) ?? ""}
        errors={errors.field}
        onChange={(event) => onChange({ ...config, field: event.target.value })}
      >
        <option value="">Choose a field</option>
        {fields.map((field) => (
          <option key={field.id} value={field.id}>
            {field.type === "materials_table" ? `${field.label} (total)` : field.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Comparison"
        required
        value={operator}
        errors={errors.operator}
        onChange={(event) => onChange({ ...config, operator: event.target.value })}
      >
        <option value="">Choose a comparison</option>
        {OPERATORS.map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </SelectField>
      {operator !== "empty" && (
        <TextField
          label="Value"
          value={(config.value as string | undefined) ?? ""}
          errors={errors.value}
          onChange={(event) => onChange({ ...config, value: event.target.value })}
        />
      )}
    </>
  );
}

registerStepConfig("condition", ConditionConfig);
