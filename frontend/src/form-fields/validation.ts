import type { FieldDefinition, FormSection } from "../api/client";
import { isZero, parseDecimal } from "./decimal";
import type { ParsedDecimal } from "./decimal";
import { addFormError, cellKey } from "./errors";
import type { FormErrors } from "./errors";
import { QUANTITY_PLACES, UNIT_COST_PLACES } from "./materials";
import type { MaterialLine } from "./materials";
import { allFields, asChosen, asLines, asText } from "./values";
import type { FormValues } from "./values";

export const REQUIRED = "This field is required.";
const MAX_DIGITS = 12;
const DEFAULT_MAX_LENGTH: Record<string, number> = { text: 255, long_text: 5000 };

/** The problem with a number as the server sees it, or null when it is fine. */
export function numberProblem(
  text: string,
  { places, minimum }: { places?: number; minimum?: number } = {},
): string | null {
  const parsed = parseDecimal(text);
  if (!parsed) return "Enter a number.";
  if (places !== undefined && parsed.fraction.length > places) {
    return `Use at most ${places} decimal places.`;
  }
  if (significantWholeDigits(parsed) > MAX_DIGITS) return "This number is too large.";
  if (minimum !== undefined && parsed.negative && !isZero(parsed)) {
    return `Must be at least ${minimum}.`;
  }
  return null;
}

function significantWholeDigits(parsed: ParsedDecimal): number {
  return parsed.whole.replace(/^0+/, "").length;
}

function compare(text: string, bound: number | string): number {
  return Number(text) - Number(bound);
}

/** A date as the person's browser writes it (12/31/2026 in the US, 31/12/2026 in the UK). */
export function dateExample(): string {
  const format = new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return format.format(new Date(2026, 11, 31));
}

/** What to say about a date the input cannot read, such as 02/31/2026. */
export function unreadableDateMessage(): string {
  return `Enter a real date, such as ${dateExample()}.`;
}

export function dateProblem(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return unreadableDateMessage();
  const [year, month, day] = text.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return valid ? null : unreadableDateMessage();
}

function checkText(errors: FormErrors, field: FieldDefinition, text: string) {
  const limit = field.max_length || DEFAULT_MAX_LENGTH[field.type];
  if (text.length > limit) addFormError(errors, field.id, `Use at most ${limit} characters.`);
}

function checkNumber(errors: FormErrors, field: FieldDefinition, text: string) {
  const problem = numberProblem(text, { places: field.type === "currency" ? 2 : undefined });
  if (problem) {
    addFormError(errors, field.id, problem);
    return;
  }
  if (field.min !== null && field.min !== undefined && compare(text, field.min) < 0) {
    addFormError(errors, field.id, `Must be at least ${field.min}.`);
  }
  if (field.max !== null && field.max !== undefined && compare(text, field.max) > 0) {
    addFormError(errors, field.id, `Must be at most ${field.max}.`);
  }
}

function checkLine(errors: FormErrors, field: FieldDefinition, line: MaterialLine) {
  const problem = (column: Parameters<typeof cellKey>[2], message: string) =>
    addFormError(errors, cellKey(field.id, line.key, column), message);

  if (!line.material) {
    if (!line.name.trim()) problem("material", "Enter the material.");
    else if (line.name.length > 200) problem("material", "Use at most 200 characters.");
  }
  if (line.description.length > 1000) problem("description", "Use at most 1000 characters.");
  if (line.unit.length > 30) problem("unit", "Use at most 30 characters.");

  const quantity = line.quantity.trim();
  if (!quantity) problem("quantity", REQUIRED);
  else {
    const quantityProblem = numberProblem(quantity, { places: QUANTITY_PLACES });
    if (quantityProblem) problem("quantity", quantityProblem);
    else if (Number(quantity) <= 0) problem("quantity", "Must be greater than 0.");
  }

  const unitCost = line.unit_cost.trim();
  if (!unitCost) {
    if (!line.material) problem("unit_cost", REQUIRED);
  } else {
    const costProblem = numberProblem(unitCost, { places: UNIT_COST_PLACES, minimum: 0 });
    if (costProblem) problem("unit_cost", costProblem);
  }
}

/** The same rules as the server's, so most mistakes are shown before the form is sent. */
export function validateSubmission(sections: FormSection[], values: FormValues): FormErrors {
  const errors: FormErrors = {};
  for (const field of allFields(sections)) {
    const value = values[field.id];
    switch (field.type) {
      case "yes_no":
        if (typeof value !== "boolean" && field.required) addFormError(errors, field.id, REQUIRED);
        break;
      case "choose": {
        const chosen = asChosen(value);
        if (!chosen.length && field.required) addFormError(errors, field.id, REQUIRED);
        if (chosen.length > 1 && !field.multiple)
          addFormError(errors, field.id, "Choose only one.");
        break;
      }
      case "materials_table": {
        const lines = asLines(value);
        if (!lines.length && field.required) addFormError(errors, field.id, REQUIRED);
        if (lines.length > 200) addFormError(errors, field.id, "Use at most 200 rows.");
        lines.forEach((line) => checkLine(errors, field, line));
        break;
      }
      default: {
        const text = asText(value);
        if (!text.trim()) {
          if (field.required) addFormError(errors, field.id, REQUIRED);
        } else if (field.type === "text" || field.type === "long_text") {
          checkText(errors, field, text);
        } else if (field.type === "number" || field.type === "currency") {
          checkNumber(errors, field, text.trim());
        } else if (field.type === "date") {
          const problem = dateProblem(text);
          if (problem) addFormError(errors, field.id, problem);
        } else if (field.type === "dropdown" && !(field.options ?? []).includes(text)) {
          addFormError(errors, field.id, "Choose one of the options.");
        }
      }
    }
  }
  return errors;
}
