"""Leases: a worker that lost its step run stops and writes nothing; outside effects go through
the ledger, so a step taken over never repeats its effect."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import form_template, published_workflow
from workflows.engine import services
from workflows.engine.ledger import OutsideEffect, outside_effect_find, outside_effect_save
from workflows.forms.services import submission_create
from workflows.models import StepRun, WorkflowRun
from workflows.steps.base import LeaseLost
from workflows.steps.registry import step_type_get

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WORKFLOW_ADVANCE_SLICE_SECONDS = 0  # one step per task: the test plays each worker


def _email_run(admin, po_data) -> WorkflowRun:
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "email": (
                "send_email",
                {"emails": ["buyer@example.com"], "subject": "PO", "body": "Hi"},
            ),
        },
        transitions=[("start", "next", "email")],
    )
    submission = submission_create(actor=admin, template=template, data=po_data)
    run = submission.workflow_runs.get()
    services.workflow_run_advance(run_id=run.pk)  # the Submit step
    return run


def _claim(run: WorkflowRun) -> StepRun:
    step_run = services._step_run_claim(run.pk)
    assert step_run is not None
    return step_run


def _expire(step_run: StepRun) -> None:
    past = timezone.now() - datetime.timedelta(seconds=1)
    StepRun.objects.filter(pk=step_run.pk).update(lease_expires_at=past)


def test_the_ledger_keeps_the_first_effect_saved_under_a_key(admin, po_data):
    step_run = _claim(_email_run(admin, po_data))
    assert outside_effect_find(key="k:email") is None
    first = outside_effect_save(step_run=step_run, key="k:email", kind="email", data={"n": 1})
    second = outside_effect_save(step_run=step_run, key="k:email", kind="email", data={"n": 2})
    assert first == second == {"n": 1}
    assert outside_effect_find(key="k:email") == {"n": 1}
    assert OutsideEffect.objects.filter(key="k:email").count() == 1


def test_the_lease_check_fails_once_another_worker_took_the_step_over(admin, po_data):
    run = _email_run(admin, po_data)
    first = _claim(run)
    services.step_run_lease_check(step_run=first)  # held: no error
    _expire(first)
    with pytest.raises(LeaseLost):
        services.step_run_lease_check(step_run=first)
    second = _claim(run)  # another worker resumes the same step run under a new lease
    assert second.pk == first.pk and second.lease_token != first.lease_token
    services.step_run_lease_check(step_run=second)
    with pytest.raises(LeaseLost):
        services.step_run_save_progress(step_run=first, output={"delivery": "sending"})
    assert StepRun.objects.get(pk=first.pk).output.get("delivery") is None


def test_a_lease_lost_before_sending_sends_one_email(admin, po_data):
    run = _email_run(admin, po_data)
    late = _claim(run)
    _expire(late)
    taker = _claim(run)
    with pytest.raises(LeaseLost):  # the late worker stops before handing the message over
        step_type_get("send_email").execute(step_run=late)
    services._step_run_finish(
        taker, step_type_get("send_email").execute(step_run=taker), go_on=False
    )
    assert len(mail.outbox) == 1
    assert WorkflowRun.objects.get(pk=run.pk).status == WorkflowRun.Status.SUCCEEDED


def test_a_lease_lost_after_sending_sends_one_email(admin, po_data):
    run = _email_run(admin, po_data)
    late = _claim(run)
    sent = step_type_get("send_email").execute(step_run=late)  # sent, then the worker stalls
    _expire(late)
    services.workflow_run_advance(run_id=run.pk)  # another worker takes over: the ledger has it
    assert services._step_run_finish(late, sent, go_on=False) is None  # the late result dropped
    assert len(mail.outbox) == 1
    run.refresh_from_db()
    assert run.status == WorkflowRun.Status.SUCCEEDED
    assert run.submission.timeline.filter(kind="email_sent").count() == 1


def test_a_worker_that_lost_its_lease_stops_and_writes_nothing(admin, po_data):
    run = _email_run(admin, po_data)
    late = _claim(run)
    _expire(late)
    taker = _claim(run)
    services.step_run_save_progress(step_run=taker, output={"delivery": "sending"})
    services._step_run_fail(late, services.StepFailed("late"))
    saved = StepRun.objects.get(pk=late.pk)
    assert (saved.status, saved.lease_token, saved.error) == ("running", taker.lease_token, "")
