"""The demo's Purchase Order form comes with a published workflow that works at once."""

import pytest

from ontraccr_clone.accounts.models import User
from ontraccr_clone.demo.management.commands.seed_demo import ADMIN_EMAIL
from ontraccr_clone.demo.management.commands.seed_demo import Command as SeedDemo
from tests.workflows.conftest import run_tasks
from workflows.engine.services import step_run_act
from workflows.models import FormSubmission, StepRun, WorkflowVersion

pytestmark = pytest.mark.django_db


def test_the_demo_purchase_orders_wait_for_an_admin_then_take_the_decided_status():
    SeedDemo().seed()
    run_tasks()
    version = WorkflowVersion.objects.get(workflow__form_template__name="Purchase Order")
    assert (version.state, version.number) == ("published", 1)
    waiting = list(StepRun.objects.filter(status="waiting", step__type="approval").order_by("id"))
    assert len(waiting) == FormSubmission.objects.count() == 3

    admin = User.objects.get(email=ADMIN_EMAIL)
    step_run_act(actor=admin, step_run=waiting[0], action="approve", data={})
    step_run_act(actor=admin, step_run=waiting[1], action="reject", data={"note": "Wrong vendor"})
    run_tasks()
    statuses = [step_run.run.submission for step_run in waiting[:2]]
    for submission in statuses:
        submission.refresh_from_db()
    assert [submission.status for submission in statuses] == ["Approved", "Rejected"]
