"""Drawing and publishing workflows: admins only; each change names the revision it is based on."""

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from ontraccr_clone.accounts.live import live_notice_send
from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import require_admin, require_same_company
from workflows.definitions.models import Step, Transition, Workflow, WorkflowVersion
from workflows.definitions.selectors import workflow_current_version, workflow_latest_published
from workflows.definitions.validation import (
    SUBMIT,
    GraphStep,
    GraphTransition,
    Problem,
    version_graph,
    workflow_graph_check,
)
from workflows.forms.models import FormTemplate

# Problems that a drawing cannot even be stored with: refused at once, as bad input.
UNSTORABLE = {"unknown_type": "steps", "no_source": "transitions", "no_target": "transitions",
              "second_arrow": "transitions"}  # fmt: skip


class DraftConflict(APIException):
    """Someone saved the workflow since this editor loaded it: saving would lose their change."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, version: WorkflowVersion):
        saved_by = version.updated_by
        name = saved_by.display_name if saved_by else "Someone"
        detail: Any = {
            "detail": f"{name} saved this workflow at {version.updated_at:%H:%M} UTC. "
            "Reload to see their change before editing.",
            "saved_by": {"id": saved_by.pk, "display_name": name} if saved_by else None,
            "saved_at": version.updated_at.isoformat(),
            "revision": version.revision,
        }
        self.detail = detail


class PublishRefused(APIException):
    """The drawing has problems; a run could not follow it."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, problems: Sequence[Problem]):
        detail: Any = {
            "detail": "Fix the problems of this workflow before publishing it.",
            "problems": [asdict(problem) for problem in problems],
        }
        self.detail = detail


def _require_editor(actor: User, workflow: Workflow) -> None:
    require_admin(actor, to="edit workflows")
    require_same_company(actor, workflow)


def _lock(workflow: Workflow) -> Workflow:
    """Serialise changes to one workflow, so two saves can never both pass the revision check."""
    return Workflow.objects.select_for_update().get(pk=workflow.pk)


def _check_revision(workflow: Workflow, revision: int) -> WorkflowVersion | None:
    current = workflow_current_version(workflow=workflow)
    if current is not None and current.revision != revision:
        raise DraftConflict(current)
    return current


def _draft_for(
    workflow: Workflow, *, actor: User, current: WorkflowVersion | None
) -> WorkflowVersion:
    """The workflow's draft, started when the last change was a publication."""
    if current is not None and current.state == WorkflowVersion.State.DRAFT:
        return current
    return WorkflowVersion.objects.create(
        workflow=workflow,
        revision=current.revision if current else 0,
        created_by=actor,
        updated_by=actor,
    )


def _replace_graph(
    version: WorkflowVersion, steps: Sequence[GraphStep], transitions: Sequence[GraphTransition]
) -> None:
    version.transitions.all().delete()
    version.steps.all().delete()
    created = Step.objects.bulk_create(
        Step(version=version, key=s.key, type=s.type, config=s.config, x=s.x, y=s.y) for s in steps
    )
    by_key = {step.key: step for step in created}
    Transition.objects.bulk_create(
        Transition(
            version=version, source=by_key[t.source], outcome=t.outcome, target=by_key[t.target]
        )
        for t in transitions
    )


def _stored(settings: dict[str, Any]) -> Any:
    """Settings as a JSON field gives them back."""
    return json.loads(json.dumps(settings, cls=DjangoJSONEncoder))


def _same_drawing(
    version: WorkflowVersion,
    steps: Sequence[GraphStep],
    transitions: Sequence[GraphTransition],
    settings: dict[str, dict[str, Any]],
) -> bool:
    """Whether a drawing is the version's: the same steps in the same places with the same
    settings (compared as the version stores them, validated) and the same arrows."""
    stored_steps, stored_transitions = version_graph(version)

    def step_view(step: GraphStep, config: Any) -> tuple[str, float, float, str]:
        return step.type, step.x, step.y, json.dumps(config, sort_keys=True)

    drawn = {s.key: step_view(s, _stored(settings.get(s.key, s.config))) for s in steps}
    stored = {s.key: step_view(s, s.config) for s in stored_steps}
    return drawn == stored and set(transitions) == set(stored_transitions)


def _touch(version: WorkflowVersion, *, actor: User) -> None:
    version.revision += 1
    version.updated_by = actor
    version.updated_at = timezone.now()
    version.save(update_fields=["revision", "updated_by", "updated_at"])


