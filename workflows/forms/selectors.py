from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ontraccr_clone.accounts.models import Company
from workflows.engine.summary import runs_prefetch
from workflows.forms.models import (
    FormSubmission,
    FormTemplate,
    FormTemplateVersion,
    FormType,
)
from workflows.forms.search import search_term


def form_type_list(*, company: Company) -> QuerySet[FormType]:
    return FormType.objects.filter(company=company)


def form_type_get(*, company: Company, pk: int) -> FormType:
    return get_object_or_404(FormType, company=company, pk=pk)


def form_template_list(*, company: Company, active: bool | None = True) -> QuerySet[FormTemplate]:
    templates = FormTemplate.objects.filter(company=company).select_related("form_type")
    return templates if active is None else templates.filter(active=active)


def form_template_get(*, company: Company, pk: int) -> FormTemplate:
    """One of the company's templates; another company's answers 404 just like a missing one."""
    return get_object_or_404(form_template_list(company=company, active=None), pk=pk)


def form_template_to_fill(*, company: Company, pk: int) -> FormTemplate:
    """`form_template_get` with the version people fill in now, in one query (the submit path)."""
    version = (
        FormTemplateVersion.objects.select_related("template__form_type")
        .filter(template__company=company, template_id=pk)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404("No form template matches the given query.")
    template = version.template
    template.__dict__["latest_version"] = version  # what the cached property would have read
    return template


def submission_list(
    *,
    company: Company,
    template_id: int | None = None,
    status: str = "",
    submitted_by_id: int | None = None,
    search: str = "",
    report: tuple[str, str] | None = None,
) -> QuerySet[FormSubmission]:
    """The company's submissions, newest first, optionally filtered (by form, status, submitter,
    what a step type reports: (type, state)) and searched (by number, vendor, texts such as the
    memo, and material names)."""
    submissions = (
        FormSubmission.objects.filter(company=company)
        .select_related("template_version__template__form_type", "submitted_by")
        .prefetch_related(runs_prefetch(), "step_reports")
    )
    if template_id is not None:
        submissions = submissions.filter(template_version__template_id=template_id)
    if status:
        submissions = submissions.filter(status__iexact=status)
    if submitted_by_id is not None:
        submissions = submissions.filter(submitted_by_id=submitted_by_id)
    if report is not None:
        step_type, state = report
        submissions = submissions.filter(
            step_reports__step_type=step_type, step_reports__state=state
        )
    if search_term(search):
        submissions = submissions.filter(search_text__contains=search_term(search))
    return submissions.order_by("-submitted_at", "-id")


def submission_get(*, company: Company, pk: int) -> FormSubmission:
    return get_object_or_404(submission_list(company=company), pk=pk)


def submission_statuses(*, company: Company) -> list[str]:
    """The statuses the company's submissions are in, for the list's filter."""
    statuses = FormSubmission.objects.filter(company=company).values_list("status", flat=True)
    return sorted(set(statuses))
