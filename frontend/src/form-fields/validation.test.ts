import { describe, expect, it } from "vitest";
import type { FieldDefinition, FormSection } from "../api/client";
import { cellKey } from "./errors";
import type { MaterialLine } from "./materials";
import { dateProblem, numberProblem, validateSubmission } from "./validation";
import type { FormValues } from "./values";

function form(...fields: Partial<FieldDefinition>[]): FormSection[] {
  return [
    {
      id: "main",
      title: "",
      fields: fields.map((field, index) => ({
        id: `f${index}`,
        type: "text",
        label: `Field ${index}`,
        help_text: "",
        required: false,
        ...field,
      })),
    },
  ];
}

function line(overrides: Partial<MaterialLine>): MaterialLine {
  return {
    key: "a",
    material: null,
    name: "Rebar",
    description: "",
    quantity: "1",
    unit: "",
    unit_cost: "1.00",
    ...overrides,
  };
}

describe("client validation", () => {
  it("requires required fields, including blank text, no yes/no answer and no choice", () => {
    const sections = form(
      { required: true },
      { type: "yes_no", required: true },
      { type: "choose", required: true },
      { type: "materials_table", required: true },
      { type: "date" },
    );
    const errors = validateSubmission(sections, { f0: "   ", f1: null, f2: [], f3: [], f4: "" });
    expect(errors).toEqual({
      f0: ["This field is required."],
      f1: ["This field is required."],
      f2: ["This field is required."],
      f3: ["This field is required."],
    });
    expect(validateSubmission(sections, { f0: "x", f1: false, f2: [{ id: 1, name: "A" }], f3: [line({})] })).toEqual({});
  }); // prettier-ignore

  it("checks numbers: finite, decimals of currency, bounds", () => {
    const sections = form(
      { type: "number", min: 1, max: "10" },
      { type: "currency" },
      { type: "number" },
    );
    expect(validateSubmission(sections, { f0: "11", f1: "1.234", f2: "Infinity" })).toEqual({
      f0: ["Must be at most 10."],
      f1: ["Use at most 2 decimal places."],
      f2: ["Enter a number."],
    });
    expect(validateSubmission(sections, { f0: "0.5", f1: "12.5", f2: "-3.25" })).toEqual({
      f0: ["Must be at least 1."],
    });
    expect(numberProblem("1234567890123")).toBe("This number is too large.");
  });

  it("checks text lengths, dates and dropdown options", () => {
    const sections = form(
      { max_length: 5 },
      { type: "date" },
      { type: "dropdown", options: ["Net 30"] },
    );
    expect(validateSubmission(sections, { f0: "toolong", f1: "2026-02-30", f2: "Net 60" })).toEqual({
      f0: ["Use at most 5 characters."],
      f1: ["Enter a real date, such as 12/31/2026."],
      f2: ["Choose one of the options."],
    });
    expect(dateProblem("2028-02-29")).toBeNull();
    expect(dateProblem("03/04/2026")).toBe("Enter a real date, such as 12/31/2026.");
  }); // prettier-ignore

  it("allows one choice unless the field takes several", () => {
    const two = [{ id: 1, name: "A" }, { id: 2, name: "B" }]; // prettier-ignore
    expect(validateSubmission(form({ type: "choose" }), { f0: two })).toEqual({
      f0: ["Choose only one."],
    });
    expect(validateSubmission(form({ type: "choose", multiple: true }), { f0: two })).toEqual({});
  });

  it("checks each materials line: quantity above 0 with 4 decimals, unit cost 0 or more with 2", () => {
    const sections = form({ type: "materials_table" });
    const values: FormValues = {
      f0: [
        line({ key: "a", quantity: "0", unit_cost: "-1" }),
        line({ key: "b", quantity: "1.23456", unit_cost: "1.005" }),
        line({ key: "c", name: " ", quantity: "", unit_cost: "" }),
        line({ key: "d", quantity: "0.0001", unit_cost: "0" }),
        line({ key: "e", material: { id: 1, name: "Stud", unit_cost: "4.25" }, unit_cost: "" }),
      ],
    };
    expect(validateSubmission(sections, values)).toEqual({
      [cellKey("f0", "a", "quantity")]: ["Must be greater than 0."],
      [cellKey("f0", "a", "unit_cost")]: ["Must be at least 0."],
      [cellKey("f0", "b", "quantity")]: ["Use at most 4 decimal places."],
      [cellKey("f0", "b", "unit_cost")]: ["Use at most 2 decimal places."],
      [cellKey("f0", "c", "material")]: ["Enter the material."],
      [cellKey("f0", "c", "quantity")]: ["This field is required."],
      [cellKey("f0", "c", "unit_cost")]: ["This field is required."],
    });
  });
});
