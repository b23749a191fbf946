"""The built-in step types: their settings checked against the form and the company, and what
they do; and a type from another app registering itself."""

import inspect
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

import tests.workflows.stepapp
from tests.factories import UserFactory, form_template, published_workflow
from tests.workflows.conftest import run_tasks
from workflows.definitions.services import (
    workflow_draft_save,
    workflow_get_or_create,
    workflow_publish,
)
from workflows.definitions.validation import GraphStep, GraphTransition, workflow_graph_problems
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
        "due_date_field": ["due_date"], "project_field": [], "class_field": [],
        "create_unlinked_items": [], "update_on_revision": [],
    }  # fmt: skip
    assert quickbooks["create_unlinked_items"]["kind"] == "boolean"


def _waiting_approval(admin, template, po_data, approvers: dict) -> StepRun:
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "approve": ("approval", approvers)},
        transitions=[("start", "next", "approve")],
    )
    submission = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()
    step_run = StepRun.objects.get(run__submission=submission, step__key="approve")
    assert step_run.status == "waiting"
    return step_run


def test_who_may_approve_is_decided_when_they_act_not_when_the_step_started(
    admin, member, po_data, template
):
    step_run = _waiting_approval(admin, template, po_data, {"approvers": "role", "role": "admin"})
    approval = step_type_get("approval")
    approve, reject = approval.actions
    assert approval.may_act(step_run=step_run, user=admin, action=approve)
    assert not approval.may_act(step_run=step_run, user=member, action=approve)
    # Demoted after the step started waiting for the admins: no longer an approver.
    admin.role = "member"
    admin.save()
    assert not approval.may_act(step_run=step_run, user=admin, action=reject)
    member.role = "admin"
    member.save()
    assert approval.may_act(step_run=step_run, user=member, action=approve)


def test_approvers_chosen_by_name_stop_approving_when_deactivated(admin, po_data, template):
    buyer = UserFactory(company=admin.company)
    step_run = _waiting_approval(
        admin, template, po_data, {"approvers": "users", "users": [buyer.pk]}
    )
    approval = step_type_get("approval")
    assert approval.may_act(step_run=step_run, user=buyer, action=approval.actions[0])
    assert not approval.may_act(step_run=step_run, user=admin, action=approval.actions[0])
    buyer.is_active = False
    buyer.save()
    assert not approval.may_act(step_run=step_run, user=buyer, action=approval.actions[0])


def test_rejecting_needs_a_note_and_each_decision_is_on_the_timeline(admin, po_data, template):
    step_run = _waiting_approval(admin, template, po_data, {"approvers": "role"})
    approval = step_type_get("approval")
    approve, reject = approval.actions
    assert (reject.note, approve.note) == ("required", "optional")
    with pytest.raises(ValidationError) as refused:
        approval.on_action(step_run=step_run, actor=admin, action=reject, data={"note": "  "})
    assert refused.value.message_dict == {"note": ["Say why you reject it."]}
    outcome = approval.on_action(
        step_run=step_run, actor=admin, action=reject, data={"note": " Over budget "}
    )
    assert (outcome.name, outcome.output) == ("rejected", {"note": "Over budget"})
    event = step_run.run.submission.timeline.get(kind="rejected")
    assert (event.actor, event.data, event.look.tone) == (admin, {"note": "Over budget"}, "danger")
    assert approval.on_action(step_run=step_run, actor=admin, action=approve, data={}).name == (
        "approved"
    )


def test_a_demoted_admin_gets_403_and_an_approver_moves_the_run_on_through_the_action_endpoint(
    admin, admin_client, member, member_client, po_data, template
):
    step_run = _waiting_approval(admin, template, po_data, {"approvers": "role", "role": "member"})
    url = f"/api/step-runs/{step_run.pk}/actions/reject/"
    assert admin_client.post(url, {"note": "No"}, format="json").status_code == 403
    member.role = "admin"
    member.save()
    assert member_client.post(url, {"note": "No"}, format="json").status_code == 403
    member.role = "member"
    member.save()
    assert member_client.post(url, {}, format="json").status_code == 400
    assert member_client.post(url, {"note": "Too dear"}, format="json").status_code == 200
    step_run.refresh_from_db()
    assert (step_run.status, step_run.outcome, step_run.actor) == ("succeeded", "rejected", member)


def test_a_line_break_in_a_value_used_in_the_subject_is_flattened(admin, po_data, template):
    _email_flow(template, emails=["office@example.com"])
    submission_create(
        actor=admin, template=template, data={**po_data, "memo": "Elm Street\r\nBcc: x@evil.test"}
    )
    run_tasks()
    [email] = mail.outbox
    assert email.subject == "PO Elm Street Bcc: x@evil.test needs ordering"
    assert email.to == ["office@example.com"] and email.bcc == []


