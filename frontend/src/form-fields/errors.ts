import type { FormSection, Problem } from "../api/client";
import type { FormValues } from "./values";
import { allFields, asLines } from "./values";

/**
 * Errors of a form being filled in, keyed by where they are shown: a field's id ("vendor") or a
 * cell of a materials table (see `cellKey`). The key "" holds what belongs to no input.
 */
export type FormErrors = Record<string, string[]>;

/** A materials-table column that can show an error; the material and free-text name share one. */
export type LineColumn = "material" | "description" | "quantity" | "unit" | "unit_cost" | "line";

const COLUMN_OF: Record<string, LineColumn> = {
  material_id: "material",
  name: "material",
  description: "description",
  quantity: "quantity",
  unit: "unit",
  unit_cost: "unit_cost",
};

export function cellKey(fieldId: string, lineKey: string, column: LineColumn): string {
  return `${fieldId}/${lineKey}/${column}`;
}

function addFormError(errors: FormErrors, key: string, message: string) {
  errors[key] = [...(errors[key] ?? []), message];
}

/**
 * Files the server's problems under the inputs that show them: `["materials", 2, "quantity"]`
 * goes to the quantity cell of the third line of `values` (the values checked), `["vendor"]` to
 * the vendor field. Lines are matched by key, so errors stay on their lines when others move.
 */
export function placeProblems(
  problems: Problem[],
  sections: FormSection[],
  values: FormValues,
): FormErrors {
  const fieldIds = new Set(allFields(sections).map((field) => field.id));
  const placed: FormErrors = {};
  for (const { path, message } of problems) {
    const [fieldId, index, column] = path;
    let key = "";
    if (typeof fieldId === "string" && fieldIds.has(fieldId)) {
      const line = typeof index === "number" ? asLines(values[fieldId])[index] : undefined;
      key = line ? cellKey(fieldId, line.key, COLUMN_OF[String(column)] ?? "line") : fieldId;
    }
    addFormError(placed, key, message);
  }
  return placed;
}
