/**
 * Exact decimal arithmetic for money: values are parsed from their text into integers scaled by a
 * power of ten, so 0.1 × 3 is 0.30 and never 0.30000000000000004.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export interface ParsedDecimal {
  negative: boolean;
  whole: string;
  fraction: string;
}

/** The parts of a plain decimal number ("12", "-3.5", ".25"), or null when it is not one. */
export function parseDecimal(text: string): ParsedDecimal | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  if (!whole && !fraction) return null;
  return { negative: sign === "-", whole: whole || "0", fraction: fraction.replace(/0+$/, "") };
}

/** The number scaled by 10^places as an integer; null when it has more decimals than that. */
export function toScaled(parsed: ParsedDecimal, places: number): bigint | null {
  if (parsed.fraction.length > places) return null;
  const digits = BigInt(parsed.whole + parsed.fraction.padEnd(places, "0"));
  return parsed.negative ? -digits : digits;
}

export function isZero(parsed: ParsedDecimal): boolean {
  return /^0*$/.test(parsed.whole) && parsed.fraction === "";
}

/** A scaled integer back to text with exactly `places` decimals: (1250n, 2) → "12.50". */
export function scaledToText(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  return `${negative ? "-" : ""}${whole}${places ? `.${fraction}` : ""}`;
}

/** Cents as currency: 123456n → "$1,234.56". */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const text = scaledToText(negative ? -cents : cents, 2);
  const [whole, fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}.${fraction}`;
}

/** A decimal text such as "12.5" as currency ("$12.50"); anything else is returned as it is. */
export function formatMoney(text: string): string {
  const parsed = parseDecimal(text);
  if (!parsed) return text;
  const scaled = toScaled(parsed, Math.max(2, parsed.fraction.length));
  if (scaled === null) return text;
  return formatCents(roundHalfUp(scaled, Math.max(0, parsed.fraction.length - 2)));
}

/** Divides by 10^digits, rounding halves away from zero (the server's ROUND_HALF_UP). */
export function roundHalfUp(value: bigint, digits: number): bigint {
  if (digits === 0) return value;
  const divisor = 10n ** BigInt(digits);
  const half = divisor / 2n;
  return value < 0n ? -((-value + half) / divisor) : (value + half) / divisor;
}