def test_a_subject_setting_on_two_lines_is_a_problem(errors):
    subject = {"emails": ["a@example.com"], "subject": "PO\nBcc: x@evil.test", "body": "Hi"}
    assert errors("send_email", subject) == {"subject": ["Keep the subject on one line."]}


def test_an_app_adds_a_step_type_with_settings_a_timeline_kind_and_an_action_from_its_own_files(
    admin, admin_client, po_data, template, ledger
):
    # Everything about the type is declared in the app: no core file names it or its kind.
    app = Path(tests.workflows.stepapp.__file__).parent
    assert Path(inspect.getsourcefile(type(step_type_get("record")))).parent == app
    root = app.parents[2]
    for folder in ("workflows", "ontraccr_clone", "integrations", "frontend/src"):
        for path in (root / folder).rglob("*.*"):
            if path.suffix in (".py", ".ts", ".tsx"):
                assert "record_released" not in path.read_text(), path

    # The editor draws its settings from the schema the app's serializer gives.
    settings = _settings(admin_client, template, "record")
    assert {name: (s["kind"], s["default"]) for name, s in settings.items()} == {
        "seconds": ("number", 0), "fail_attempts": ("number", 0), "permanent": ("boolean", False),
        "retry_after": ("number", None), "wait": ("boolean", False),
        "redo_on_revision": ("boolean", False),
    }  # fmt: skip
    types = admin_client.get(f"/api/step-types/?template={template.pk}").json()
    record = next(t for t in types if t["key"] == "record")
    assert [a["name"] for a in record["actions"]] == ["release"]

    # Published as its serializer validates the settings; run, acted on, and on the timeline.
    problems, stored = _publish(
        admin,
        template,
        {"submit": ("submit", {}), "hold": ("record", {"wait": True})},
        [("submit", "next", "hold")],
    )
    assert problems == []
    assert stored["hold"] == {
        "seconds": 0.0, "fail_attempts": 0, "permanent": False, "retry_after": None, "wait": True,
        "redo_on_revision": False,
    }  # fmt: skip
    submission = submission_create(actor=admin, template=template, data=po_data)
    run_tasks()
    waiting = StepRun.objects.get(run__submission=submission, step__key="hold")
    url = f"/api/step-runs/{waiting.pk}/actions/release/"
    assert admin_client.post(url, {"note": "Go"}, format="json").status_code == 200
    timeline = admin_client.get(f"/api/submissions/{submission.pk}/timeline/").json()
    released = next(event for event in timeline if event["kind"] == "record_released")
    assert (released["kind_label"], released["tone"], released["icon"]) == (
        "Released", "success", "⇥",
    )  # fmt: skip


def test_the_drawing_says_what_each_step_does_and_problems_name_the_setting(
    admin, admin_client, template
):
    admin.name = "Avery Admin"
    admin.save()
    opened = admin_client.post("/api/workflows/", {"template": template.pk}, format="json").json()
    step = {"x": 0, "y": 0}
    drawing = {
        "revision": opened["revision"],
        "steps": [
            {**step, "key": "submit", "type": "submit"},
            {**step, "key": "approve", "type": "approval",
             "config": {"approvers": "users", "users": [admin.pk]}},
            {**step, "key": "status", "type": "update_status", "config": {"status": "Approved"}},
            {**step, "key": "check", "type": "condition",
             "config": {"field": "materials", "operator": "gt", "value": "500"}},
            {**step, "key": "blank", "type": "update_status", "config": {}},
            {**step, "key": "who", "type": "approval", "config": {}},
        ],
        "transitions": [
            {"source": "submit", "outcome": "next", "target": "approve"},
            {"source": "approve", "outcome": "approved", "target": "status"},
            {"source": "status", "outcome": "next", "target": "check"},
            {"source": "check", "outcome": "true", "target": "blank"},
            {"source": "check", "outcome": "false", "target": "who"},
        ],
    }  # fmt: skip
    body = admin_client.put(f"/api/workflows/{opened['id']}/draft/", drawing, format="json").json()
    assert body["summaries"] == {
        "submit": "",
        "approve": "Approval by Avery Admin",
        "status": "Set status to Approved",
        "check": "If Materials is more than 500",
    }
    assert [(p["step"], p["message"]) for p in body["problems"]] == [
        ("blank", "Update status: enter the status"),
        ("who", "Approval: choose approvers"),
    ]


def test_a_missing_form_field_setting_is_named_by_what_it_maps(admin, template):
    problems = workflow_graph_problems(
        company=admin.company,
        template=template,
        steps=[GraphStep("submit", "submit"), GraphStep("sync", "sync_quickbooks", {})],
        transitions=[GraphTransition("submit", "next", "sync")],
    )
    settings = next(problem for problem in problems if problem.code == "settings")
    assert settings.message == "Sync with QuickBooks: choose the field for Vendor"
