import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import type { FieldErrors } from "../api/client";

interface EntryFormOptions<Values, Saved> {
  initial: Values;
  /** The same rules as the server's, so most mistakes are caught before a round trip. */
  validate: (values: Values) => FieldErrors;
  save: (values: Values) => Promise<Saved>;
  onSaved: (saved: Saved) => void;
}

/**
 * The state of a create or edit form: its values, its field errors (the client's or the
 * server's 400), and any other failure. Values are kept when saving fails.
 */
export function useEntryForm<Values extends object, Saved>({
  initial,
  validate,
  save,
  onSaved,
}: EntryFormOptions<Values, Saved>) {
  const [values, setValues] = useState<Values>(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  function setField<K extends keyof Values>(field: K, value: Values[K]) {
    setValues((previous) => ({ ...previous, [field]: value }));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = validate(values);
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length) return;
    setSaving(true);
    try {
      const saved = await save(values);
      setSaving(false);
      onSaved(saved);
    } catch (caught) {
      setSaving(false);
      if (caught instanceof ApiError && caught.status === 400) {
        setFieldErrors(caught.fieldErrors);
        if (caught.nonFieldErrors.length) setError(caught);
      } else {
        setError(caught);
      }
    }
  }

  return { values, setField, fieldErrors, error, saving, onSubmit };
}
