import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { DefaultValues, FieldValues, Path } from "react-hook-form";
import { ApiError } from "../api/client";
import type { FieldErrors, Problem } from "../api/client";
import { useServerValidation } from "../components/useServerValidation";

interface EntryFormOptions<Values extends FieldValues, Saved> {
  defaultValues: DefaultValues<Values>;
  /** The form's fields in the order they are shown: the first with a problem takes the focus. */
  fields: readonly Path<Values>[];
  /** The validation endpoint beside the one that saves, such as `/api/vendors/validate/`. */
  validatePath: string;
  /** The body that `save` sends, plus the `id` of the entry being changed. */
  toBody: (values: Values) => unknown;
  save: (values: Values) => Promise<Saved>;
  onSaved: (saved: Saved) => void;
}

/** Each field's messages, and those about no field of the form. */
export function placeProblems(problems: Problem[], fields: readonly string[]) {
  const fieldErrors: FieldErrors = {};
  const unplaced: string[] = [];
  for (const { path, message } of problems) {
    const [field] = path;
    if (typeof field === "string" && fields.includes(field)) {
      fieldErrors[field] = [...(fieldErrors[field] ?? []), message];
    } else {
      unplaced.push(message);
    }
  }
  return { fieldErrors, unplaced };
}

/**
 * A create or edit form on react-hook-form. The server is the only judge of the values: its
 * problems are asked for on Save and then as the user types, shown at their fields, and the
 * first field in error takes the focus. What was typed is kept when saving fails.
 */
export function useEntryForm<Values extends FieldValues, Saved>({
  defaultValues,
  fields,
  validatePath,
  toBody,
  save,
  onSaved,
}: EntryFormOptions<Values, Saved>) {
  const form = useForm<Values>({ defaultValues });
  const values = useWatch({ control: form.control }) as Values;
  // Set as Save is pressed; react-hook-form's isSubmitted only turns true once saving is over.
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { checked, checkNow } = useServerValidation({
    path: validatePath,
    input: values,
    toBody,
    enabled: attempted,
  });
  const { fieldErrors, unplaced } = placeProblems(checked?.problems ?? [], fields);

  /** Checks `sent` now; true when the server found nothing, else the focus goes to the first error. */
  async function checkAndFocus(sent: Values): Promise<boolean> {
    const { problems } = await checkNow(sent);
    const placed = placeProblems(problems, fields).fieldErrors;
    const first = fields.find((field) => placed[field]);
    if (first) form.setFocus(first);
    return problems.length === 0;
  }

  const onSubmit = form.handleSubmit(async (sent) => {
    setError(null);
    setAttempted(true);
    try {
      if (!(await checkAndFocus(sent))) return;
      onSaved(await save(sent));
    } catch (caught) {
      setError(caught);
      // Something changed since the check (a name taken meanwhile): check again to show where.
      if (caught instanceof ApiError && caught.status === 400) {
        await checkAndFocus(sent).catch(setError);
      }
    }
  });

  return {
    form,
    values,
    fieldErrors,
    unplaced,
    error,
    saving: form.formState.isSubmitting,
    onSubmit,
  };
}
