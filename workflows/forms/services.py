import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.services import (
    require_admin,
    require_same_company,
    require_unique_name,
    save_with_unique_name,
)
from ontraccr_clone.problems import Problems
from ontraccr_clone.related import related_known
from workflows.engine.services import (
    submission_decided,
    workflow_revision_runs_start,
    workflow_run_start,
)
from workflows.forms.changes import changes_in_words, submission_changes
from workflows.forms.fields import check_sections, clean_submission_data
from workflows.forms.models import (
    FormSubmission,
    FormTemplate,
    FormTemplateVersion,
    FormType,
    SubmissionRevision,
)
from workflows.forms.search import submission_search_text
from workflows.timeline.services import timeline_event_record


@transaction.atomic
def form_types_ensure_system(*, company: Company) -> None:
    """Give a company the system form types (PO, Invoice, Work Order, General) it lacks."""
    existing = set(FormType.objects.filter(company=company).values_list("key", flat=True))
    FormType.objects.bulk_create(
        FormType(company=company, key=key, name=name, number_prefix=prefix, is_system=True)
        for key, (name, prefix) in FormType.SYSTEM_TYPES.items()
        if key not in existing
    )


@transaction.atomic
def form_type_create(
    *, actor: User, name: str, number_prefix: str = "", next_number: int = 1001
) -> FormType:
    """Add a custom form type with its own numbering."""
    form_type_check(actor=actor, fields={"name": name})
    base = slugify(name)[:40] or "type"
    key, suffix = base, 1
    while FormType.objects.filter(company=actor.tenant, key=key).exists():
        suffix += 1
        key = f"{base}-{suffix}"
    form_type = FormType(
        company=actor.tenant, key=key, name=name.strip(), number_prefix=number_prefix,
        next_number=next_number,
    )  # fmt: skip
    save_with_unique_name(form_type)
    return form_type


def form_type_check(
    *, actor: User, fields: dict[str, Any], form_type: FormType | None = None
) -> None:
    """What adding a form type (or changing `form_type`) checks, without saving anything."""
    if form_type is not None:
        require_same_company(actor, form_type)
    require_admin(actor, to="manage form types and templates")
    if "name" not in fields:
        return
    name = fields["name"].strip()
    if form_type is not None and form_type.is_system and name != form_type.name:
        raise ValidationError({"name": "System form types keep their names."})
    pk = form_type.pk if form_type is not None else None
    require_unique_name(FormType(company=actor.tenant, name=name, pk=pk))


@transaction.atomic
def form_type_update(*, actor: User, form_type: FormType, fields: dict[str, Any]) -> FormType:
    """Rename a custom type or change any type's numbering (future submissions only)."""
    form_type_check(actor=actor, fields=fields, form_type=form_type)
    for name, value in fields.items():
        setattr(form_type, name, value.strip() if isinstance(value, str) else value)
    save_with_unique_name(form_type)
    return form_type


def form_template_check(
    *,
    actor: User,
    name: str,
    form_type: FormType,
    sections: Any,
    template: FormTemplate | None = None,
) -> list[dict[str, Any]]:
    """What saving a template (a new one, or `template`) checks, without saving: its sections
    normalized, or every problem at once."""
    require_same_company(actor, form_type, *([template] if template else []))
    require_admin(actor, to="manage form types and templates")
    problems = Problems()
    checked = problems.collect(lambda: check_sections(sections))
    pk = template.pk if template is not None else None
    problems.collect(
        lambda: require_unique_name(FormTemplate(company=actor.tenant, name=name.strip(), pk=pk))
    )
    problems.raise_if_any()
    return checked  # type: ignore[return-value]


@transaction.atomic
def form_template_create(
    *, actor: User, name: str, form_type: FormType, sections: Any
) -> FormTemplate:
    """Create a template and its first version."""
    checked = form_template_check(actor=actor, name=name, form_type=form_type, sections=sections)
    template = FormTemplate(company=actor.tenant, name=name.strip(), form_type=form_type)
    save_with_unique_name(template)
    FormTemplateVersion.objects.create(
        template=template, number=1, sections=checked, created_by=actor
    )
    return template


@transaction.atomic
def form_template_update(
    *,
    actor: User,
    template: FormTemplate,
    name: str,
    form_type: FormType,
    sections: Any,
) -> FormTemplate:
    """Save a template; changed fields make a new version, so earlier submissions keep theirs."""
    checked = form_template_check(
        actor=actor, name=name, form_type=form_type, sections=sections, template=template
    )
    template = FormTemplate.objects.select_for_update().get(pk=template.pk)
    template.name, template.form_type = name.strip(), form_type
    save_with_unique_name(template)
    latest = template.latest_version
    if latest.sections != checked:
        FormTemplateVersion.objects.create(
            template=template, number=latest.number + 1, sections=checked, created_by=actor
        )
    return template


