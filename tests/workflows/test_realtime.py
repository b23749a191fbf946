"""The live timeline websocket, on the configured channel layer (in-memory, or Redis in CI)."""

import pytest
from asgiref.sync import SyncToAsync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.tokens import default_token_generator
from django.db import connections, transaction
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ontraccr_clone.accounts.services import password_set_with_link, person_deactivate
from ontraccr_clone.asgi import application
from tests.factories import PASSWORD, MaterialFactory, VendorFactory, form_template
from workflows.forms.services import submission_create
from workflows.timeline.services import timeline_event_record

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _po_data(company):
    vendor = VendorFactory(company=company)
    material = MaterialFactory(company=company)
    return {"vendor": vendor.pk, "materials": [{"material_id": material.pk, "quantity": 2}]}


@pytest.fixture(autouse=True)
def close_consumer_connections():
    """The consumer reads the database in asgiref's shared thread; close what it left open there,
    or PostgreSQL refuses to drop the test database at the end."""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture
def submission(admin):
    return submission_create(
        actor=admin, template=form_template(admin=admin), data=_po_data(admin.company)
    )


def _watch(submission_id: int, user=None, client=None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://localhost")]
    if user is not None:
        if client is None:
            client = Client()
            client.force_login(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, f"/ws/submissions/{submission_id}/", headers=headers)


def _signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


async def test_watchers_receive_each_event_once_it_is_committed(submission, member):
    communicator = await sync_to_async(_watch)(submission.pk, member)
    connected, _ = await communicator.connect()
    assert connected

    event = await sync_to_async(timeline_event_record)(
        submission=submission, kind="status_changed", message="Status set to Ordered", actor=member
    )
    received = await communicator.receive_json_from(timeout=5)
    assert received["id"] == event.pk
    assert received["message"] == "Status set to Ordered"
    assert received["actor"] == {"id": member.pk, "display_name": member.display_name}
    await communicator.disconnect()


async def test_rolled_back_events_are_never_sent(submission, member):
    communicator = await sync_to_async(_watch)(submission.pk, member)
    assert (await communicator.connect())[0]

    def record_then_fail() -> None:
        with transaction.atomic():
            timeline_event_record(submission=submission, kind="status_changed", message="Oops")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await sync_to_async(record_then_fail)()
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()


async def test_signed_out_visitors_cannot_watch(submission):
    communicator = _watch(submission.pk)
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401


async def test_another_company_cannot_watch(submission, other_admin):
    communicator = await sync_to_async(_watch)(submission.pk, other_admin)
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4404


async def test_foreign_origins_are_refused(submission, member):
    communicator = await sync_to_async(_watch)(submission.pk, member)
    communicator.scope["headers"] = [
        (name, b"https://evil.example" if name == b"origin" else value)
        for name, value in communicator.scope["headers"]
    ]
    connected, _ = await communicator.connect()
    assert not connected


async def test_signing_out_closes_the_sessions_websockets_only(submission, member):
    browser = await sync_to_async(_signed_in_client)(member)
    other_browser = await sync_to_async(_signed_in_client)(member)
    watching = await sync_to_async(_watch)(submission.pk, member, browser)
    elsewhere = await sync_to_async(_watch)(submission.pk, member, other_browser)
    assert (await watching.connect())[0] and (await elsewhere.connect())[0]

    response = await sync_to_async(browser.delete)("/api/auth/session/")
    assert response.status_code == 204

    assert await watching.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}
    event = await sync_to_async(timeline_event_record)(
        submission=submission, kind="status_changed", message="Still watched elsewhere"
    )
    assert (await elsewhere.receive_json_from(timeout=5))["id"] == event.pk
    await elsewhere.disconnect()


@pytest.mark.parametrize(
    "frame", [{"text_data": "not json"}, {"text_data": '{"type": "hello"}'}, {"bytes_data": b"\0"}]
)
async def test_a_frame_from_the_browser_closes_the_socket_cleanly(submission, member, frame):
    communicator = await sync_to_async(_watch)(submission.pk, member)
    assert (await communicator.connect())[0]
    await communicator.send_to(**frame)
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 1008}
    await communicator.wait()


async def test_deactivating_a_person_closes_their_websockets(submission, admin, member):
    watching = await sync_to_async(_watch)(submission.pk, member)
    assert (await watching.connect())[0]

    await sync_to_async(person_deactivate)(actor=admin, person=member)

    assert await watching.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


NEW_PASSWORD = "timber-frame-1842"
RECONNECT = {"type": "websocket.close", "code": 4001}


async def _refused(submission_id: int, user, client) -> int:
    communicator = await sync_to_async(_watch)(submission_id, user, client)
    connected, code = await communicator.connect()
    assert not connected
    return code


async def test_changing_the_password_closes_the_persons_websockets_and_lets_back_only_this_session(
    submission, member
):
    browser = await sync_to_async(_signed_in_client)(member)
    other_browser = await sync_to_async(_signed_in_client)(member)
    watching = await sync_to_async(_watch)(submission.pk, member, browser)
    elsewhere = await sync_to_async(_watch)(submission.pk, member, other_browser)
    assert (await watching.connect())[0] and (await elsewhere.connect())[0]

    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    response = await sync_to_async(browser.post)(
        "/api/account/password/", change, content_type="application/json"
    )
    assert response.status_code == 204

    assert await watching.receive_output(timeout=5) == RECONNECT
    assert await elsewhere.receive_output(timeout=5) == RECONNECT
    # Each browser reconnects: the session that changed the password (under its new key) is let
    # in again; the other one is signed out, over HTTP as over the websocket.
    rewatching = await sync_to_async(_watch)(submission.pk, member, browser)
    assert (await rewatching.connect())[0]
    assert await _refused(submission.pk, member, other_browser) == 4401
    assert (await sync_to_async(other_browser.get)("/api/auth/session/")).status_code == 401
    await rewatching.disconnect()


async def test_a_password_set_from_a_reset_link_closes_the_persons_websockets(submission, member):
    browser = await sync_to_async(_signed_in_client)(member)
    watching = await sync_to_async(_watch)(submission.pk, member, browser)
    assert (await watching.connect())[0]

    def reset_password() -> None:
        uid = urlsafe_base64_encode(force_bytes(member.pk))
        token = default_token_generator.make_token(member)
        password_set_with_link(uid=uid, token=token, password=NEW_PASSWORD)

    await sync_to_async(reset_password)()

    assert await watching.receive_output(timeout=5) == RECONNECT
    assert await _refused(submission.pk, member, browser) == 4401
    assert (await sync_to_async(browser.get)("/api/auth/session/")).status_code == 401
