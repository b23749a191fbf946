import type { FieldDefinition, FieldTypeInfo, FieldTypeKey, FormSection } from "../api/client";

/** A field in the builder; `key` identifies it on screen, `definition.id` in submissions. */
export interface DraftField {
  key: string;
  /** Saved fields keep their id whatever their label becomes: submissions refer to it. */
  locked: boolean;
  definition: FieldDefinition;
}

export interface DraftSection {
  key: string;
  locked: boolean;
  id: string;
  title: string;
  fields: DraftField[];
}

const ID_LENGTH = 50;
let keyCounter = 0;

function nextKey(prefix: string): string {
  keyCounter += 1;
  return `${prefix}-${keyCounter}`;
}

/**
 * An id from a label, as the server wants them (^[a-z][a-z0-9_]{0,49}$): "Due Date" → "due_date".
 * A label that does not start with a letter gets `prefix` in front.
 */
export function slugify(label: string, prefix = "field"): string {
  const slug = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) return prefix;
  const id = /^[a-z]/.test(slug) ? slug : `${prefix}_${slug}`;
  return id.slice(0, ID_LENGTH).replace(/_+$/, "");
}

/** `base`, or `base_2`, `base_3`… whichever is not taken, never longer than 50 characters. */
export function uniqueId(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, ID_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function fieldIds(sections: DraftSection[], exceptKey?: string): Set<string> {
  return new Set(
    sections
      .flatMap((section) => section.fields)
      .filter((field) => field.key !== exceptKey)
      .map((field) => field.definition.id),
  );
}

function sectionIds(sections: DraftSection[], exceptKey?: string): Set<string> {
  return new Set(sections.filter((s) => s.key !== exceptKey).map((section) => section.id));
}

export function draftFromSections(sections: FormSection[]): DraftSection[] {
  return sections.map((section) => ({
    key: nextKey("section"),
    locked: true,
    id: section.id,
    title: section.title ?? "",
    fields: section.fields.map((definition) => ({
      key: nextKey("field"),
      locked: true,
      definition: { ...definition },
    })),
  }));
}

export function toSections(draft: DraftSection[]): FormSection[] {
  return draft.map((section) => ({
    id: section.id,
    title: section.title,
    fields: section.fields.map((field) => field.definition),
  }));
}

export function newSection(sections: DraftSection[]): DraftSection {
  const title = sections.length === 0 ? "Details" : `Section ${sections.length + 1}`;
  return {
    key: nextKey("section"),
    locked: false,
    id: uniqueId(slugify(title, "section"), sectionIds(sections)),
    title,
    fields: [],
  };
}

export function addSection(sections: DraftSection[]): DraftSection[] {
  return [...sections, newSection(sections)];
}

export function renameSection(
  sections: DraftSection[],
  key: string,
  title: string,
): DraftSection[] {
  return sections.map((section) => {
    if (section.key !== key) return section;
    const id = section.locked
      ? section.id
      : uniqueId(slugify(title, "section"), sectionIds(sections, key));
    return { ...section, title, id };
  });
}

export function removeSection(sections: DraftSection[], key: string): DraftSection[] {
  return sections.filter((section) => section.key !== key);
}

export function moveSection(
  sections: DraftSection[],
  key: string,
  direction: -1 | 1,
): DraftSection[] {
  const index = sections.findIndex((section) => section.key === key);
  const target = index + direction;
  if (index < 0 || target < 0 || target >= sections.length) return sections;
  const moved = [...sections];
  [moved[index], moved[target]] = [moved[target], moved[index]];
  return moved;
}

/** A new field of `type` with the type's default settings and an id from its label. */
export function newField(type: FieldTypeInfo, sections: DraftSection[]): DraftField {
  const settings = structuredClone(type.settings);
  return {
    key: nextKey("field"),
    locked: false,
    definition: {
      id: uniqueId(slugify(type.label), fieldIds(sections)),
      // The schema gives a field type's key as any text; the server lists only field types.
      type: type.key as FieldTypeKey,
      label: type.label,
      help_text: "",
      required: false,
      ...settings,
    },
  };
}

export function addField(
  sections: DraftSection[],
  sectionKey: string,
  field: DraftField,
): DraftSection[] {
  return sections.map((section) =>
    section.key === sectionKey ? { ...section, fields: [...section.fields, field] } : section,
  );
}

/** Changes a field's definition; an unsaved field's id follows its label. */
export function updateField(
  sections: DraftSection[],
  key: string,
  changes: Partial<FieldDefinition>,
): DraftSection[] {
  return sections.map((section) => ({
    ...section,
    fields: section.fields.map((field) => {
      if (field.key !== key) return field;
      const definition = { ...field.definition, ...changes };
      if (changes.label !== undefined && !field.locked) {
        definition.id = uniqueId(slugify(changes.label), fieldIds(sections, key));
      }
      return { ...field, definition };
    }),
  }));
}

export function removeField(sections: DraftSection[], key: string): DraftSection[] {
  return sections.map((section) => ({
    ...section,
    fields: section.fields.filter((field) => field.key !== key),
  }));
}

function locate(sections: DraftSection[], key: string): [number, number] {
  for (let s = 0; s < sections.length; s += 1) {
    const f = sections[s].fields.findIndex((field) => field.key === key);
    if (f >= 0) return [s, f];
  }
  return [-1, -1];
}

/**
 * Moves a field to position `index` of a section, where `index` counts the fields there before
 * the move (so dropping "before the third field" is index 2 wherever the field came from).
 */
export function moveFieldTo(
  sections: DraftSection[],
  key: string,
  sectionKey: string,
  index: number,
): DraftSection[] {
  const [fromSection, fromIndex] = locate(sections, key);
  const toSection = sections.findIndex((section) => section.key === sectionKey);
  if (fromSection < 0 || toSection < 0) return sections;
  const field = sections[fromSection].fields[fromIndex];
  let target = index;
  if (fromSection === toSection && fromIndex < index) target -= 1;
  const without = sections.map((section, s) =>
    s === fromSection
      ? { ...section, fields: section.fields.filter((f) => f.key !== key) }
      : section,
  );
  return without.map((section, s) => {
    if (s !== toSection) return section;
    const fields = [...section.fields];
    fields.splice(Math.max(0, Math.min(target, fields.length)), 0, field);
    return { ...section, fields };
  });
}

/**
 * Moves a field one place up or down; at the top or bottom of a section it moves into the end of
 * the section before or the start of the section after.
 */
export function moveField(
  sections: DraftSection[],
  key: string,
  direction: -1 | 1,
): DraftSection[] {
  const [s, f] = locate(sections, key);
  if (s < 0) return sections;
  const section = sections[s];
  if (direction === -1) {
    if (f > 0) return moveFieldTo(sections, key, section.key, f - 1);
    if (s > 0)
      return moveFieldTo(sections, key, sections[s - 1].key, sections[s - 1].fields.length);
    return sections;
  }
  if (f < section.fields.length - 1) return moveFieldTo(sections, key, section.key, f + 2);
  if (s < sections.length - 1) return moveFieldTo(sections, key, sections[s + 1].key, 0);
  return sections;
}

/** Whether a field can move up or down at all (it is not first or last of the whole form). */
export function canMove(sections: DraftSection[], key: string, direction: -1 | 1): boolean {
  const [s, f] = locate(sections, key);
  if (s < 0) return false;
  if (direction === -1) return f > 0 || s > 0;
  return f < sections[s].fields.length - 1 || s < sections.length - 1;
}
