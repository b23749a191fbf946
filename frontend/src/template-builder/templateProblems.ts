import type { Problem } from "../api/client";
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

const FORM_INPUTS = new Set(["name", "form_type", "sections"]);

function add(target: Record<string, Messages>, key: string, setting: string, message: string) {
  const messages = (target[key] ??= {});
  messages[setting] = [...(messages[setting] ?? []), message];
}

/**
 * Files the server's problems (`["sections", 0, "fields", 2, "label"]`, `["name"]`) under the
 * inputs they are about, using the sections as they were checked: the errors stay with their
 * fields if these are moved afterwards.
 */
export function placeTemplateProblems(problems: Problem[], checked: DraftSection[]): BuilderErrors {
  const placed: BuilderErrors = { form: {}, sections: {}, fields: {} };
  for (const { path, message } of problems) {
    const [head, sectionIndex, part, fieldIndex, setting, optionIndex] = path;
    const section =
      head === "sections" && typeof sectionIndex === "number" ? checked[sectionIndex] : undefined;
    const field =
      section && part === "fields" && typeof fieldIndex === "number"
        ? section.fields[fieldIndex]
        : undefined;
    if (field) {
      const text =
        typeof optionIndex === "number" ? `Option ${optionIndex + 1}: ${message}` : message;
      add(placed.fields, field.key, typeof setting === "string" ? setting : "", text);
    } else if (section) {
      // A section's id follows its title, so a problem with the id is shown at the title.
      const shownAt = part === "id" ? "title" : typeof part === "string" ? part : "";
      add(placed.sections, section.key, shownAt, message);
    } else {
      const key = FORM_INPUTS.has(String(head)) ? String(head) : "sections";
      placed.form[key] = [...(placed.form[key] ?? []), message];
    }
  }
  return placed;
}
