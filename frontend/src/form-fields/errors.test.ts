import { describe, expect, it } from "vitest";
import { PO_SECTIONS } from "../test/formFixtures";
import { cellKey, placeProblems } from "./errors";
import type { MaterialLine } from "./materials";

function lines(...keys: string[]): MaterialLine[] {
  return keys.map((key) => ({
    key,
    material: null,
    name: "x",
    description: "",
    quantity: "1",
    unit: "",
    unit_cost: "1",
  }));
}

function problem(path: (string | number)[], message: string) {
  return { path, message, code: "invalid" };
}

describe("placing the server's problems", () => {
  it("puts a line's error on that line's cell, by the line as it was sent", () => {
    const values = { materials: lines("first", "second", "third") };
    const placed = placeProblems(
      [
        problem(["materials", 2, "quantity"], "Must be greater than 0."),
        problem(["materials", 1, "material_id"], "Choose an active material of your company."),
        problem(["materials", 0, "name"], "Enter the material."),
        problem(["materials", 0, "colour"], "Unknown column."),
      ],
      PO_SECTIONS,
      values,
    );
    expect(placed).toEqual({
      [cellKey("materials", "third", "quantity")]: ["Must be greater than 0."],
      [cellKey("materials", "second", "material")]: ["Choose an active material of your company."],
      [cellKey("materials", "first", "material")]: ["Enter the material."],
      [cellKey("materials", "first", "line")]: ["Unknown column."],
    });
  });

  it("puts field errors on the field and the rest where no input claims them", () => {
    const placed = placeProblems(
      [
        problem(["vendor"], "No active vendor with id 9."),
        problem(["materials", 7, "quantity"], "Must be greater than 0."),
        problem(["template"], "This form is archived and takes no new submissions."),
        problem(["colour"], "Unknown field."),
      ],
      PO_SECTIONS,
      { materials: lines("only") },
    );
    expect(placed).toEqual({
      vendor: ["No active vendor with id 9."],
      materials: ["Must be greater than 0."],
      "": ["This form is archived and takes no new submissions.", "Unknown field."],
    });
  });
});
