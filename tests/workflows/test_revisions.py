"""Revising a submitted form: who may, what is kept, what the timeline says, and the steps its
run passed doing their revision work through the engine."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from tests.factories import MaterialFactory, UserFactory, form_template, published_workflow
from tests.workflows.conftest import run_tasks
from tests.workflows.test_engine import APPROVAL_FLOW, step_run_approve
from workflows.engine.selectors import submission_run_overview
from workflows.forms.models import SubmissionRevision
from workflows.forms.services import submission_create, submission_revise
from workflows.models import StepRun, WorkflowRun

pytestmark = pytest.mark.django_db

KEY = "5d1f0e5c-revise-1"


@pytest.fixture
def template(admin):
    return form_template(admin=admin)


def _input(submission) -> dict:
    """The submission's values as a form sends them (choices by id)."""
    data = submission.data
    return {
        "vendor": data["vendor"][0]["id"],
        "materials": [
            {key: row[key] for key in ("material_id", "name", "quantity", "unit_cost")}
            for row in data["materials"]
        ],
        "memo": data.get("memo", ""),
    }


def _submit(actor, template, data):
    submission = submission_create(actor=actor, template=template, data=data)
    run_tasks()
    submission.refresh_from_db()
    return submission


def test_the_submitter_revises_and_the_timeline_says_what_changed(member, template, po_data):
    submission = _submit(member, template, po_data)
    first = submission.data
    changed = _input(submission)
    changed["materials"][0]["quantity"] = "5"
    changed["materials"].append({"name": "Anchor bolts", "quantity": "10", "unit_cost": "1.25"})
    changed["memo"] = "For the Oak Street job"

    revision = submission_revise(actor=member, submission=submission, data=changed)

    submission.refresh_from_db()
    assert revision.number == 1
    assert revision.previous_data == first
    assert submission.data["materials"][0]["quantity"] == "5"
    assert submission.data["memo"] == "For the Oak Street job"
    line = submission.timeline.get(kind="revised")
    name = first["materials"][0]["name"]
    assert line.actor == member
    assert line.message == (
        f"Revised by {member.display_name}: Materials: {name} quantity 2 → 5; "
        "Materials: Anchor bolts added (10 at 1.25); "
        "Memo For the Elm Street job → For the Oak Street job"
    )
    assert line.data["revision"] == 1
    assert [change["field"] for change in line.data["changes"]] == ["materials", "memo"]


def test_a_removed_line_is_said_removed_and_each_revision_is_kept(admin, template, po_data):
    po_data["materials"].append({"name": "Rebar ties", "quantity": "4", "unit_cost": "2"})
    submission = _submit(admin, template, po_data)
    without_ties = _input(submission)
    without_ties["materials"] = without_ties["materials"][:1]

    submission_revise(actor=admin, submission=submission, data=without_ties)
    second = {**without_ties, "memo": ""}
    submission_revise(actor=admin, submission=submission, data=second)

    revisions = list(SubmissionRevision.objects.filter(submission=submission))
    assert [revision.number for revision in revisions] == [1, 2]
    assert len(revisions[0].previous_data["materials"]) == 2
    assert revisions[1].previous_data == revisions[0].data
    messages = list(submission.timeline.filter(kind="revised").values_list("message", flat=True))
    assert messages[0].endswith("Materials: Rebar ties removed")
    assert messages[1].endswith("Memo For the Elm Street job → (empty)")


def test_a_revision_that_changes_nothing_is_refused(admin, template, po_data):
    submission = _submit(admin, template, po_data)
    with pytest.raises(ValidationError, match="Nothing has changed"):
        submission_revise(actor=admin, submission=submission, data=_input(submission))
    assert not SubmissionRevision.objects.exists()


def test_who_may_revise(admin, member, template, po_data):
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submit(member, template, po_data)
    changed = {**_input(submission), "memo": "Changed"}
    colleague = UserFactory(company=member.company)

    with pytest.raises(PermissionDenied, match="Only the person who submitted"):
        submission_revise(actor=colleague, submission=submission, data=changed)
    submission_revise(actor=member, submission=submission, data=changed)  # not decided yet

    step_run_approve(actor=admin, step_run=StepRun.objects.get(status="waiting"))
    with pytest.raises(PermissionDenied, match="decided on"):
        submission_revise(actor=member, submission=submission, data={**changed, "memo": "Again"})
    submission_revise(actor=admin, submission=submission, data={**changed, "memo": "Again"})
    assert SubmissionRevision.objects.filter(submission=submission).count() == 2


def _record_flow(template, **config):
    return published_workflow(
        template=template,
        steps={"start": ("submit", {}), "record": ("record", config)},
        transitions=[("start", "next", "record")],
    )


def _revised_lines(ledger) -> list[list[str]]:
    return [line.split() for line in ledger.read_text().splitlines() if line.startswith("revised")]


