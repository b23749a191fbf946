import type { FieldDefinition, FormSection, SubmissionInput } from "../api/client";
import { effectiveUnitCost, newLineKey } from "./materials";
import type { MaterialLine } from "./materials";

/** A vendor, user or material picked in a "choose one or more" field. */
export interface ChosenEntry {
  id: number;
  name: string;
}

/**
 * What an input holds while the form is filled in: text as typed (numbers, currency and dates
 * too), a yes/no answer or null, the chosen entries, or the lines of a materials table.
 */
export type FieldValue = string | boolean | null | ChosenEntry[] | MaterialLine[];

export type FormValues = Record<string, FieldValue>;

/**
 * The value of a date input whose text is no date (02/31/2026): the browser cannot tell what
 * was typed, so an impossible date is sent in its place, which the server refuses as such.
 */
export const UNREADABLE_DATE = "0000-00-00";

export function allFields(sections: FormSection[]): FieldDefinition[] {
  return sections.flatMap((section) => section.fields);
}

export function emptyValue(field: FieldDefinition): FieldValue {
  switch (field.type) {
    case "yes_no":
      return null;
    case "choose":
    case "materials_table":
      return [];
    default:
      return "";
  }
}

export function initialValues(sections: FormSection[]): FormValues {
  return Object.fromEntries(allFields(sections).map((field) => [field.id, emptyValue(field)]));
}

interface StoredRow {
  material_id: number | null;
  name: string;
  description: string;
  quantity: string;
  unit: string;
  unit_cost: string;
}

/** A submission's stored values as the form's inputs hold them, to revise it. */
export function submittedValues(
  sections: FormSection[],
  data: Record<string, unknown>,
): FormValues {
  const values = initialValues(sections);
  for (const field of allFields(sections)) {
    const stored = data[field.id];
    if (stored === undefined || stored === null) continue;
    if (field.type === "materials_table") {
      values[field.id] = (stored as StoredRow[]).map((row) => ({
        key: newLineKey(),
        material: row.material_id
          ? { id: row.material_id, name: row.name, unit_cost: row.unit_cost }
          : null,
        name: row.name,
        description: row.description,
        quantity: row.quantity,
        unit: row.unit,
        unit_cost: row.unit_cost,
      }));
    } else if (field.type === "choose") {
      values[field.id] = stored as ChosenEntry[];
    } else if (field.type === "yes_no") {
      values[field.id] = Boolean(stored);
    } else {
      values[field.id] = String(stored);
    }
  }
  return values;
}

export function asText(value: FieldValue | undefined): string {
  return typeof value === "string" ? value : "";
}

export function asChosen(value: FieldValue | undefined): ChosenEntry[] {
  return Array.isArray(value) ? (value as ChosenEntry[]) : [];
}

export function asLines(value: FieldValue | undefined): MaterialLine[] {
  return Array.isArray(value) ? (value as MaterialLine[]) : [];
}

function lineToRow(line: MaterialLine) {
  const row = {
    description: line.description.trim(),
    quantity: line.quantity.trim(),
    unit: line.unit.trim(),
  };
  if (!line.material) {
    return { ...row, name: line.name.trim(), unit_cost: effectiveUnitCost(line) };
  }
  const unitCost = line.unit_cost.trim();
  // An empty unit cost takes the catalog's price on the server.
  return { ...row, material_id: line.material.id, ...(unitCost ? { unit_cost: unitCost } : {}) };
}

/**
 * The `data` of a submission: each filled-in field's value as the API takes it. Every line of a
 * materials table is sent, in order, so that the server's `materials[2]` is the third line shown.
 */
export function toSubmissionData(
  sections: FormSection[],
  values: FormValues,
): SubmissionInput["data"] {
  const data: SubmissionInput["data"] = {};
  for (const field of allFields(sections)) {
    const value = values[field.id];
    switch (field.type) {
      case "yes_no":
        if (typeof value === "boolean") data[field.id] = value;
        break;
      case "choose": {
        const ids = asChosen(value).map((entry) => entry.id);
        if (ids.length) data[field.id] = field.multiple ? ids : ids[0];
        break;
      }
      case "materials_table": {
        const lines = asLines(value);
        if (lines.length) data[field.id] = lines.map(lineToRow);
        break;
      }
      default: {
        const text = asText(value);
        if (text.trim()) data[field.id] = field.type === "date" ? text : text.trim();
      }
    }
  }
  return data;
}
