"""Waiting and failure entries of the timeline, worded for who reads them: a member learns what
happens next and who can act, an admin what to do (with the page to do it on) and the error."""

import pytest
from asgiref.sync import SyncToAsync, sync_to_async
from django.db import connections

from tests.factories import form_template, published_workflow
from tests.integrations.quickbooks.conftest import SYNC_CONFIG
from tests.workflows.conftest import run_tasks
from tests.workflows.test_engine import _record_flow
from tests.workflows.test_realtime import _watch
from workflows.engine.services import step_run_retry
from workflows.forms.services import submission_create
from workflows.models import StepRun

pytestmark = pytest.mark.django_db


def _entry(client, submission, kind: str) -> dict:
    events = client.get(f"/api/submissions/{submission.pk}/timeline/").json()
    return next(event for event in events if event["kind"] == kind)


def test_a_po_waiting_for_quickbooks_tells_a_member_it_syncs_by_itself(
    admin, member, admin_client, member_client, po_data
):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "sync": ("sync_quickbooks", SYNC_CONFIG)},
        transitions=[("start", "next", "sync")],
    )
    submission = submission_create(actor=member, template=template, data=po_data)
    run_tasks()
    assert StepRun.objects.get(run__submission=submission, step__key="sync").status == "waiting"

    seen_by_member = _entry(member_client, submission, "step_waiting")
    assert seen_by_member["advice"] == {
        "text": "This PO will sync by itself once an admin reconnects QuickBooks Online.",
        "link": None,
    }
    assert "Settings" not in seen_by_member["message"]

    seen_by_admin = _entry(admin_client, submission, "step_waiting")
    assert seen_by_admin["message"] == seen_by_member["message"]
    assert seen_by_admin["advice"]["text"].startswith("Reconnect QuickBooks Online")
    assert seen_by_admin["advice"]["link"] == {
        "text": "Open Settings > Integrations",
        "to": "/settings/integrations/quickbooks",
    }


def test_a_failure_shows_an_admin_the_error_and_a_member_who_can_fix_it(
    admin, member, admin_client, member_client, po_data, ledger
):
    template = form_template(admin=admin)
    _record_flow(template, fail_attempts=1, permanent=True)
    submission = submission_create(actor=member, template=template, data=po_data)
    run_tasks()

    seen_by_admin = _entry(admin_client, submission, "step_failed")
    assert seen_by_admin["error"] == "Failure 1"
    assert "retry" in seen_by_admin["advice"]["text"]
    seen_by_member = _entry(member_client, submission, "step_failed")
    assert seen_by_member["error"] == ""
    assert "a company admin" in seen_by_member["advice"]["text"]

    failed = StepRun.objects.get(run__submission=submission, step__key="record")
    step_run_retry(actor=admin, step_run=failed)
    run_tasks()
    # Retried and finished: the old entry no longer tells anyone to act.
    assert _entry(admin_client, submission, "step_failed")["advice"] is None
    assert _entry(member_client, submission, "step_failed")["advice"] is None


def test_a_scheduled_retry_says_its_error_once(
    admin, member, admin_client, member_client, po_data, ledger, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 600  # the retry stays ahead while the test reads
    template = form_template(admin=admin)
    _record_flow(template, fail_attempts=1)
    submission = submission_create(actor=member, template=template, data=po_data)
    run_tasks()

    seen_by_admin = _entry(admin_client, submission, "retry_scheduled")
    assert "Failure 1" not in seen_by_admin["message"]
    assert seen_by_admin["error"] == "Failure 1"
    seen_by_member = _entry(member_client, submission, "retry_scheduled")
    assert seen_by_member["error"] == ""
    assert seen_by_member["advice"]["text"] == "Nothing to do: it is tried again by itself."


async def _entry_pushed(communicator, kind: str) -> dict:
    while True:
        event = await communicator.receive_json_from(timeout=10)
        if event["kind"] == kind:
            return event


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_live_entry_is_worded_for_each_watcher(admin, member, po_data, ledger):
    template = await sync_to_async(form_template)(admin=admin)
    await sync_to_async(_record_flow)(template, fail_attempts=1, permanent=True)
    submission = await sync_to_async(submission_create)(
        actor=member, template=template, data=po_data
    )
    watchers = {}
    try:
        for person in (admin, member):
            watchers[person.role] = await sync_to_async(_watch)(submission.pk, person)
            assert (await watchers[person.role].connect())[0]
        await sync_to_async(run_tasks)()

        seen_by_admin = await _entry_pushed(watchers["admin"], "step_failed")
        seen_by_member = await _entry_pushed(watchers["member"], "step_failed")
        assert seen_by_admin["error"] == "Failure 1"
        assert "retry" in seen_by_admin["advice"]["text"]
        assert seen_by_member["error"] == ""
        assert "a company admin" in seen_by_member["advice"]["text"]
    finally:
        for communicator in watchers.values():
            await communicator.disconnect()
        # What the consumers opened in asgiref's shared thread, closed for PostgreSQL's sake.
        SyncToAsync.single_thread_executor.submit(connections.close_all).result()
