import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import type { FormTemplate, Submission } from "../api/client";
import { useCurrentUser } from "../auth/session";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { useServerValidation } from "../components/useServerValidation";
import { placeProblems } from "../form-fields/errors";
import { FormRenderer } from "../form-fields/FormRenderer";
import {
  initialValues,
  submittedValues,
  toSubmissionData,
  UNREADABLE_DATE,
} from "../form-fields/values";
import type { FieldValue, FormValues } from "../form-fields/values";
import { formTemplateQueryOptions } from "../forms/queries";
import { formatEventTime } from "../timeline/time";
import { discardDraft, readDraft, saveDraft } from "./draft";
import { submissionQueryOptions } from "./queries";
import { newIdempotencyKey, useReviseForm, useSubmitForm } from "./useSubmitForm";

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

/** /submissions/:id/revise: the submitted form, prefilled with its values, to send as a new
 * revision (the server says who may, and refuses others with the reason). */
export function ReviseFormPage() {
  const id = Number(useParams().id);
  const submission = useQuery({ ...submissionQueryOptions(id), refetchOnWindowFocus: false });
  const templateId = submission.data?.template.id ?? 0;
  const template = useQuery({
    ...formTemplateQueryOptions(templateId),
    enabled: templateId > 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  if (!submission.data || !template.data) {
    const error = submission.error ?? template.error;
    return (
      <>
        <PageHeader title="Revise form" />
        <ErrorAlert
          error={error}
          title="Could not load the form."
          onRetry={() => void (submission.error ? submission.refetch() : template.refetch())}
        />
        {!error && <Loading label="Loading the form…" />}
      </>
    );
  }
  return <SubmitForm template={template.data} revising={submission.data} />;
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

interface SubmitFormProps {
  template: FormTemplate;
  /** A submitted form to revise: its own version's fields, prefilled; no drafts. */
  revising?: Submission;
}

function SubmitForm({ template, revising }: SubmitFormProps) {
  const navigate = useNavigate();
  const submitForm = useSubmitForm();
  const reviseForm = useReviseForm();
  const formRef = useRef<HTMLFormElement>(null);
  const user = useCurrentUser();
  const sections = revising ? revising.sections : template.version.sections;
  const draftOf = [user.id, template.id, template.version.id] as const;
  const [values, setValues] = useState<FormValues>(() =>
    revising
      ? submittedValues(sections, revising.data as Record<string, unknown>)
      : initialValues(sections),
  );
  const [draft, setDraft] = useState(() => (revising ? null : readDraft(...draftOf)));
  const [edited, setEdited] = useState(false);
  // One key per filled-in form, kept across failed tries (and in its draft), so that a try
  // whose answer was lost can be sent again without submitting twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
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
    if (edited && !revising) saveDraft(...draftOf, values, idempotencyKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- saved whenever the values change
  }, [edited, values, idempotencyKey]);

  const onChange = useCallback((fieldId: string, value: FieldValue) => {
    setEdited(true);
    setValues((previous) => ({ ...previous, [fieldId]: value }));
  }, []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(event.currentTarget, idempotencyKey);
  }

  /** The changed form sent anew, after its earlier version was received with the old key. */
  function sendAsNewForm() {
    const key = newIdempotencyKey();
    setIdempotencyKey(key);
    void send(formRef.current!, key);
  }

  async function send(form: HTMLFormElement, key: string) {
    setError(null);
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
      const data = toSubmissionData(sections, sent);
      if (revising) {
        await reviseForm.mutateAsync({ id: revising.id, input: { data }, idempotencyKey: key });
        navigate(`/submissions/${revising.id}`, {
          state: { notice: `${revising.number} revised` },
        });
        return;
      }
      const submission = await submitForm.mutateAsync({
        input: { template: template.id, data },
        idempotencyKey: key,
      });
      discardDraft(...draftOf);
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
  const backTo = revising ? `/submissions/${revising.id}` : "/forms";
  const sendLabel = revising ? "Save revision" : "Submit";

  if (!template.active && !revising) {
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
        title={revising ? `Revise ${revising.number}` : template.name}
        description={
          revising ? (
            <>
              {revising.template.name} · version {revising.template.version}
            </>
          ) : (
            <>
              {template.form_type.name} · version {template.version.number}
            </>
          )
        }
        actions={
          <Link to={backTo} className="button">
            {revising ? "Back to the form" : "Back to forms"}
          </Link>
        }
      />
      <form ref={formRef} className="card form-card" onSubmit={onSubmit} noValidate>
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
                  // The same form: if a try of it was received, sending it again must not
                  // submit it twice.
                  if (draft.idempotencyKey) setIdempotencyKey(draft.idempotencyKey);
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
        <SubmitError
          error={error}
          revising={Boolean(revising)}
          onDismiss={() => setError(null)}
          onSendAsNewForm={sendAsNewForm}
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
          <Link to={backTo} className="button">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={submitting}>
            {submitting ? "Sending…" : sendLabel}
          </button>
        </div>
      </form>
    </>
  );
}

interface SubmitErrorProps {
  error: unknown;
  revising: boolean;
  onDismiss: () => void;
  onSendAsNewForm: () => void;
}

/** Why the last try failed, saying plainly whether the form was received. */
function SubmitError({ error, revising, onDismiss, onSendAsNewForm }: SubmitErrorProps) {
  if (error instanceof ApiError && error.status === 0) {
    return (
      <div className="alert alert-error" role="alert">
        <div className="alert-body">
          <strong className="alert-title">Not sent: the connection dropped.</strong>
          <span>
            Your form is kept; {revising ? "Save revision" : "Submit"} again, it will not be sent
            twice.
          </span>
        </div>
      </div>
    );
  }
  if (error instanceof ApiError && error.status === 422) {
    return (
      <div className="alert alert-error" role="alert">
        <div className="alert-body">
          <strong className="alert-title">
            Already received, as it was before your last changes.
          </strong>
          <span>
            Your changes were not sent. The form as received is in{" "}
            <Link to="/submissions">Submissions</Link>.
          </span>
        </div>
        <div className="alert-actions">
          <button type="button" className="button button-small" onClick={onSendAsNewForm}>
            Send as a new form
          </button>
        </div>
      </div>
    );
  }
  const title = revising ? "Could not revise the form." : "Could not submit the form.";
  return <ErrorAlert error={error} title={title} onDismiss={onDismiss} />;
}

/** The first input with an error takes the focus, once the errors are drawn. */
function focusFirstError(form: HTMLFormElement) {
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
