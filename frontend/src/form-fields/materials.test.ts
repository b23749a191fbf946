import { describe, expect, it } from "vitest";
import { formatCents, formatMoney } from "./decimal";
import { formatAmount, lineAmountCents, linesTotal, totalCents } from "./materials";
import type { MaterialLine } from "./materials";

function line(overrides: Partial<MaterialLine>): MaterialLine {
  return {
    key: "l",
    material: null,
    name: "Rebar",
    description: "",
    quantity: "1",
    unit: "",
    unit_cost: "0",
    ...overrides,
  };
}

describe("materials table math", () => {
  it("multiplies quantity by unit cost exactly, in cents", () => {
    expect(lineAmountCents("10", "4.25")).toBe(4250n);
    expect(lineAmountCents("3", "0.10")).toBe(30n);
    expect(lineAmountCents("3", "1.15")).toBe(345n); // 3.4499999… in floating point
    expect(lineAmountCents("200", "0.35")).toBe(7000n);
  });

  it("rounds half a cent up, as the server does", () => {
    expect(lineAmountCents("0.125", "1")).toBe(13n);
    expect(lineAmountCents("2.5", "0.01")).toBe(3n);
    expect(lineAmountCents("1.0005", "1.00")).toBe(100n);
    expect(lineAmountCents("0.0049", "1")).toBe(0n);
  });

  it("has no amount while a number is invalid or too precise", () => {
    expect(lineAmountCents("", "4.25")).toBeNull();
    expect(lineAmountCents("abc", "4.25")).toBeNull();
    expect(lineAmountCents("1.00001", "4.25")).toBeNull();
    expect(lineAmountCents("1", "4.255")).toBeNull();
    expect(formatAmount(null)).toBe("—");
  });

  it("totals the valid lines, pricing an empty unit cost at the catalog's", () => {
    const lines = [
      line({ quantity: "10", unit_cost: "", material: { id: 1, name: "Stud", unit_cost: "4.25" } }),
      line({ quantity: "200", unit_cost: "0.35" }),
      line({ quantity: "0.5", unit_cost: "x" }),
    ];
    expect(linesTotal(lines)).toBe(11250n);
    expect(totalCents([])).toBe(0n);
  });

  it("formats cents and decimal texts as dollars", () => {
    expect(formatCents(123456789n)).toBe("$1,234,567.89");
    expect(formatCents(5n)).toBe("$0.05");
    expect(formatMoney("12.5")).toBe("$12.50");
    expect(formatMoney("0.355")).toBe("$0.36");
    expect(formatMoney("n/a")).toBe("n/a");
  });
});
