import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, submissions } from "../api/client";
import type { FormTemplate } from "../api/client";
import { useCurrentUser } from "../auth/session";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { useServerValidation } from "../components/useServerValidation";
import { placeProblems } from "../form-fields/errors";
import { FormRenderer } from "../form-fields/FormRenderer";
import { initialValues, toSubmissionData, UNREADABLE_DATE } from "../form-fields/values";
import type { FieldValue, FormValues } from "../form-fields/values";
import { formTemplateQueryOptions } from "../forms/queries";
import { formatEventTime } from "../timeline/time";
import { discardDraft, readDraft, saveDraft } from "./draft";
import { submissionQueryOptions } from "./queries";

/** /forms/:id/submit: the template's latest version, to fill in and submit. */
export function SubmitFormPage() {
  const id = Number(useParams().id);
  const {
    data: template,
    error,
    isPending,
    refetch,
  } = useQuery({
    ...formTemplateQueryOptions(id),
    // A new version fetched while the form is filled in would start it over: fetched when the
    // page opens, not again on focus or reconnect.
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  if (!template) {
    return (
      <>
        <PageHeader title="Fill out form" />
        <ErrorAlert error={error} title="Could not load the form." onRetry={() => refetch()} />
        {isPending && <Loading label="Loading the form…" />}
      </>
    );
  }
  return <SubmitForm key={`${template.id}:${template.version.id}`} template={template} />;
}

/** The values with each date input whose text is no date (02/31/2026, which the browser
 * reports as empty) marked as such, for the server to refuse. */
function withUnreadableDates(form: HTMLFormElement, values: FormValues): FormValues {
  const marked = { ...values };
  for (const input of form.querySelectorAll<HTMLInputElement>("input[data-date-field]")) {
    if (input.validity.badInput) marked[input.dataset.dateField!] = UNREADABLE_DATE;
  }
  return marked;
}

function SubmitForm({ template }: { template: FormTemplate }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const sections = template.version.sections;
  const draftOf = [user.id, template.id, template.version.id] as const;
  const [values, setValues] = useState<FormValues>(() => initialValues(sections));
  const [draft, setDraft] = useState(() => readDraft(...draftOf));
  const [edited, setEdited] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const toBody = useCallback(
    (checkedValues: FormValues) => toSubmissionData(sections, checkedValues),
    [sections],
  );
  const { checked, checkNow } = useServerValidation({
    path: `/api/form-templates/${template.id}/validate/`,
    input: values,
    toBody,
    enabled: true,
  });
  // Before the first Submit, only what was typed wrong: nothing is missing yet.
  const shown = (checked?.problems ?? []).filter(
    (problem) => attempted || problem.code !== "required",
  );
  const errors = checked ? placeProblems(shown, sections, checked.input) : {};

  useEffect(() => {
    if (edited) saveDraft(...draftOf, values);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- saved whenever the values change
  }, [edited, values]);

  const onChange = useCallback((fieldId: string, value: FieldValue) => {
    setEdited(true);
    setValues((previous) => ({ ...previous, [fieldId]: value }));
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = event.currentTarget;
    const sent = withUnreadableDates(form, values);
    setAttempted(true);
    setValues(sent);
    setSubmitting(true);
    try {
      const { problems } = await checkNow(sent);
      if (problems.length) {
        setSubmitting(false);
        focusFirstError(form);
        return;
      }
      const submission = await submissions.create({
        template: template.id,
        data: toSubmissionData(sections, sent),
      });
      discardDraft(...draftOf);
      queryClient.setQueryData(submissionQueryOptions(submission.id).queryKey, submission);
      void queryClient.invalidateQueries({ queryKey: ["submissions", "list"] });
      navigate(`/submissions/${submission.id}`, {
        state: { notice: `${submission.number} submitted` },
      });
    } catch (caught) {
      setSubmitting(false);
      setError(caught);
      // Something changed since the check (a vendor deactivated...): check again to show where.
      if (caught instanceof ApiError && caught.status === 400) {
        checkNow(sent).then(() => focusFirstError(form), setError);
      }
    }
  }

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
        {draft && !edited && (
          <div className="alert alert-info" role="status">
            <div className="alert-body">
              <strong className="alert-title">You have an unsent draft of this form.</strong>
              <span>Saved {formatEventTime(draft.savedAt)} in this browser.</span>
            </div>
            <div className="alert-actions">
              <button
                type="button"
                className="button button-small button-primary"
                onClick={() => {
                  setValues({ ...initialValues(sections), ...draft.values });
                  setDraft(null);
                  setEdited(true);
                }}
              >
                Restore draft
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  discardDraft(...draftOf);
                  setDraft(null);
                }}
              >
                Discard
              </button>
            </div>
          </div>
        )}
        <ErrorAlert
          error={error}
          title="Could not submit the form."
          onDismiss={() => setError(null)}
        />
        {!error && attempted && errorCount > 0 && (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">
              <strong className="alert-title">Please correct the errors below.</strong>
            </div>
          </div>
        )}
        <FormProblems messages={errors[""] ?? []} />
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

/** The first input with an error takes the focus, once the errors are drawn. */
function focusFirstError(form: HTMLFormElement) {
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
