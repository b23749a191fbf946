import { useCallback, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, formTemplates, submissions } from "../api/client";
import type { FormTemplate } from "../api/client";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { useResource } from "../components/useResource";
import { placeServerErrors, unplacedMessages } from "../form-fields/errors";
import type { FormErrors } from "../form-fields/errors";
import { FormRenderer } from "../form-fields/FormRenderer";
import { validateSubmission } from "../form-fields/validation";
import { initialValues, toSubmissionData } from "../form-fields/values";
import type { FieldValue, FormValues } from "../form-fields/values";

/** /forms/:id/submit: the template's latest version, to fill in and submit. */
export function SubmitFormPage() {
  const id = Number(useParams().id);
  const load = useCallback(() => formTemplates.get(id), [id]);
  const { value: template, error, loading, reload } = useResource(String(id), load);

  if (!template) {
    return (
      <>
        <PageHeader title="Fill out form" />
        <ErrorAlert error={error} title="Could not load the form." onRetry={reload} />
        {loading && <Loading label="Loading the form…" />}
      </>
    );
  }
  return <SubmitForm key={`${template.id}:${template.version.id}`} template={template} />;
}

function SubmitForm({ template }: { template: FormTemplate }) {
  const navigate = useNavigate();
  const sections = template.version.sections;
  const [values, setValues] = useState<FormValues>(() => initialValues(sections));
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const onChange = useCallback((fieldId: string, value: FieldValue) => {
    setValues((previous) => ({ ...previous, [fieldId]: value }));
  }, []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const problems = validateSubmission(sections, values);
    setErrors(problems);
    if (Object.keys(problems).length) {
      focusFirstError();
      return;
    }
    setSubmitting(true);
    try {
      const submission = await submissions.create({
        template: template.id,
        data: toSubmissionData(sections, values),
      });
      navigate(`/submissions/${submission.id}`, {
        state: { notice: `${submission.number} submitted` },
      });
    } catch (caught) {
      setSubmitting(false);
      if (caught instanceof ApiError && caught.status === 400) {
        setErrors(placeServerErrors(caught.fieldErrors, sections, values));
        focusFirstError();
      }
      setError(caught);
    }
  }

  const unplaced = unplacedMessages(errors);
  const errorCount = Object.keys(errors).length;

  if (!template.active) {
    return (
      <>
        <PageHeader title={template.name} />
        <div className="card">
          <EmptyState title="This form is archived">
            <p>It takes no new submissions. Ask an admin if you need it again.</p>
          </EmptyState>
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={template.name}
        description={
          <>
            {template.form_type.name} · version {template.version.number}
          </>
        }
        actions={
          <Link to="/forms" className="button">
            Back to forms
          </Link>
        }
      />
      <form className="card form-card" onSubmit={onSubmit} noValidate>
        <ErrorAlert
          error={error}
          title="Could not submit the form."
          onDismiss={() => setError(null)}
        />
        {!error && errorCount > 0 && (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">
              <strong className="alert-title">Please correct the errors below.</strong>
            </div>
          </div>
        )}
        {unplaced.length > 0 && (
          <ul className="field-errors form-errors">
            {unplaced.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        <FormRenderer sections={sections} values={values} errors={errors} onChange={onChange} />
        <div className="form-actions">
          <Link to="/forms" className="button">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={submitting}>
            {submitting ? "Submitting…" : "Submit"}
          </button>
        </div>
      </form>
    </>
  );
}

/** Brings the first input with an error into view once the errors are shown. */
function focusFirstError() {
  window.setTimeout(() => {
    const invalid = document.querySelector<HTMLElement>('.form-card [aria-invalid="true"]');
    invalid?.focus();
  }, 0);
}