def test_a_step_that_wants_revisions_does_its_work_once_per_revision_through_the_engine(
    admin, template, po_data, ledger, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 0
    _record_flow(template, redo_on_revision=True, fail_attempts=1)
    submission = _submit(admin, template, po_data)
    main_run = submission.workflow_runs.get()

    submission_revise(
        actor=admin, submission=submission, data={**_input(submission), "memo": "One"}
    )
    submission_revise(
        actor=admin, submission=submission, data={**_input(submission), "memo": "Two"}
    )
    run_tasks()
    run_tasks()  # the work runs again from its ledger: nothing is done twice

    revised = _revised_lines(ledger)
    assert sorted(line[3] for line in revised) == ["1", "2"]
    assert len({line[2] for line in revised}) == 2  # a key of its own per revision
    revision_runs = WorkflowRun.objects.filter(submission=submission, revision__isnull=False)
    assert [run.status for run in revision_runs] == ["succeeded", "succeeded"]
    # The first try of the first revision failed (fail_attempts) and was retried, same key.
    first = StepRun.objects.filter(run=revision_runs.order_by("id")[0]).order_by("id")
    assert [step_run.status for step_run in first] == ["failed", "succeeded"]
    assert len({step_run.idempotency_key for step_run in first}) == 1
    main_run.refresh_from_db()
    assert main_run.status == WorkflowRun.Status.SUCCEEDED
    assert submission_run_overview(submission=submission, viewer=admin)["run"]["id"] == main_run.pk


def test_a_step_set_to_ignore_revisions_or_not_passed_yet_does_nothing(
    admin, template, po_data, ledger
):
    _record_flow(template, redo_on_revision=False)
    submission = _submit(admin, template, po_data)
    submission_revise(actor=admin, submission=submission, data={**_input(submission), "memo": "X"})
    run_tasks()
    assert _revised_lines(ledger) == []
    assert not WorkflowRun.objects.filter(revision__isnull=False).exists()


def test_a_revision_while_the_run_waits_for_a_person_leaves_it_waiting(
    admin, member, template, po_data, ledger
):
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "record": ("record", {"redo_on_revision": True}),
            "approve": ("approval", {"approvers": "role", "role": "admin"}),
            "later": ("record", {"redo_on_revision": True}),
        },
        transitions=[
            ("start", "next", "record"),
            ("record", "next", "approve"),
            ("approve", "approved", "later"),
        ],
    )
    submission = _submit(member, template, po_data)

    submission_revise(
        actor=member, submission=submission, data={**_input(submission), "memo": "Changed"}
    )
    run_tasks()

    assert [line[1] for line in _revised_lines(ledger)] == ["record"]  # "later" not passed yet
    overview = submission_run_overview(submission=submission, viewer=admin)
    assert overview["run"]["status"] == WorkflowRun.Status.WAITING
    assert [action["name"] for action in overview["actions"]] == ["approve", "reject"]


def test_materials_in_a_revision_are_checked_like_a_submission(admin, template, po_data):
    submission = _submit(admin, template, po_data)
    other_company_material = MaterialFactory()
    changed = _input(submission)
    changed["materials"] = [{"material_id": other_company_material.pk, "quantity": "0"}]

    with pytest.raises(ValidationError) as refused:
        submission_revise(actor=admin, submission=submission, data=changed)

    assert set(refused.value.message_dict) == {
        "materials[0].material_id",
        "materials[0].quantity",
    }
    submission.refresh_from_db()
    assert submission.data["materials"][0]["quantity"] == "2"


def _revise(client, submission, data, key: str | None = KEY):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(
        f"/api/submissions/{submission.pk}/revise/", {"data": data}, format="json", headers=headers
    )


def test_the_api_says_who_may_revise_and_revises_once_per_key(
    member, member_client, template, po_data
):
    submission = _submit(member, template, po_data)
    detail = member_client.get(f"/api/submissions/{submission.pk}/").json()
    assert detail["revise"] == {"allowed": True, "reason": ""}
    assert detail["revisions"] == 0
    changed = {**_input(submission), "memo": "Changed"}

    first = _revise(member_client, submission, changed)
    again = _revise(member_client, submission, changed)
    other_values = _revise(member_client, submission, {**changed, "memo": "Other"})

    assert first.status_code == again.status_code == 200, first.json()
    assert first.json()["data"]["memo"] == "Changed"
    assert first.json()["revisions"] == again.json()["revisions"] == 1
    assert other_values.status_code == 422
    assert SubmissionRevision.objects.filter(submission=submission).count() == 1


def test_the_api_refuses_bad_values_with_field_errors_and_others_with_the_reason(
    member, admin, member_client, other_client, template, po_data
):
    submission = _submit(admin, template, po_data)
    bad = {**_input(submission), "due_date": "someday"}

    assert member_client.get(f"/api/submissions/{submission.pk}/").json()["revise"] == {
        "allowed": False,
        "reason": "Only the person who submitted this form, or a company admin, can revise it.",
    }
    refused = _revise(member_client, submission, {**_input(submission), "memo": "Mine"}, key=None)
    assert refused.status_code == 403
    assert "Only the person who submitted" in refused.json()["detail"]
    assert _revise(other_client, submission, bad, key=None).status_code == 404

    admin_client = APIClient()
    admin_client.force_login(admin)
    invalid = _revise(admin_client, submission, bad, key=None)
    assert invalid.status_code == 400
    assert "due_date" in str(invalid.json())
    assert not SubmissionRevision.objects.exists()