@transaction.atomic
def form_template_archive(*, actor: User, template: FormTemplate) -> FormTemplate:
    """Stop a template taking submissions; its submissions and versions stay as they are."""
    return _form_template_set_active(actor=actor, template=template, active=False)


@transaction.atomic
def form_template_restore(*, actor: User, template: FormTemplate) -> FormTemplate:
    """Let people submit an archived template again."""
    return _form_template_set_active(actor=actor, template=template, active=True)


def _form_template_set_active(*, actor: User, template: FormTemplate, active: bool) -> FormTemplate:
    require_same_company(actor, template)
    require_admin(actor, to="manage form types and templates")
    template = FormTemplate.objects.select_for_update().get(pk=template.pk)
    if template.active == active:
        state = "active" if active else "archived"
        raise ValidationError({"active": f"This form is already {state}."})
    template.active = active
    template.save(update_fields=["active", "updated_at"])
    return template


def _next_number(form_type: FormType) -> str:
    """Take the type's next number in one statement, a transaction of its own, so that the row
    lock serialises numbering only, not whole submissions. A submission failing after this
    leaves a gap in the numbers, never a duplicate (see `submission_create` for numbers already
    used)."""
    table = connection.ops.quote_name(FormType._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_number = next_number + 1 WHERE id = %s "
            "RETURNING number_prefix, next_number - 1",
            [form_type.pk],
        )
        prefix, number = cursor.fetchone()
    return f"{prefix}{number}"


def submission_check(
    *, actor: User, template: FormTemplate, data: Any
) -> tuple[FormTemplateVersion, dict[str, Any]]:
    """What submitting a form checks, without submitting: the version filled in and the values
    to store, or every problem at once."""
    require_same_company(actor, template)
    if not template.active:
        raise ValidationError({"template": "This form is archived and takes no new submissions."})
    version = template.latest_version
    return version, clean_submission_data(fields=version.fields, data=data, company=actor.tenant)


class IdempotencyKeyReused(Exception):
    """An Idempotency-Key sent again with other values than the request that first used it."""


