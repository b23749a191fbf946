"""The built-in step types: their settings checked against the form and the company, and what
they do; and a type from another app registering itself."""

import pytest
from django.core import mail

from tests.factories import UserFactory, form_template, published_workflow
from tests.workflows.conftest import run_tasks
from workflows.definitions.services import (
    workflow_draft_save,
    workflow_get_or_create,
    workflow_publish,
)
from workflows.definitions.validation import GraphStep, GraphTransition
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


def _publish(admin, template, steps: dict, transitions: list):
    """Draw and publish a workflow as the editor does; returns (problems, the stored configs)."""
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    draft, problems = workflow_draft_save(
        actor=admin,
        workflow=workflow,
        revision=workflow.versions.get().revision,
        steps=[GraphStep(key, type_, config) for key, (type_, config) in steps.items()],
        transitions=[GraphTransition(*transition) for transition in transitions],
    )
    if problems:
        return problems, None
    published = workflow_publish(actor=admin, workflow=workflow, revision=draft.revision)
    return [], {step.key: step.config for step in published.steps.all()}


def test_publishing_stores_the_settings_as_the_step_types_validate_them(admin, template):
    steps = {
        "submit": ("submit", {}),
        "check": ("condition", {"field": "memo", "operator": "eq", "value": "  Elm  "}),
        "status": ("update_status", {"status": " Ordered "}),
        "approve": ("approval", {"approvers": "role"}),
    }
    arrows = [
        ("submit", "next", "check"), ("check", "true", "status"), ("status", "next", "approve"),
    ]  # fmt: skip
    problems, stored = _publish(admin, template, steps, arrows)
    assert problems == []
    assert stored["check"] == {"field": "memo", "operator": "eq", "value": "Elm"}
    assert stored["status"] == {"status": "Ordered"}
    assert stored["approve"] == {"approvers": "role", "users": [], "role": "admin", "field": ""}


def test_a_setting_of_the_wrong_type_is_a_problem_not_a_crash_when_the_step_runs(admin, template):
    steps = {"submit": ("submit", {}), "status": ("update_status", {"status": 123})}
    problems, stored = _publish(admin, template, steps, [("submit", "next", "status")])
    assert stored is None
    assert [(p.code, p.step, p.fields) for p in problems] == [
        ("settings", "status", {"status": ["Enter text."]})
    ]


def test_a_condition_runs_with_the_value_as_checked(admin, po_data, template):
    steps = {
        "submit": ("submit", {}),
        "check": (
            "condition",
            {"field": "memo", "operator": "eq", "value": " for the elm street job "},
        ),
        "yes": ("update_status", {"status": "Matched"}),
    }
    _publish(admin, template, steps, [("submit", "next", "check"), ("check", "true", "yes")])
    submission = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()
    submission.refresh_from_db()
    assert submission.status == "Matched"


def _settings(client, template, step_type: str) -> dict[str, dict]:
    types = client.get(f"/api/step-types/?template={template.pk}").json()
    [found] = [t for t in types if t["key"] == step_type]
    return {setting["name"]: setting for setting in found["settings"]}


def test_the_step_types_serve_their_settings_with_choices_and_the_fields_that_fit(
    admin_client, template
):
    approval = _settings(admin_client, template, "approval")
    assert approval["approvers"]["kind"] == "choice" and approval["approvers"]["required"]
    assert [c["value"] for c in approval["approvers"]["choices"]] == ["users", "role", "field"]
    assert approval["role"]["choices"] == [
        {"value": "admin", "label": "Admin"}, {"value": "member", "label": "Member"},
    ]  # fmt: skip
    assert approval["role"]["default"] == "admin"
    assert approval["role"]["shown_when"] == {"setting": "approvers", "values": ["role"]}
    assert (approval["users"]["kind"], approval["users"]["widget"]) == ("id_list", "people")
    assert approval["field"]["fits"] == []  # the PO form has no field that picks people

    status = _settings(admin_client, template, "update_status")["status"]
    assert status["label"] == "Status" and "Ordered" in status["suggestions"]

    condition = _settings(admin_client, template, "condition")
    assert condition["field"]["kind"] == "form_field"
    assert condition["field"]["fits"] == ["vendor", "materials", "memo", "due_date"]
    assert [c["label"] for c in condition["operator"]["choices"]][:2] == ["is", "is not"]
    assert "empty" not in condition["value"]["shown_when"]["values"]

    email = _settings(admin_client, template, "send_email")
    assert email["emails"]["kind"] == "email_list"
    assert email["body"]["kind"] == "long_text" and email["subject"]["kind"] == "text"

    types = admin_client.get(f"/api/step-types/?template={template.pk}").json()
    approval_type = next(t for t in types if t["key"] == "approval")
    assert [a["name"] for a in approval_type["actions"]] == ["approve", "reject"]
    assert approval_type["actions"][1]["note"] == "required"

    quickbooks = _settings(admin_client, template, "sync_quickbooks")
    assert {name: setting["fits"] for name, setting in quickbooks.items()} == {
        "vendor_field": ["vendor"], "materials_field": ["materials"], "memo_field": ["memo"],
        "due_date_field": ["due_date"], "create_unlinked_items": [],
    }  # fmt: skip
    assert quickbooks["create_unlinked_items"]["kind"] == "boolean"
