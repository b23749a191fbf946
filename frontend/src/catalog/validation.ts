import type { FieldErrors } from "../api/client";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DECIMAL = /^\d+(\.\d*)?$|^\.\d+$/;

export function addError(errors: FieldErrors, field: string, message: string) {
  errors[field] = [...(errors[field] ?? []), message];
}

/** Name is required and at most 200 characters, as on the server. */
export function checkName(errors: FieldErrors, name: string) {
  if (!name.trim()) addError(errors, "name", "Enter a name.");
  else if (name.trim().length > 200) addError(errors, "name", "Use at most 200 characters.");
}

export function checkEmail(errors: FieldErrors, email: string) {
  if (email.trim() && !EMAIL.test(email.trim())) {
    addError(errors, "email", "Enter a valid email address.");
  }
}

/** A unit cost is a number of at least 0 with at most two decimals and 12 digits in all. */
export function unitCostError(value: string): string | null {
  const text = value.trim();
  if (!text) return "Enter a unit cost (0 or more).";
  if (text.startsWith("-") && DECIMAL.test(text.slice(1))) return "Unit cost can't be negative.";
  if (!DECIMAL.test(text)) return "Enter a number, such as 12.50.";
  const [whole, decimals = ""] = text.split(".");
  if (decimals.length > 2) return "Use at most two decimal places.";
  if (whole.replace(/^0+/, "").length > 10)
    return "Use at most 10 digits before the decimal point.";
  return null;
}

export function formatMoney(value: string): string {
  const amount = Number(value);
  if (!Number.isFinite(amount)) return value;
  return amount.toLocaleString("en-US", { style: "currency", currency: "USD" });
}
