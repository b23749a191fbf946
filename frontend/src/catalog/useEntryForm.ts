import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import type { FieldErrors } from "../api/client";
import { useServerValidation } from "../components/useServerValidation";

interface EntryFormOptions<Values, Saved> {
  initial: Values;
  /** The validation endpoint beside the one that saves, such as `/api/vendors/validate/`. */
  validatePath: string;
  /** The body that `save` sends, plus the `id` of the entry being changed. */
  toBody: (values: Values) => unknown;
  save: (values: Values) => Promise<Saved>;
  onSaved: (saved: Saved) => void;
}

/**
 * The state of a create or edit form: its values, the server's problems with them (checked as
 * the user types once Save was pressed), and any other failure. Values are kept when saving fails.
 */
export function useEntryForm<Values extends object, Saved>({
  initial,
  validatePath,
  toBody,
  save,
  onSaved,
}: EntryFormOptions<Values, Saved>) {
  const [values, setValues] = useState<Values>(initial);
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const { checked, checkNow } = useServerValidation({
    path: validatePath,
    input: values,
    toBody,
    enabled: attempted,
  });
  const fieldErrors: FieldErrors = {};
  const unplaced: string[] = [];
  for (const { path, message } of checked?.problems ?? []) {
    const [field] = path;
    if (typeof field === "string") fieldErrors[field] = [...(fieldErrors[field] ?? []), message];
    else unplaced.push(message);
  }

  function setField<K extends keyof Values>(field: K, value: Values[K]) {
    setValues((previous) => ({ ...previous, [field]: value }));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setAttempted(true);
    setSaving(true);
    try {
      const { problems } = await checkNow(values);
      if (problems.length) {
        setSaving(false);
        return;
      }
      const saved = await save(values);
      setSaving(false);
      onSaved(saved);
    } catch (caught) {
      setSaving(false);
      setError(caught);
      // Something changed since the check (a name taken meanwhile): check again to show where.
      if (caught instanceof ApiError && caught.status === 400) checkNow(values).catch(setError);
    }
  }

  return { values, setField, fieldErrors, unplaced, error, saving, onSubmit };
}
