"""Websocket paths: a path no consumer serves is refused at the handshake, never a server error,
and every consumer closes when its person's sign-in ends or changes."""

from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
import websockets.sync.client
from asgiref.sync import SyncToAsync, sync_to_async
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.security.websocket import WebsocketDenier
from channels.testing import WebsocketCommunicator
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.db import connections
from django.test import Client
from websockets.exceptions import InvalidStatus

from ontraccr_clone.accounts.realtime import SignedInWebsocketConsumer
from ontraccr_clone.asgi import application

BAD_PATHS = [
    "/ws/submissions/abc/",
    "/ws/submissions/-1/",
    "/ws/submissions/1.5/",
    "/ws/submissions/",
    "/ws/other/",
    "/ws/",
    "/",
]
ORIGIN = [(b"origin", b"http://localhost")]


def _websocket_routes(router: object) -> list:
    """The URL routes of the websocket router, under its origin and sign-in middleware."""
    while not isinstance(router, URLRouter):
        router = getattr(router, "application", None) or getattr(router, "inner", None)
        assert router is not None
    return router.routes


def test_every_websocket_consumer_closes_when_its_persons_sign_in_ends_or_changes():
    routes = _websocket_routes(application.application.application_mapping["websocket"])
    consumers = [route.callback.consumer_class for route in routes]
    assert consumers[-1] is WebsocketDenier
    for consumer in consumers[:-1]:
        assert issubclass(consumer, SignedInWebsocketConsumer), consumer


@pytest.fixture
def close_consumer_connections():
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", BAD_PATHS)
async def test_a_path_no_consumer_serves_is_refused(path, member, close_consumer_connections):
    browser = await sync_to_async(Client)()
    await sync_to_async(browser.force_login)(member)
    cookie = (b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode())
    for headers in (ORIGIN, [*ORIGIN, cookie]):
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, _ = await communicator.connect()
        assert not connected


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("submission_id", [2**63 - 1, 2**63, 10**30])
async def test_an_id_beyond_64_bits_is_not_found(submission_id, member, close_consumer_connections):
    browser = await sync_to_async(Client)()
    await sync_to_async(browser.force_login)(member)
    cookie = (b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode())
    communicator = WebsocketCommunicator(
        application, f"/ws/submissions/{submission_id}/", headers=[*ORIGIN, cookie]
    )
    assert await communicator.connect() == (False, 4404)


def _forget_inherited_async_state() -> None:
    """The forked server starts its own threads: the parent's executor thread and channel-layer
    connections (from earlier async tests) do not exist in this process."""
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    channel_layers.backends.clear()


@pytest.fixture(scope="module")
def server_url():
    """The whole app in a server process of its own, as browsers reach it."""
    server = DaphneProcess(
        host="127.0.0.1",
        get_application=partial(make_application, static_wrapper=None),
        setup=_forget_inherited_async_state,
    )
    server.daemon = True
    server.start()
    server.ready.wait(timeout=30)
    if server.errors.qsize():
        raise RuntimeError(f"The test server did not start: {server.errors.get()}")
    yield f"ws://127.0.0.1:{server.port.value}"
    server.terminate()
    server.join()


@pytest.mark.parametrize("path", BAD_PATHS)
def test_a_path_no_consumer_serves_is_refused_over_a_real_server(server_url, path):
    with pytest.raises(InvalidStatus) as refused:
        websockets.sync.client.connect(
            server_url + path, origin="http://localhost", open_timeout=10
        )
    assert refused.value.response.status_code == 403
