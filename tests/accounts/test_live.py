"""The live channel of notices, on the configured channel layer (in-memory, or Redis in CI)."""

import pytest
from asgiref.sync import SyncToAsync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections, transaction
from django.test import Client

from ontraccr_clone.accounts.live import live_notice_send
from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import person_deactivate, person_role_change
from ontraccr_clone.asgi import application
from tests.factories import PASSWORD, MaterialFactory, UserFactory, VendorFactory, form_template
from workflows.definitions.services import (
    workflow_draft_save,
    workflow_get_or_create,
    workflow_publish,
)
from workflows.definitions.validation import GraphStep, GraphTransition
from workflows.forms.services import submission_create
from workflows.timeline.services import timeline_event_record

pytest_plugins = ["tests.workflows.definitions_step_types"]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def close_consumer_connections():
    """The consumer reads the database in asgiref's shared thread; close what it left open there,
    or PostgreSQL refuses to drop the test database at the end."""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture
def submission(admin):
    vendor = VendorFactory(company=admin.company)
    material = MaterialFactory(company=admin.company)
    return submission_create(
        actor=admin,
        template=form_template(admin=admin),
        data={"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": 2}]},
    )


def _signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _listen(user=None, client=None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://localhost")]
    if user is not None:
        client = client or _signed_in_client(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, "/ws/live/", headers=headers)


async def _connected(user, client=None) -> WebsocketCommunicator:
    communicator = await sync_to_async(_listen)(user, client)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_everyone_in_the_company_hears_that_a_submission_changed_once_it_commits(
    submission, admin, member, other_admin
):
    listening_member = await _connected(member)
    listening_admin = await _connected(admin)
    other_company = await _connected(other_admin)

    await sync_to_async(timeline_event_record)(
        submission=submission, kind="status_changed", message="Status set to Ordered", actor=admin
    )

    notice = {"subject": "submission", "id": submission.pk}
    assert await listening_member.receive_json_from(timeout=5) == notice
    assert await listening_admin.receive_json_from(timeout=5) == notice
    assert await other_company.receive_nothing(timeout=0.3)
    for communicator in (listening_member, listening_admin, other_company):
        await communicator.disconnect()


async def test_a_transaction_of_many_changes_sends_one_notice_and_a_rolled_back_one_none(
    submission, member
):
    listening = await _connected(member)

    def record_twice(*, fail: bool) -> None:
        with transaction.atomic():
            for message in ("Approved", "Status set to Ordered"):
                timeline_event_record(submission=submission, kind="status_changed", message=message)
            if fail:
                raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await sync_to_async(record_twice)(fail=True)
    assert await listening.receive_nothing(timeout=0.3)

    await sync_to_async(record_twice)(fail=False)
    assert await listening.receive_json_from(timeout=5) == {
        "subject": "submission",
        "id": submission.pk,
    }
    assert await listening.receive_nothing(timeout=0.3)
    await listening.disconnect()


async def test_a_published_workflow_is_told_to_admins_only(admin, member, step_types):
    def publish() -> int:
        workflow, _ = workflow_get_or_create(actor=admin, template=form_template(admin=admin))
        workflow_draft_save(
            actor=admin,
            workflow=workflow,
            revision=1,
            steps=[GraphStep("submit", "submit"), GraphStep("note", "note", x=0, y=120)],
            transitions=[GraphTransition("submit", "next", "note")],
        )
        workflow_publish(actor=admin, workflow=workflow, revision=2)
        return workflow.pk

    listening_admin = await _connected(admin)
    listening_member = await _connected(member)

    workflow_id = await sync_to_async(publish)()

    assert await listening_admin.receive_json_from(timeout=5) == {
        "subject": "workflow",
        "id": workflow_id,
    }
    assert await listening_member.receive_nothing(timeout=0.3)
    await listening_admin.disconnect()
    await listening_member.disconnect()


async def test_a_change_of_role_changes_what_an_open_socket_hears_and_refreshes_the_session(
    admin, member
):
    listening = await _connected(member)

    def admins_notice(number: int) -> None:
        with transaction.atomic():
            live_notice_send(
                company_id=admin.company_id,
                subject="quickbooks_import",
                subject_id=number,
                audience="admins",
            )

    await sync_to_async(person_role_change)(actor=admin, person=member, role=User.Role.ADMIN)
    assert await listening.receive_json_from(timeout=5) == {"subject": "session", "id": member.pk}
    await sync_to_async(admins_notice)(1)
    assert await listening.receive_json_from(timeout=5) == {"subject": "quickbooks_import", "id": 1}

    await sync_to_async(person_role_change)(actor=admin, person=member, role=User.Role.MEMBER)
    assert await listening.receive_json_from(timeout=5) == {"subject": "session", "id": member.pk}
    await sync_to_async(admins_notice)(2)
    assert await listening.receive_nothing(timeout=0.3)
    await listening.disconnect()


async def test_signed_out_visitors_and_people_of_no_company_cannot_listen():
    connected, code = await _listen().connect()
    assert (connected, code) == (False, 4401)

    staff = await sync_to_async(UserFactory)(company=None)
    communicator = await sync_to_async(_listen)(staff)
    connected, code = await communicator.connect()
    assert (connected, code) == (False, 4401)


async def test_signing_out_closes_that_browsers_channel_only(member):
    browser = await sync_to_async(_signed_in_client)(member)
    other_browser = await sync_to_async(_signed_in_client)(member)
    listening = await _connected(member, browser)
    elsewhere = await _connected(member, other_browser)

    response = await sync_to_async(browser.delete)("/api/auth/session/")
    assert response.status_code == 204

    assert await listening.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}
    assert await elsewhere.receive_nothing(timeout=0.3)
    await elsewhere.disconnect()


async def test_a_password_changed_elsewhere_closes_the_channel_and_signs_that_browser_out(member):
    browser = await sync_to_async(_signed_in_client)(member)
    other_browser = await sync_to_async(_signed_in_client)(member)
    listening = await _connected(member, browser)
    elsewhere = await _connected(member, other_browser)

    change = {"current_password": PASSWORD, "new_password": "timber-frame-1842"}
    response = await sync_to_async(browser.post)(
        "/api/account/password/", change, content_type="application/json"
    )
    assert response.status_code == 204

    reconnect = {"type": "websocket.close", "code": 4001}
    assert await listening.receive_output(timeout=5) == reconnect
    assert await elsewhere.receive_output(timeout=5) == reconnect
    relistening = await _connected(member, browser)
    refused = await sync_to_async(_listen)(member, other_browser)
    assert await refused.connect() == (False, 4401)
    await relistening.disconnect()


async def test_deactivating_a_person_closes_their_channel(admin, member):
    listening = await _connected(member)
    await sync_to_async(person_deactivate)(actor=admin, person=member)
    assert await listening.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


@pytest.mark.parametrize(
    "frame", [{"text_data": '{"subject": "submission"}'}, {"bytes_data": b"\0"}]
)
async def test_a_frame_from_the_browser_closes_the_channel(member, frame):
    listening = await _connected(member)
    await listening.send_to(**frame)
    assert await listening.receive_output(timeout=5) == {"type": "websocket.close", "code": 1008}
    await listening.wait()
