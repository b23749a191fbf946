"""Submitting with an Idempotency-Key: a form is submitted once, however often it is sent."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ontraccr_clone.accounts.models import User
from tests.factories import (
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
    published_workflow,
)
from tests.workflows.test_engine import APPROVAL_FLOW
from workflows.forms.services import form_template_archive
from workflows.models import FormSubmission, TimelineEvent, WorkflowRun

pytestmark = pytest.mark.django_db

KEY = "0f8fad5b-d9cb-469f-a165-70867728950e"


@pytest.fixture
def po_template(admin):
    return form_template(admin=admin)


def submit(client, template, data, key: str | None = KEY):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(
        "/api/submissions/", {"template": template.pk, "data": data}, format="json", headers=headers
    )


def test_a_repeat_is_answered_as_the_first_try_and_submits_once(
    member_client, po_template, po_data
):
    published_workflow(template=po_template, **APPROVAL_FLOW)

    first = submit(member_client, po_template, po_data)
    again = submit(member_client, po_template, po_data)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    submission = FormSubmission.objects.get()
    assert first.json()["id"] == submission.pk
    assert submission.idempotency_key == KEY
    assert TimelineEvent.objects.filter(kind="submitted").count() == 1
    assert WorkflowRun.objects.get().submission == submission


def test_a_repeat_answers_with_its_submission_after_the_form_was_archived(
    admin, member_client, po_template, po_data
):
    first = submit(member_client, po_template, po_data)
    form_template_archive(actor=admin, template=po_template)

    again = submit(member_client, po_template, po_data)

    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    other_key = submit(member_client, po_template, po_data, key="another-form")
    assert other_key.status_code == 400 and "template" in other_key.json()


def test_the_same_key_with_other_values_is_refused_and_saves_nothing(
    admin, member_client, po_template, po_data
):
    first = submit(member_client, po_template, po_data)
    changed = submit(member_client, po_template, {**po_data, "memo": "Another job"})
    other_form = submit(
        member_client, form_template(admin=admin, key="general", name="Notes"), po_data
    )

    number = first.json()["number"]
    for refused in (changed, other_form):
        assert refused.status_code == 422
        assert refused.json() == {
            "detail": f"This Idempotency-Key was already used to submit {number} with other "
            "values. Send a new key for a new form."
        }
    assert FormSubmission.objects.count() == 1


def test_the_same_key_with_other_values_is_refused_even_when_they_are_invalid(
    member_client, po_template, po_data
):
    submit(member_client, po_template, po_data)

    refused = submit(member_client, po_template, {**po_data, "vendor": None})

    assert refused.status_code == 422
    assert FormSubmission.objects.count() == 1


def test_a_try_refused_as_invalid_saves_nothing_and_its_key_submits_the_corrected_form(
    member_client, po_template, po_data
):
    refused = submit(member_client, po_template, {**po_data, "vendor": None})
    assert refused.status_code == 400 and "vendor" in refused.json()

    corrected = submit(member_client, po_template, po_data)

    assert corrected.status_code == 201
    assert FormSubmission.objects.get().pk == corrected.json()["id"]


def test_a_colleague_sending_the_same_request_and_key_makes_their_own_submission(
    member, member_client, po_template, po_data
):
    colleague = UserFactory(company=member.company, role=User.Role.MEMBER)
    colleague_client = APIClient()
    colleague_client.force_authenticate(colleague)

    mine = submit(member_client, po_template, po_data)
    theirs = submit(colleague_client, po_template, po_data)

    assert mine.status_code == theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]
    assert theirs.json()["number"] != mine.json()["number"]
    assert theirs.json()["submitted_by"]["id"] == colleague.pk
    assert FormSubmission.objects.filter(idempotency_key=KEY).count() == 2


def test_another_company_reusing_a_key_makes_its_own_submission(
    member_client, other_client, other_admin, po_template, po_data
):
    other_template = form_template(admin=other_admin)
    material = MaterialFactory(company=other_admin.company)
    other_data = {
        "vendor": VendorFactory(company=other_admin.company).pk,
        "materials": [{"material_id": material.pk, "quantity": 1}],
    }

    mine = submit(member_client, po_template, po_data)
    theirs = submit(other_client, other_template, other_data)

    assert mine.status_code == theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]
    assert FormSubmission.objects.get(pk=theirs.json()["id"]).company == other_admin.company


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "The Idempotency-Key header is empty"),
        ("   ", "The Idempotency-Key header is empty"),
        ("k" * 256, "The Idempotency-Key header is longer than 255 characters."),
        ("two words", "The Idempotency-Key header may hold only letters, digits"),
        ("a/b", "The Idempotency-Key header may hold only letters, digits"),
        ("clé", "The Idempotency-Key header may hold only letters, digits"),
    ],
)
def test_a_key_that_is_no_token_is_refused(member_client, po_template, po_data, key, message):
    response = submit(member_client, po_template, po_data, key=key)

    assert response.status_code == 400
    assert list(response.json()) == ["Idempotency-Key"]
    assert response.json()["Idempotency-Key"][0].startswith(message)
    assert not FormSubmission.objects.exists()


def test_the_longest_key_is_taken(member_client, po_template, po_data):
    key = "A1_.:-" + "k" * 249

    first = submit(member_client, po_template, po_data, key=key)
    again = submit(member_client, po_template, po_data, key=key)

    assert first.status_code == again.status_code == 201
    assert FormSubmission.objects.get().idempotency_key == key


def test_without_a_key_each_request_submits(member_client, po_template, po_data):
    first = submit(member_client, po_template, po_data, key=None)
    second = submit(member_client, po_template, po_data, key=None)

    assert first.status_code == second.status_code == 201
    assert FormSubmission.objects.count() == 2


def test_a_key_costs_no_query(member_client, po_template, po_data):
    submit(member_client, po_template, po_data, key=None)  # warms what is fetched once
    with CaptureQueriesContext(connection) as without_key:
        submit(member_client, po_template, po_data, key=None)
    with CaptureQueriesContext(connection) as with_key:
        submit(member_client, po_template, po_data, key="a-new-form")

    assert len(with_key.captured_queries) == len(without_key.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_make_one_submission(member, po_template, po_data):
    published_workflow(template=po_template, **APPROVAL_FLOW)
    tries = 6
    barrier = threading.Barrier(tries)
    answers, failures = [], []

    def send():
        client = APIClient()
        client.force_authenticate(member)
        try:
            barrier.wait()
            answers.append(submit(client, po_template, po_data))
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert {answer.status_code for answer in answers} == {201}
    submission = FormSubmission.objects.get()
    assert {answer.json()["id"] for answer in answers} == {submission.pk}
    assert WorkflowRun.objects.filter(submission=submission).count() == 1
