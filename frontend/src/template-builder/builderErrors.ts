import type { FieldErrors } from "../api/client";
import { parseDecimal } from "../form-fields/decimal";
import type { DraftSection } from "./builderState";

type Messages = Record<string, string[]>;

/**
 * A template's errors by where the builder shows them: the form's own inputs (`name`,
 * `form_type`, `sections`), each section by key (`title`, `fields`, "" for the section as a
 * whole) and each field by key (`label`, `id`, `options`, `min`…, "" for the field as a whole).
 */
export interface BuilderErrors {
  form: Messages;
  sections: Record<string, Messages>;
  fields: Record<string, Messages>;
}

export function emptyBuilderErrors(): BuilderErrors {
  return { form: {}, sections: {}, fields: {} };
}

export function hasBuilderErrors(errors: BuilderErrors): boolean {
  return (
    Object.keys(errors.form).length > 0 ||
    Object.keys(errors.sections).length > 0 ||
    Object.keys(errors.fields).length > 0
  );
}

function add(target: Record<string, Messages>, key: string, setting: string, message: string) {
  const messages = (target[key] ??= {});
  messages[setting] = [...(messages[setting] ?? []), message];
}

const SECTION_PATH = /^sections\[(\d+)\](?:\.(.+))?$/;
const FIELD_PATH = /^fields\[(\d+)\](?:\.([a-z_]+)(?:\[(\d+)\])?)?$/;

/**
 * Files the server's errors (`sections[0].fields[2].label`, `name`) under the inputs they are
 * about, using the sections as they were sent: the errors stay with their fields if these are
 * moved afterwards.
 */
export function placeTemplateErrors(errors: FieldErrors, sent: DraftSection[]): BuilderErrors {
  const placed = emptyBuilderErrors();
  for (const [path, messages] of Object.entries(errors)) {
    for (const message of messages) placeOne(placed, path, message, sent);
  }
  return placed;
}

function placeOne(placed: BuilderErrors, path: string, message: string, sent: DraftSection[]) {
  const section = SECTION_PATH.exec(path);
  const draftSection = section ? sent[Number(section[1])] : undefined;
  if (!section || !draftSection) {
    const key = ["name", "form_type", "sections", "active"].includes(path) ? path : "sections";
    placed.form[key] = [...(placed.form[key] ?? []), message];
    return;
  }
  const rest = section[2] ?? "";
  const field = FIELD_PATH.exec(rest);
  const draftField = field ? draftSection.fields[Number(field[1])] : undefined;
  if (field && draftField) {
    const setting = field[2] ?? "";
    const text = field[3] !== undefined ? `Option ${Number(field[3]) + 1}: ${message}` : message;
    add(placed.fields, draftField.key, setting, text);
    return;
  }
  const setting = rest === "id" ? "title" : rest.startsWith("fields") ? "fields" : rest;
  add(placed.sections, draftSection.key, setting, message);
}

function isNumber(value: unknown): boolean {
  return (
    value === null || value === undefined || value === "" || parseDecimal(String(value)) !== null
  );
}

/** The builder's own checks before saving, a subset of the server's. */
export function validateTemplate(name: string, sections: DraftSection[]): BuilderErrors {
  const errors = emptyBuilderErrors();
  if (!name.trim()) errors.form.name = ["Enter a name for the form."];
  else if (name.trim().length > 200) errors.form.name = ["Use at most 200 characters."];
  if (sections.length === 0) errors.form.sections = ["Add at least one section."];
  else if (sections.every((section) => section.fields.length === 0)) {
    errors.form.sections = ["Add at least one field."];
  }
  for (const section of sections) {
    if (section.title.length > 200) {
      add(errors.sections, section.key, "title", "Use a title of at most 200 characters.");
    }
    for (const { key, definition } of section.fields) {
      if (!definition.label.trim()) add(errors.fields, key, "label", "Enter a label.");
      else if (definition.label.length > 200) {
        add(errors.fields, key, "label", "Use at most 200 characters.");
      }
      if (definition.help_text.length > 500) {
        add(errors.fields, key, "help_text", "Use at most 500 characters.");
      }
      if (definition.type === "dropdown") {
        const options = definition.options ?? [];
        if (!options.length) add(errors.fields, key, "options", "Add at least one option.");
        const seen = new Set<string>();
        options.forEach((option, index) => {
          const normal = option.trim().toLowerCase();
          if (!normal) add(errors.fields, key, "options", `Option ${index + 1}: Enter the option.`);
          else if (seen.has(normal)) {
            add(errors.fields, key, "options", `Option ${index + 1}: This option is listed twice.`);
          }
          seen.add(normal);
        });
      }
      if (definition.type === "number" || definition.type === "currency") {
        for (const bound of ["min", "max"] as const) {
          if (!isNumber(definition[bound])) add(errors.fields, key, bound, "Enter a number.");
        }
        const { min, max } = definition;
        if (min !== null && min !== undefined && max !== null && max !== undefined) {
          if (isNumber(min) && isNumber(max) && Number(min) > Number(max)) {
            add(errors.fields, key, "max", "Must not be less than the minimum.");
          }
        }
      }
    }
  }
  return errors;
}
