import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api/client";

/**
 * Puts a 400's field errors on the form's fields; returns what is left to show above the form:
 * the messages no field took, any other failure, or null.
 */
export function showServerErrors<Values extends FieldValues>(
  error: unknown,
  fields: readonly Path<Values>[],
  setError: UseFormSetError<Values>,
): unknown {
  if (!(error instanceof ApiError) || error.status !== 400) return error;
  const unplaced: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    if ((fields as readonly string[]).includes(field)) {
      setError(field as Path<Values>, { type: "server", message: messages.join(" ") });
    } else {
      unplaced[field] = messages;
    }
  }
  return Object.keys(unplaced).length ? fieldMessagesError(unplaced) : null;
}

/** A 400 whose field messages are its message, for a page with no fields to show them at. */
export function withFieldMessages(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.status !== 400) return error;
  return fieldMessagesError(error.fieldErrors);
}

function fieldMessagesError(fieldErrors: Record<string, string[]>): ApiError {
  return new ApiError(400, Object.values(fieldErrors).flat().join(" "), fieldErrors);
}

/** A react-hook-form error as the `errors` list the field components show. */
export function messages(error: { message?: string } | undefined): string[] | undefined {
  return error?.message ? [error.message] : undefined;
}