def _refuse_unstorable(problems: Sequence[Problem]) -> None:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.code in UNSTORABLE:
            errors.setdefault(UNSTORABLE[problem.code], []).append(problem.message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def workflow_get_or_create(*, actor: User, template: FormTemplate) -> tuple[Workflow, bool]:
    """The template's workflow; a new one starts as a draft holding the Submit step alone."""
    require_admin(actor, to="edit workflows")
    require_same_company(actor, template)
    workflow, created = Workflow.objects.get_or_create(
        form_template=template, defaults={"company_id": template.company_id}
    )
    if created:
        draft = WorkflowVersion.objects.create(
            workflow=workflow, created_by=actor, updated_by=actor
        )
        Step.objects.create(version=draft, key="submit", type=SUBMIT, x=0, y=0)
    return workflow, created


@transaction.atomic
def workflow_draft_save(
    *,
    actor: User,
    workflow: Workflow,
    revision: int,
    steps: Sequence[GraphStep],
    transitions: Sequence[GraphTransition],
) -> tuple[WorkflowVersion, list[Problem]]:
    """Replace the draft's drawing. The draft is saved even with problems (they are returned);
    a save based on an older revision is refused so that nobody's change is lost."""
    _require_editor(actor, workflow)
    workflow = _lock(workflow)
    keys = [step.key for step in steps]
    if len(set(keys)) != len(keys):
        raise ValidationError({"steps": "Each step needs its own key."})
    template = workflow.form_template
    problems, settings = workflow_graph_check(
        company=actor.tenant, template=template, steps=steps, transitions=transitions
    )
    _refuse_unstorable(problems)
    current = _check_revision(workflow, revision)
    published = workflow_latest_published(workflow=workflow)
    if published is not None and _same_drawing(published, steps, transitions, settings):
        return _draft_discard(workflow, current=current, published=published, actor=actor), problems
    draft = _draft_for(workflow, actor=actor, current=current)
    _replace_graph(draft, steps, transitions)
    _touch(draft, actor=actor)
    return draft, problems


def _draft_discard(
    workflow: Workflow, *, current: WorkflowVersion | None, published: WorkflowVersion, actor: User
) -> WorkflowVersion:
    """Drop a draft drawn back to the published version, so that the workflow reads as published.
    The published version takes on the draft's revision (its drawing never changes), so that
    revisions keep growing and an editor still holding the draft's revision is refused."""
    if current is None or current.state != WorkflowVersion.State.DRAFT:
        return published
    published.revision = current.revision
    current.delete()
    _touch(published, actor=actor)
    return published


@transaction.atomic
def workflow_publish(*, actor: User, workflow: Workflow, revision: int) -> WorkflowVersion:
    """Make the draft the version that new submissions run, numbered after the last one, with
    each step's settings as its type's serializer validated them; refused while the drawing has
    any problem."""
    _require_editor(actor, workflow)
    workflow = _lock(workflow)
    current = _check_revision(workflow, revision)
    if current is None or current.state != WorkflowVersion.State.DRAFT:
        raise ValidationError({"revision": "There is no draft to publish."})
    steps, transitions = version_graph(current)
    problems, settings = workflow_graph_check(
        company=actor.tenant, template=workflow.form_template, steps=steps, transitions=transitions
    )
    if problems:
        raise PublishRefused(problems)
    # What runs read is what the step types' serializers made of the settings, never raw input.
    stored = list(current.steps.all())
    for step in stored:
        step.config = settings[step.key]
    Step.objects.bulk_update(stored, ["config"])
    last = workflow.versions.aggregate(last=Max("number"))["last"] or 0
    current.state = WorkflowVersion.State.PUBLISHED
    current.number = last + 1
    current.published_by = actor
    current.published_at = timezone.now()
    current.save(update_fields=["state", "number", "published_by", "published_at"])
    live_notice_send(
        company_id=workflow.company_id,
        subject="workflow",
        subject_id=workflow.pk,
        audience="admins",
    )
    return current


@transaction.atomic
def workflow_version_restore(*, actor: User, version: WorkflowVersion) -> WorkflowVersion:
    """Copy a published version into the draft, to edit and publish it again; restoring the
    version that runs now simply drops the draft."""
    _require_editor(actor, version.workflow)
    if version.state != WorkflowVersion.State.PUBLISHED:
        raise ValidationError({"version": "Only a published version can be restored."})
    workflow = _lock(version.workflow)
    current = workflow_current_version(workflow=workflow)
    published = workflow_latest_published(workflow=workflow)
    if published is not None and published.pk == version.pk:
        return _draft_discard(workflow, current=current, published=published, actor=actor)
    draft = _draft_for(workflow, actor=actor, current=current)
    steps, transitions = version_graph(version)
    _replace_graph(draft, steps, transitions)
    _touch(draft, actor=actor)
    return draft
