"""The submit path: what it answers, how it numbers, and how many statements it sends."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import form_template, published_workflow
from tests.workflows.test_engine import APPROVAL_FLOW
from workflows.forms.models import FormType
from workflows.forms.services import submission_create

pytestmark = pytest.mark.django_db

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture
def po_template(admin):
    template = form_template(admin=admin)
    published_workflow(template=template, **APPROVAL_FLOW)
    return template


def submit(client, template, data):
    return client.post("/api/submissions/", {"template": template.pk, "data": data}, format="json")


def test_the_answer_is_what_reading_the_form_back_gives(member_client, po_template, po_data):
    created = submit(member_client, po_template, po_data)

    assert created.status_code == 201
    read_back = member_client.get(f"/api/submissions/{created.json()['id']}/").json()
    answered = created.json()
    assert answered["run"]["stage"] == "At Submit"
    assert answered["revisions"] == 0 and answered["reports"] == []
    assert {**answered, "revise": None} == {**read_back, "revise": None}


def test_a_number_used_before_is_passed_over(admin, po_template, po_data):
    first = submission_create(actor=admin, template=po_template, data=po_data)
    submission_create(actor=admin, template=po_template, data=po_data)
    FormType.objects.filter(pk=po_template.form_type_id).update(next_number=1001)  # set back

    third = submission_create(actor=admin, template=po_template, data=po_data)

    assert first.number == "PO-1001"
    assert third.number == "PO-1003"
    assert FormType.objects.get(pk=po_template.form_type_id).next_number == 1004


def test_a_submission_sends_at_most_twelve_statements(member_client, po_template, po_data):
    submit(member_client, po_template, po_data)  # what a process reads once
    with CaptureQueriesContext(connection) as captured:
        assert submit(member_client, po_template, po_data).status_code == 201

    statements = [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].upper().startswith(TRANSACTION_CONTROL)
    ]
    # Session, user, form with its version, vendor, materials, number, submission, timeline
    # event, Submit step, run, step run, task: nothing is read back for the answer.
    assert len(statements) <= 12, "\n".join(statements)
