import type { FieldErrors, FormSection } from "../api/client";
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

export function addFormError(errors: FormErrors, key: string, message: string) {
  errors[key] = [...(errors[key] ?? []), message];
}

const ROW_PATH = /^([a-z][a-z0-9_]*)\[(\d+)\](?:\.([a-z_]+))?$/;

/**
 * Files the server's 400 under the inputs that show it: `materials[2].quantity` goes to the
 * quantity cell of the third line as it was sent, `vendor` to the vendor field. The lines are
 * matched by key, so the errors stay on their lines if others are removed afterwards.
 */
export function placeServerErrors(
  serverErrors: FieldErrors,
  sections: FormSection[],
  values: FormValues,
): FormErrors {
  const fieldIds = new Set(allFields(sections).map((field) => field.id));
  const placed: FormErrors = {};
  for (const [path, messages] of Object.entries(serverErrors)) {
    let key = "";
    const row = ROW_PATH.exec(path);
    if (fieldIds.has(path)) {
      key = path;
    } else if (row && fieldIds.has(row[1])) {
      const line = asLines(values[row[1]])[Number(row[2])];
      if (!line) key = row[1];
      else key = cellKey(row[1], line.key, (row[3] && COLUMN_OF[row[3]]) || "line");
    }
    for (const message of messages) addFormError(placed, key, message);
  }
  return placed;
}

/** Messages of a path that the form cannot place, with the path's name for context. */
export function unplacedMessages(errors: FormErrors): string[] {
  return errors[""] ?? [];
}
