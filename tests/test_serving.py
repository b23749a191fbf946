"""How the product is served: database connections, SQLite writers, the middleware chain."""

import inspect
import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.db import OperationalError
from django.db import connection as default_connection
from django.db.utils import ConnectionHandler
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

from ontraccr_clone.middleware import ConnectionsReturnedMiddleware


def settings_databases(**env: str) -> dict:
    """The DATABASES that settings.py builds from these environment variables."""
    script = "import json, ontraccr_clone.settings as s; print(json.dumps(s.DATABASES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_postgresql_connections_come_from_a_bounded_pool_sized_by_the_environment():
    database = settings_databases(
        DATABASE_URL="postgres://app@db.example:5432/forms", DJANGO_DB_POOL_MAX="7"
    )
    assert database["OPTIONS"]["pool"]["max_size"] == 7
    assert database["OPTIONS"]["pool"]["min_size"] <= 7
    assert database["OPTIONS"]["pool"]["timeout"] > 0
    # Django refuses persistent connections with a pool; each request returns its connection.
    assert database["CONN_MAX_AGE"] == 0


def test_without_the_pool_postgresql_connections_last_one_request():
    database = settings_databases(
        DATABASE_URL="postgres://app@db.example:5432/forms", DJANGO_DB_POOL="false"
    )
    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 0


@pytest.fixture
def sqlite_connections(tmp_path, django_db_blocker):
    """Separate connections to one SQLite file of their own, as concurrent request threads have,
    whichever database the suite runs on."""
    with django_db_blocker.unblock():
        yield lambda count, timeout: _sqlite_connections(tmp_path, count, timeout)


def _sqlite_connections(tmp_path, count: int, timeout: float) -> list:
    aliases = ["default"] + [f"writer{index}" for index in range(1, count)]
    handler = ConnectionHandler(
        {
            alias: {
                "ENGINE": "ontraccr_clone.sqlite",
                "NAME": str(tmp_path / "queue.sqlite3"),
                "OPTIONS": {"timeout": timeout, "transaction_mode": "IMMEDIATE"},
            }
            for alias in aliases
        }
    )
    connections = [handler[alias] for alias in aliases]
    for connection in connections:
        connection.inc_thread_sharing()  # each is used by one test thread at a time
    with connections[0].cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS line (writer text)")
    return connections


def begin(connection) -> None:
    """Start a transaction the way `transaction.atomic` does."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def insert(connection, writer: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO line (writer) VALUES (%s)", [writer])


def lines(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT writer FROM line ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


def test_sqlite_writers_of_one_process_wait_their_turn(sqlite_connections):
    first, second = sqlite_connections(2, timeout=20)
    begin(first)
    insert(first, "first")
    second_done = threading.Event()
    failures: list[Exception] = []

    def write_second() -> None:
        try:
            begin(second)
            insert(second, "second")
            second.commit()
            second.set_autocommit(True)
        except Exception as error:
            failures.append(error)
        second_done.set()

    thread = threading.Thread(target=write_second)
    thread.start()
    assert not second_done.wait(0.3), "the second writer must wait for the first to commit"
    first.commit()
    first.set_autocommit(True)
    thread.join(timeout=20)
    assert failures == []
    assert lines(first) == ["first", "second"]
    for connection in (first, second):
        connection.close()


@pytest.mark.parametrize("ending", ["rollback", "close"])
def test_a_sqlite_writer_that_rolls_back_or_closes_lets_the_next_one_in(sqlite_connections, ending):
    first, second = sqlite_connections(2, timeout=0.5)
    begin(first)
    insert(first, "first")
    if ending == "rollback":
        first.rollback()
        first.set_autocommit(True)
    else:
        first.close()
    begin(second)  # would raise "database is locked" if the first still held its turn
    insert(second, "second")
    second.commit()
    second.set_autocommit(True)
    assert lines(second) == ["second"]
    second.close()


def test_a_sqlite_writer_that_never_gets_its_turn_fails_as_sqlite_does(sqlite_connections):
    first, second = sqlite_connections(2, timeout=0.2)
    begin(first)
    with pytest.raises(OperationalError, match="database is locked"):
        begin(second)
    first.rollback()
    first.set_autocommit(True)
    for connection in (first, second):
        connection.close()


def middleware_instances(handler) -> list:
    """The middleware objects of a handler's chain, outermost first."""
    found, current = [], getattr(handler._middleware_chain, "func", handler._middleware_chain)
    while current is not None:
        current = getattr(current, "__wrapped__", current)  # convert_exception_to_response
        if not hasattr(current, "get_response"):
            break
        found.append(current)
        current = getattr(current.get_response, "func", current.get_response)
    return found


def test_under_asgi_the_whole_middleware_chain_runs_in_one_thread():
    instances = middleware_instances(ASGIHandler())
    assert len(instances) == len(settings.MIDDLEWARE)
    # An async middleware would run each of its hooks in a thread of its own.
    mixins = [instance for instance in instances if isinstance(instance, MiddlewareMixin)]
    assert mixins
    assert not any(inspect.iscoroutinefunction(instance) for instance in mixins)


@pytest.mark.django_db(transaction=True)
def test_a_request_gives_back_its_database_connection_even_when_its_client_went_away():
    """Under ASGI a request whose client left is cancelled before `request_finished`; the thread
    that ran its view must still have given its connection back when the chain returns."""

    def view(request):
        default_connection.ensure_connection()
        return HttpResponse("done")

    held_after = []

    def request_thread():
        ConnectionsReturnedMiddleware(view)(HttpRequest())
        held_after.append(default_connection.connection is not None)

    thread = threading.Thread(target=request_thread)
    thread.start()
    thread.join()
    assert held_after == [False]


@pytest.mark.django_db
def test_a_connection_in_a_transaction_is_left_to_its_owner():

    ConnectionsReturnedMiddleware(lambda request: HttpResponse("done"))(HttpRequest())
    assert default_connection.in_atomic_block and default_connection.connection is not None
