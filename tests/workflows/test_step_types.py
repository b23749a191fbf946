"""The built-in step types: their settings checked against the form and the company, and what
they do; and a type from another app registering itself."""

import pytest
from django.core import mail

from tests.factories import UserFactory, form_template, published_workflow
from tests.workflows.conftest import run_tasks
from workflows.engine.ledger import OutsideEffect
from workflows.engine.models import StepRun
from workflows.engine.services import step_run_retry, workflow_run_advance
from workflows.forms.services import submission_create
from workflows.steps.registry import step_type_get, step_type_list

pytestmark = pytest.mark.django_db


def test_the_built_in_types_and_an_app_s_own_type_are_registered():
    keys = [step_type.key for step_type in step_type_list()]
    assert keys[:5] == ["submit", "approval", "update_status", "send_email", "condition"]
    assert "record" in keys  # registered by tests.workflows.stepapp, an app of its own
    assert step_type_get("approval").outcomes == ("approved", "rejected")
    assert step_type_get("condition").outcomes == ("true", "false")


@pytest.fixture
def template(admin):
    return form_template(admin=admin)


@pytest.fixture
def errors(admin, template):
    """The errors of a step's settings on the PO form of the admin's company."""
    context = {
        "company": admin.company,
        "template": template,
        "fields": template.versions.get().fields,
    }

    def check(step_type: str, config: dict) -> dict:
        serializer = step_type_get(step_type).ConfigSerializer(data=config, context=context)
        serializer.is_valid()
        return serializer.errors

    return check


def test_approval_settings_name_people_of_the_company_or_a_field_that_picks_people(
    admin, other_admin, errors
):
    assert errors("approval", {"approvers": "users", "users": [admin.pk]}) == {}
    assert "users" in errors("approval", {"approvers": "users", "users": []})
    foreign = errors("approval", {"approvers": "users", "users": [other_admin.pk]})
    assert "users" in foreign
    assert errors("approval", {"approvers": "role", "role": "admin"}) == {}
    vendor_field = errors("approval", {"approvers": "field", "field": "vendor"})
    assert vendor_field == {"field": ["Choose a field that picks people."]}
    unknown = errors("approval", {"approvers": "field", "field": "nope"})
    assert "field" in unknown


def test_email_settings_need_a_recipient_and_known_placeholders(errors):
    good = {"emails": ["buyer@example.com"], "subject": "PO {{memo}}", "body": "Due {{due_date}}"}
    assert errors("send_email", good) == {}
    assert "users" in errors("send_email", {**good, "emails": []})
    assert "subject" in errors("send_email", {**good, "subject": "{{colour}}"})


def test_condition_settings_fit_the_field_s_type(errors):
    ok = {"field": "materials", "operator": "gt", "value": "500"}
    assert errors("condition", ok) == {}
    text_lt = {"field": "memo", "operator": "lt", "value": "a"}
    assert "operator" in errors("condition", text_lt)
    not_a_number = {"field": "materials", "operator": "gt", "value": "lots"}
    assert "value" in errors("condition", not_a_number)
    empty = {"field": "memo", "operator": "empty"}
    assert errors("condition", empty) == {}


def test_update_status_needs_a_status(errors):
    assert "status" in errors("update_status", {})


def _email_flow(template, **config):
    settings = {"subject": "PO {{memo}} needs ordering", "body": "Vendor: {{vendor}}", **config}
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "email": ("send_email", settings)},
        transitions=[("start", "next", "email")],
    )


def test_an_email_goes_to_the_people_and_addresses_with_the_form_s_values(admin, po_data, template):
    buyer = UserFactory(company=admin.company, email="buyer@example.com")
    _email_flow(template, users=[buyer.pk], emails=["office@example.com"])
    submission = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == ["buyer@example.com", "office@example.com"]
    assert email.subject == "PO For the Elm Street job needs ordering"
    assert email.body.startswith("Vendor: Vendor ")
    sent = submission.timeline.get(kind="email_sent")
    assert "buyer@example.com" in sent.message


def test_an_email_interrupted_while_sending_is_not_sent_again_until_an_admin_retries(
    admin, po_data, template
):
    _email_flow(template, emails=["office@example.com"])
    submission = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()  # Submit
    assert len(mail.outbox) == 1
    email_step = StepRun.objects.get(run__submission=submission, step__key="email")
    # As a worker that stopped between "sending" and saving the email in the ledger leaves it:
    OutsideEffect.objects.filter(step_run=email_step).delete()
    StepRun.objects.filter(pk=email_step.pk).update(
        status="running", outcome="", output={"delivery": "sending"}, lease_expires_at=None
    )
    email_step.run.status = "running"
    email_step.run.save()
    mail.outbox.clear()

    workflow_run_advance(run_id=email_step.run_id)
    email_step.refresh_from_db()
    assert mail.outbox == []
    assert email_step.status == "failed"
    assert "may not have been sent" in email_step.error

    step_run_retry(actor=admin, step_run=email_step)
    run_tasks()
    assert len(mail.outbox) == 1
