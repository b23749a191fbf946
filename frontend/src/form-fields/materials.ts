import { formatCents, isZero, parseDecimal, roundHalfUp, toScaled } from "./decimal";
import type { ParsedDecimal } from "./decimal";

export const QUANTITY_PLACES = 4;
export const UNIT_COST_PLACES = 2;
/** The most whole digits a quantity or unit cost may have, as the server stores them. */
export const MAX_WHOLE_DIGITS = 12;

function tooLarge(parsed: ParsedDecimal): boolean {
  return parsed.whole.replace(/^0+/, "").length > MAX_WHOLE_DIGITS;
}

/** A material from the catalog as a line refers to it. */
export interface LineMaterial {
  id: number;
  name: string;
  unit_cost: string;
}

/** One line of a materials table while it is being filled in; numbers are kept as typed. */
export interface MaterialLine {
  /** Stable while the line exists, so errors and focus follow it when others are removed. */
  key: string;
  /** The catalog material, or null for a free-text line. */
  material: LineMaterial | null;
  name: string;
  description: string;
  quantity: string;
  unit: string;
  unit_cost: string;
}

let lineCounter = 0;

export function newLineKey(): string {
  lineCounter += 1;
  return `line-${lineCounter}`;
}

/** The unit cost a line is priced at: what was typed, or the catalog's when left empty. */
export function effectiveUnitCost(line: MaterialLine): string {
  return line.unit_cost.trim() || line.material?.unit_cost || "";
}

/** Quantity × unit cost in cents, rounded half up; null while either is not one the form
 * accepts (a quantity above 0, a cost of 0 or more, neither too large). */
export function lineAmountCents(quantity: string, unitCost: string): bigint | null {
  const parsedQuantity = parseDecimal(quantity);
  const parsedCost = parseDecimal(unitCost);
  if (!parsedQuantity || !parsedCost) return null;
  if (parsedQuantity.negative || isZero(parsedQuantity) || tooLarge(parsedQuantity)) return null;
  if ((parsedCost.negative && !isZero(parsedCost)) || tooLarge(parsedCost)) return null;
  const scaledQuantity = toScaled(parsedQuantity, QUANTITY_PLACES);
  const scaledCost = toScaled(parsedCost, UNIT_COST_PLACES);
  if (scaledQuantity === null || scaledCost === null) return null;
  return roundHalfUp(scaledQuantity * scaledCost, QUANTITY_PLACES);
}

/** The sum of the lines' amounts in cents; lines without a valid amount count as nothing. */
export function totalCents(amounts: (bigint | null)[]): bigint {
  return amounts.reduce<bigint>((sum, amount) => sum + (amount ?? 0n), 0n);
}

export function linesTotal(lines: MaterialLine[]): bigint {
  return totalCents(lines.map((line) => lineAmountCents(line.quantity, effectiveUnitCost(line))));
}

export function formatAmount(cents: bigint | null): string {
  return cents === null ? "—" : formatCents(cents);
}
