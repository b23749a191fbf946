import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formTypes } from "../api/client";
import type { FormType, FormTypeInput } from "../api/client";
import { useEntryForm } from "../catalog/useEntryForm";
import { Dialog } from "../components/Dialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { TextField } from "../components/Field";
import { Loading } from "../components/Loading";
import { formTypeListQueryOptions } from "../forms/queries";

interface FormTypeValues {
  name: string;
  number_prefix: string;
  next_number: string;
}

const FIELDS = ["name", "number_prefix", "next_number"] as const;

/** What the form sends: the number as typed (the server says what is wrong with it); a system
 * type's name is never sent, as it cannot change. */
function changesOf(values: FormTypeValues, formType: FormType | undefined) {
  const changes: Record<string, string> = {
    number_prefix: values.number_prefix.trim(),
    next_number: values.next_number.trim(),
  };
  if (!formType?.is_system) changes.name = values.name.trim();
  return changes as Partial<FormTypeInput>;
}

interface FormTypeFormProps {
  formType?: FormType;
  onSaved: (saved: FormType) => void;
  onCancel: () => void;
}

/** Add a form type, or change one: system types keep their names. */
function FormTypeForm({ formType, onSaved, onCancel }: FormTypeFormProps) {
  const { form, values, fieldErrors, unplaced, error, saving, onSubmit } = useEntryForm({
    defaultValues: {
      name: formType?.name ?? "",
      number_prefix: formType?.number_prefix ?? "",
      next_number: String(formType?.next_number ?? 1001),
    },
    fields: FIELDS,
    validatePath: "/api/form-types/validate/",
    toBody: (input: FormTypeValues) => ({ ...changesOf(input, formType), id: formType?.id }),
    save: (input: FormTypeValues) =>
      formType
        ? formTypes.update(formType.id, changesOf(input, formType))
        : formTypes.create(changesOf(input, formType)),
    onSaved,
  });
  const example = `${values.number_prefix.trim()}${values.next_number.trim() || "1001"}`;

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form form-type-form">
      <ErrorAlert
        error={error}
        title={formType ? "Could not save the form type." : "Could not add the form type."}
      />
      <FormProblems messages={unplaced} />
      <div className="field-row three">
        <TextField
          label="Name"
          errors={fieldErrors.name}
          disabled={formType?.is_system}
          hint={formType?.is_system ? "System types keep their names." : undefined}
          maxLength={100}
          required
          {...form.register("name")}
        />
        <TextField
          label="Prefix"
          errors={fieldErrors.number_prefix}
          maxLength={20}
          placeholder="PO-"
          {...form.register("number_prefix")}
        />
        <TextField
          label="Next number"
          type="number"
          min={1}
          errors={fieldErrors.next_number}
          hint={`The next one is numbered ${example}.`}
          {...form.register("next_number")}
        />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Saving…" : formType ? "Save" : "Add form type"}
        </button>
      </div>
    </form>
  );
}

/** Settings > Form types (admins): the numbering of each kind of form. */
export function FormTypesSection() {
  const queryClient = useQueryClient();
  const { data: types, error, isPending, refetch } = useQuery(formTypeListQueryOptions());
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [notice, setNotice] = useState("");

  function onSaved(saved: FormType) {
    setNotice(
      editing === "new" ? `Form type “${saved.name}” added.` : `Form type “${saved.name}” saved.`,
    );
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: formTypeListQueryOptions().queryKey });
  }

  return (
    <section className="card settings-section" aria-labelledby="settings-form-types">
      <div className="settings-section-header">
        <h2 id="settings-form-types">Form types</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setNotice("");
            setEditing("new");
          }}
        >
          Add form type
        </button>
      </div>
      <p className="muted">Each type numbers its submissions in turn, such as PO-1001, PO-1002.</p>
      <p className="notice" role="status">
        {notice}
      </p>
      <ErrorAlert error={error} title="Could not load the form types." onRetry={() => refetch()} />
      {types === undefined ? (
        isPending && <Loading label="Loading form types…" />
      ) : (
        <div className="table-wrap bordered">
          <table className="table">
            <caption className="visually-hidden">Form types</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col" className="numeric">
                  Next number
                </th>
                <th scope="col" className="actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {types.map((type) =>
                editing === type.id ? (
                  <tr key={type.id} className="editing-row">
                    <td colSpan={4}>
                      <FormTypeForm
                        formType={type}
                        onSaved={onSaved}
                        onCancel={() => setEditing(null)}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={type.id}>
                    <td>
                      <span className="cell-strong">
                        {type.name}{" "}
                        {type.is_system && <span className="badge badge-muted">System</span>}
                      </span>
                    </td>
                    <td>{type.number_prefix || <span className="muted">—</span>}</td>
                    <td className="numeric">{type.next_number}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`Edit ${type.name}`}
                        onClick={() => {
                          setNotice("");
                          setEditing(type.id);
                        }}
                      >
                        Edit
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {editing === "new" && (
        <Dialog title="Add form type" onClose={() => setEditing(null)}>
          <FormTypeForm onSaved={onSaved} onCancel={() => setEditing(null)} />
        </Dialog>
      )}
    </section>
  );
}
