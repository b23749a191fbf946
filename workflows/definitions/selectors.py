from dataclasses import asdict
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ontraccr_clone.accounts.models import Company
from workflows.definitions.models import Workflow, WorkflowVersion
from workflows.definitions.validation import step_summaries, version_graph, workflow_graph_check
from workflows.forms.models import FormTemplate


def workflow_get(*, company: Company, pk: int) -> Workflow:
    """One of the company's workflows; another company's answers 404 just like a missing one."""
    return get_object_or_404(
        Workflow.objects.select_related("form_template__form_type"), company=company, pk=pk
    )


def workflow_current_version(*, workflow: Workflow) -> WorkflowVersion | None:
    """What the editor shows: the draft if there is one, else the latest published version."""
    versions = workflow.versions.select_related("updated_by", "published_by")
    draft = versions.filter(state=WorkflowVersion.State.DRAFT).first()
    return draft or versions.order_by("-number").first()


def workflow_latest_published(*, workflow: Workflow) -> WorkflowVersion | None:
    """The version that new submissions run."""
    return (
        workflow.versions.filter(state=WorkflowVersion.State.PUBLISHED).order_by("-number").first()
    )


def workflow_version_list(*, workflow: Workflow) -> QuerySet[WorkflowVersion]:
    """The published versions, newest first."""
    return (
        workflow.versions.filter(state=WorkflowVersion.State.PUBLISHED)
        .select_related("published_by")
        .order_by("-number")
    )


def workflow_version_get(*, workflow: Workflow, number: int) -> WorkflowVersion:
    return get_object_or_404(workflow_version_list(workflow=workflow), number=number)


def workflow_overview(*, company: Company) -> QuerySet[FormTemplate]:
    """Every active form template with its workflow (if drawn) and that workflow's versions."""
    return (
        FormTemplate.objects.filter(company=company, active=True)
        .select_related("form_type", "workflow")
        .prefetch_related(
            Prefetch(
                "workflow__versions",
                queryset=WorkflowVersion.objects.select_related(
                    "updated_by", "published_by"
                ).annotate(step_count=Count("steps")),
            )
        )
        .order_by("name")
    )


def workflow_drawing(*, workflow: Workflow) -> dict[str, Any]:
    """The editor's view of a workflow: its current drawing with that drawing's problems."""
    version = workflow_current_version(workflow=workflow)
    if version is None:
        raise Http404("This workflow has no versions.")
    steps, transitions = version_graph(version)
    problems, settings = workflow_graph_check(
        company=workflow.company,
        template=workflow.form_template,
        steps=steps,
        transitions=transitions,
    )
    fields = workflow.form_template.latest_version.fields
    published = workflow.versions.aggregate(last=Max("number"))["last"]
    return {
        "id": workflow.pk,
        "template": workflow.form_template,
        "revision": version.revision,
        "state": version.state,
        "steps": [asdict(step) for step in steps],
        "transitions": [asdict(transition) for transition in transitions],
        "problems": [asdict(problem) for problem in problems],
        "summaries": step_summaries(steps, settings=settings, fields=fields),
        "updated_by": version.updated_by,
        "updated_at": version.updated_at,
        "published_number": published,
    }


def workflow_version_drawing(*, version: WorkflowVersion) -> dict[str, Any]:
    """A published version as it was drawn, for viewing it read-only."""
    steps, transitions = version_graph(version)
    return {
        "number": version.number,
        "published_by": version.published_by,
        "published_at": version.published_at,
        "steps": [asdict(step) for step in steps],
        "transitions": [asdict(transition) for transition in transitions],
    }


def workflow_overview_rows(*, company: Company) -> list[dict[str, Any]]:
    """One row per active form: its workflow's newest published version and unpublished draft."""
    rows = []
    for template in workflow_overview(company=company):
        workflow = getattr(template, "workflow", None)
        versions = list(workflow.versions.all()) if workflow else []
        published = max(
            (v for v in versions if v.state == WorkflowVersion.State.PUBLISHED),
            key=lambda v: v.number or 0,
            default=None,
        )
        draft = next((v for v in versions if v.state == WorkflowVersion.State.DRAFT), None)
        rows.append(
            {
                "template": template,
                "workflow_id": workflow.pk if workflow else None,
                "published": published,
                "draft": draft,
                "step_count": published.step_count if published else 0,  # type: ignore[attr-defined]
            }
        )
    return rows
