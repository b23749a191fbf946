import { describe, expect, it } from "vitest";
import { FIELD_TYPES, PO_SECTIONS } from "../test/formFixtures";
import {
  addField,
  canMove,
  draftFromSections,
  moveField,
  moveFieldTo,
  newField,
  newSection,
  renameSection,
  slugify,
  toSections,
  uniqueId,
  updateField,
} from "./builderState";
import type { DraftSection } from "./builderState";

const TEXT = FIELD_TYPES[0];

function ids(sections: DraftSection[]): string[][] {
  return sections.map((section) => section.fields.map((field) => field.definition.id));
}

function twoSections(): DraftSection[] {
  const first = draftFromSections(PO_SECTIONS);
  const second = { ...newSection(first), fields: [] };
  let sections = [...first, second];
  sections = addField(sections, second.key, newField(TEXT, sections));
  return sections;
}

describe("field ids", () => {
  it("are slugs of the label that the server accepts", () => {
    expect(slugify("Due Date")).toBe("due_date");
    expect(slugify("  P.O. #  ")).toBe("p_o");
    expect(slugify("Crème brûlée")).toBe("creme_brulee");
    expect(slugify("2nd floor")).toBe("field_2nd_floor");
    expect(slugify("!!!")).toBe("field");
    const long = slugify("a".repeat(80));
    expect(long).toHaveLength(50);
    for (const id of ["due_date", "field_2nd_floor", long]) {
      expect(id).toMatch(/^[a-z][a-z0-9_]{0,49}$/);
    }
  });

  it("are unique within the template", () => {
    expect(uniqueId("memo", new Set(["memo", "memo_2"]))).toBe("memo_3");
    const taken = new Set(["b".repeat(50)]);
    expect(uniqueId("b".repeat(50), taken)).toBe(`${"b".repeat(48)}_2`);

    let sections = draftFromSections(PO_SECTIONS);
    const field = newField(TEXT, sections);
    sections = addField(sections, sections[0].key, field);
    sections = updateField(sections, field.key, { label: "Memo" });
    expect(ids(sections)[0]).toEqual(["vendor", "materials", "memo", "due_date", "memo_2"]);
  });

  it("follow the label of a new field but stay put once saved", () => {
    let sections = draftFromSections(PO_SECTIONS);
    const field = newField(TEXT, sections);
    expect(field.definition).toMatchObject({ id: "text", label: "Text", max_length: 255 });
    sections = addField(sections, sections[0].key, field);
    sections = updateField(sections, field.key, { label: "Job Number" });
    expect(ids(sections)[0][4]).toBe("job_number");

    const saved = sections[0].fields[0];
    sections = updateField(sections, saved.key, { label: "Supplier" });
    expect(sections[0].fields[0].definition).toMatchObject({ id: "vendor", label: "Supplier" });
  });

  it("give sections ids from their titles", () => {
    let sections = [newSection([])];
    expect(sections[0]).toMatchObject({ id: "details", title: "Details" });
    sections = renameSection(sections, sections[0].key, "Delivery & Billing");
    expect(sections[0].id).toBe("delivery_billing");
  });
});

describe("reordering", () => {
  it("moves a field up and down within its section", () => {
    let sections = draftFromSections(PO_SECTIONS);
    const memo = sections[0].fields[2].key;
    sections = moveField(sections, memo, -1);
    expect(ids(sections)[0]).toEqual(["vendor", "memo", "materials", "due_date"]);
    sections = moveField(sections, memo, 1);
    sections = moveField(sections, memo, 1);
    expect(ids(sections)[0]).toEqual(["vendor", "materials", "due_date", "memo"]);
  });

  it("moves across sections at their edges, and not past the ends of the form", () => {
    let sections = twoSections();
    const dueDate = sections[0].fields[3].key;
    expect(canMove(sections, sections[0].fields[0].key, -1)).toBe(false);
    expect(canMove(sections, sections[1].fields[0].key, 1)).toBe(false);
    sections = moveField(sections, dueDate, 1);
    expect(ids(sections)).toEqual([["vendor", "materials", "memo"], ["due_date", "text"]]);
    sections = moveField(sections, dueDate, -1);
    expect(ids(sections)).toEqual([["vendor", "materials", "memo", "due_date"], ["text"]]);
  }); // prettier-ignore

  it("drops a field before another, in the same section or another one", () => {
    let sections = twoSections();
    const [vendor, , memo] = sections[0].fields.map((field) => field.key);
    sections = moveFieldTo(sections, vendor, sections[0].key, 3);
    expect(ids(sections)[0]).toEqual(["materials", "memo", "vendor", "due_date"]);
    sections = moveFieldTo(sections, memo, sections[0].key, 0);
    expect(ids(sections)[0]).toEqual(["memo", "materials", "vendor", "due_date"]);
    sections = moveFieldTo(sections, memo, sections[1].key, 1);
    expect(ids(sections)).toEqual([["materials", "vendor", "due_date"], ["text", "memo"]]);
    expect(toSections(sections)[1].fields.map((field) => field.label)).toEqual(["Text", "Memo"]);
  }); // prettier-ignore
});