def _request_hash(*, template: FormTemplate, data: Any) -> str:
    """A fingerprint of what a submit request sent, kept beside its Idempotency-Key so that a
    repeat can be told from another request reusing the key."""
    sent = json.dumps(
        {"template": template.pk, "data": data}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(sent.encode()).hexdigest()


def _submission_made_with(
    *, actor: User, idempotency_key: str, request_hash: str
) -> FormSubmission | None:
    """The submission that this person's earlier request with this key made, if any."""
    if not idempotency_key:
        return None
    earlier = (
        FormSubmission.objects.select_related(
            "template_version__template__form_type", "submitted_by"
        )
        .filter(company=actor.tenant, submitted_by=actor, idempotency_key=idempotency_key)
        .first()
    )
    if earlier is not None and earlier.idempotency_request_hash != request_hash:
        raise IdempotencyKeyReused(
            f"This Idempotency-Key was already used to submit {earlier.number} with other "
            "values. Send a new key for a new form."
        )
    return earlier


def submission_create(
    *, actor: User, template: FormTemplate, data: Any, idempotency_key: str = ""
) -> FormSubmission:
    """Validate and save a filled-in form with its number, its first timeline event and the run
    of its published workflow, all or nothing (but for the number: see `_next_number`).

    With an `idempotency_key`, the form is submitted once however often, and however
    concurrently, the person sends it: a repeat returns the submission the first request made
    (the database's unique constraint decides who was first, at no cost to other submissions);
    the same key with other values raises `IdempotencyKeyReused`."""
    request_hash = _request_hash(template=template, data=data) if idempotency_key else ""
    try:
        version, cleaned = submission_check(actor=actor, template=template, data=data)
    except ValidationError:
        # A repeat of a request that was saved answers with its submission, even when its
        # values would not pass today (the form archived since, a vendor deactivated).
        earlier = _submission_made_with(
            actor=actor, idempotency_key=idempotency_key, request_hash=request_hash
        )
        if earlier is None:
            raise
        return earlier
    while True:
        number = _next_number(template.form_type)
        try:
            return _submission_save(
                actor=actor,
                version=version,
                number=number,
                data=cleaned,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
            )
        except IntegrityError:
            # A repeat (the number taken for it is left unused, as after any failed
            # submission), or a number used before: an admin set the counter back.
            earlier = _submission_made_with(
                actor=actor, idempotency_key=idempotency_key, request_hash=request_hash
            )
            if earlier is not None:
                return earlier
            if not FormSubmission.objects.filter(company=actor.tenant, number=number).exists():
                raise


@transaction.atomic
def _submission_save(
    *,
    actor: User,
    version: FormTemplateVersion,
    number: str,
    data: dict[str, Any],
    idempotency_key: str,
    request_hash: str,
) -> FormSubmission:
    submission = FormSubmission.objects.create(
        company=actor.tenant,
        template_version=version,
        number=number,
        data=data,
        submitted_by=actor,
        search_text=submission_search_text(number=number, fields=version.fields, data=data),
        idempotency_key=idempotency_key,
        idempotency_request_hash=request_hash,
    )
    timeline_event_record(
        submission=submission,
        kind="submitted",
        actor=actor,
        message=f"Submitted by {actor.display_name}",
        at=submission.submitted_at,
    )
    run = workflow_run_start(submission=submission)
    # What the answer shows of a new form is what was just written: no query reads it back.
    related_known(submission, "workflow_runs", [run] if run else [])
    related_known(submission, "step_reports", [])
    related_known(submission, "revisions", [])
    return submission


def submission_revise_refusal(*, actor: User, submission: FormSubmission) -> str:
    """Why this person may not revise the form now, in words; empty when they may. The rule:
    an admin may; the person who submitted it may while nothing has decided on it (no
    approval decided, the run not cancelled)."""
    require_same_company(actor, submission)
    if actor.is_admin:
        return ""
    if submission.submitted_by_id != actor.pk:
        return "Only the person who submitted this form, or a company admin, can revise it."
    if submission_decided(submission=submission):
        return (
            "It has been decided on (approved, rejected or cancelled), so only a company admin "
            "can revise it now."
        )
    return ""


def _revision_made_with(
    *, actor: User, submission: FormSubmission, idempotency_key: str, request_hash: str
) -> SubmissionRevision | None:
    """The revision that this person's earlier request with this key made, if any."""
    if not idempotency_key:
        return None
    earlier = SubmissionRevision.objects.filter(
        submission=submission, revised_by=actor, idempotency_key=idempotency_key
    ).first()
    if earlier is not None and earlier.idempotency_request_hash != request_hash:
        raise IdempotencyKeyReused(
            f"This Idempotency-Key was already used to revise {submission.number} with other "
            "values. Send a new key for a new revision."
        )
    return earlier


def submission_revise(
    *, actor: User, submission: FormSubmission, data: Any, idempotency_key: str = ""
) -> SubmissionRevision:
    """Change a submitted form's values as a new revision, the earlier values kept: checked as
    a submission is (against the version it was made with), said on the timeline field by
    field, and handed to the steps its run has passed that want it (`StepType.on_revision`),
    all or nothing. With an `idempotency_key` a repeated request makes one revision."""
    require_same_company(actor, submission)
    request_hash = ""
    if idempotency_key:
        request_hash = _request_hash(template=submission.template_version.template, data=data)
        earlier = _revision_made_with(
            actor=actor,
            submission=submission,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            return _revision_create(
                actor=actor,
                submission=submission,
                data=data,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
            )
    except IntegrityError:
        earlier = _revision_made_with(
            actor=actor,
            submission=submission,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )
        if earlier is None:
            raise
        return earlier


def _revision_create(
    *,
    actor: User,
    submission: FormSubmission,
    data: Any,
    idempotency_key: str,
    request_hash: str,
) -> SubmissionRevision:
    locked = (
        FormSubmission.objects.select_for_update()
        .select_related("template_version")
        .get(pk=submission.pk)
    )
    refusal = submission_revise_refusal(actor=actor, submission=locked)
    if refusal:
        raise PermissionDenied(refusal)
    fields = locked.template_version.fields
    cleaned = clean_submission_data(fields=fields, data=data, company=actor.tenant)
    changes = submission_changes(fields=fields, before=locked.data, after=cleaned)
    if not changes:
        raise ValidationError({"data": "Nothing has changed: change a value to revise the form."})
    revision = SubmissionRevision.objects.create(
        company_id=locked.company_id,
        submission=locked,
        number=locked.revisions.count() + 1,
        previous_data=locked.data,
        data=cleaned,
        changes=changes,
        revised_by=actor,
        idempotency_key=idempotency_key,
        idempotency_request_hash=request_hash,
    )
    locked.data = cleaned
    locked.search_text = submission_search_text(number=locked.number, fields=fields, data=cleaned)
    locked.save(update_fields=["data", "search_text"])
    timeline_event_record(
        submission=locked,
        kind="revised",
        actor=actor,
        message=f"Revised by {actor.display_name}: {changes_in_words(changes)}",
        data={"revision": revision.number, "changes": changes},
        at=revision.revised_at,
    )
    workflow_revision_runs_start(revision=revision)
    return revision
