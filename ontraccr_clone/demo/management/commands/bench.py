"""`make bench`: throughput and latency of the product over real HTTP, on throwaway databases.

Each section starts the production web server (uvicorn) in subprocesses on a database made for the
run and dropped after it, and drives it with concurrent clients (`http_load`). One function per
measurement; each returns rows for the report.
"""

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ontraccr_clone.demo.management.commands.seed_demo import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
    MEMBER_EMAIL,
)

CLIENTS = 16
SUBMISSIONS_TABLE = "workflows_formsubmission"


# -- the HTTP load driver ---------------------------------------------------------------------


class HttpClient:
    """One browser-like client: a keep-alive HTTP/1.1 connection, its cookies and CSRF token."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies = dict(cookies or {})
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Send one request (a JSON body when given, and any extra `headers`) and return the
        status and the body."""
        payload = b"" if body is None else json.dumps(body).encode()
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Accept: application/json",
            f"Content-Length: {len(payload)}",
        ]
        if body is not None:
            lines.append("Content-Type: application/json")
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if "csrftoken" in self.cookies:
            lines.append(f"X-CSRFToken: {self.cookies['csrftoken']}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
        try:
            return await self._response()
        except BaseException:
            await self.close()
            raise

    async def _response(self) -> tuple[int, bytes]:
        assert self.reader is not None
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in head[1:]:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
            headers[name] = value
        if "content-length" in headers:
            content = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            content = b""
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                content += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            content = await self.reader.read()
        if headers.get("connection", "").lower() == "close" or "content-length" not in headers:
            await self.close()
        return status, content

    async def json(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        status, content = await self.request(method, path, body)
        if status != expect:
            raise RuntimeError(f"{method} {path} answered {status}: {content[:300]!r}")
        return json.loads(content)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def process_table() -> tuple[dict[int, int], dict[int, float]]:
    """Every process's parent and the CPU time (user + system) it has used so far, from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return parents, times


def process_tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its descendants, from /proc.

    Throughput depends on what else the machine is running; CPU time per request much less so.
    """
    parents, times = process_table()
    tree, grew = {pid}, True
    while grew:
        children = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return sum(times.get(member, 0.0) for member in tree)


@dataclass
class LoadResult:
    """What a load run saw: every answer's status and latency, and how long it took."""

    clients: int
    elapsed: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    server_cpu_seconds: float | None = None

    @property
    def succeeded(self) -> int:
        return sum(count for status, count in self.statuses.items() if 200 <= status < 300)

    @property
    def per_second(self) -> float:
        return self.succeeded / self.elapsed if self.elapsed else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0

    @property
    def cpu_ms_per_request(self) -> str:
        if self.server_cpu_seconds is None or not self.latencies_ms:
            return "-"
        return f"{self.server_cpu_seconds * 1000 / len(self.latencies_ms):.1f}"

    def errors(self) -> str:
        failed = {status: n for status, n in self.statuses.items() if not 200 <= status < 300}
        return ", ".join(f"{n}x{status or 'conn'}" for status, n in sorted(failed.items())) or "0"


async def http_load(
    clients: list[HttpClient],
    make_request: Callable[[int], tuple[str, str, Any]],
    total: int,
    on_answer: Callable[[int, bytes, LoadResult], None] | None = None,
    server_pid: int | None = None,
    seconds: float | None = None,
) -> LoadResult:
    """Send `total` requests from all `clients` at once, each client one request at a time (with
    `seconds`, none is started after that long); with `server_pid`, also measure the CPU time that
    the server's processes spent on them."""
    result = LoadResult(clients=len(clients))
    numbers = itertools.count()
    deadline = time.perf_counter() + seconds if seconds else float("inf")

    async def run(client: HttpClient) -> None:
        while (index := next(numbers)) < total and time.perf_counter() < deadline:
            method, path, body = make_request(index)
            begin = time.perf_counter()
            try:
                status, content = await client.request(method, path, body)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                status, content = 0, b""  # counted as a connection error
            result.latencies_ms.append((time.perf_counter() - begin) * 1000)
            result.statuses[status] += 1
            if on_answer is not None:
                on_answer(status, content, result)

    cpu_before = process_tree_cpu_seconds(server_pid) if server_pid else 0.0
    started = time.perf_counter()
    await asyncio.gather(*(run(client) for client in clients))
    result.elapsed = time.perf_counter() - started
    if server_pid:
        result.server_cpu_seconds = process_tree_cpu_seconds(server_pid) - cpu_before
    return result


def report_row(name: str, result: LoadResult) -> str:
    return (
        f"{name:40} {result.clients:>3} {result.per_second:8.1f} {result.percentile(0.5):7.1f} "
        f"{result.percentile(0.95):7.1f} {result.percentile(0.99):7.1f} "
        f"{result.cpu_ms_per_request:>7}  {result.errors()}"
    )


REPORT_HEADER = (
    f"{'operation':40} {'cl':>3} {'2xx/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'cpu ms':>7}  errors"
)


# -- throwaway databases and server processes ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Target:
    """A database made for this run and the environment that points the product at it."""

    label: str
    database_url: str
    env: dict[str, str]

    def stored_submissions(self) -> int:
        """Rows in the submissions table, read from the database itself, not through the app."""
        if self.database_url.startswith("sqlite"):
            with contextlib.closing(sqlite3.connect(urlsplit(self.database_url).path)) as db:
                return int(db.execute(f"SELECT count(*) FROM {SUBMISSIONS_TABLE}").fetchone()[0])
        with psycopg.connect(self.database_url, autocommit=True) as db:
            row = db.execute(f"SELECT count(*) FROM {SUBMISSIONS_TABLE}").fetchone()
            return int(row[0]) if row else 0

    def connections(self) -> int:
        """Open PostgreSQL connections to this database, from pg_stat_activity."""
        with psycopg.connect(self.database_url, autocommit=True) as db:
            row = db.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            ).fetchone()
            return int(row[0]) if row else 0


def product_env(database_url: str, extra: dict[str, str]) -> dict[str, str]:
    """The production settings, over plain HTTP on loopback."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "k3Vq8Zt1Wm" * 6),
        "FIELD_ENCRYPTION_KEY": os.environ.get(
            "FIELD_ENCRYPTION_KEY", Fernet.generate_key().decode()
        ),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
        "PYTHONWARNINGS": "ignore:No directory at",  # no collectstatic: the API is measured
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        timeout=600,
    )


@contextlib.contextmanager
def sqlite_target(extra: dict[str, str]) -> Iterator[Target]:
    with tempfile.TemporaryDirectory(prefix="ontraccr-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        target = Target("SQLite", url, product_env(url, extra))
        manage(target.env, "migrate", "--noinput")
        manage(target.env, "seed_demo")
        yield target


@contextlib.contextmanager
def postgres_target(
    base_url: str, extra: dict[str, str], suffix: str = "_bench", keep: bool = False
) -> Iterator[Target]:
    """A fresh database named after `base_url`'s with `suffix`, migrated and seeded; dropped
    afterwards unless `keep`, for looking into after the run (the next run drops it)."""
    parts = urlsplit(base_url)
    name = f"{parts.path.lstrip('/') or 'ontraccr'}{suffix}"
    url = urlunsplit(parts._replace(path=f"/{name}"))
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        target = Target("PostgreSQL", url, product_env(url, extra))
        manage(target.env, "migrate", "--noinput")
        manage(target.env, "seed_demo")
        yield target
    finally:
        if not keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def db_workers(target: Target, count: int) -> Iterator[list[subprocess.Popen]]:
    """`count` task worker processes (`manage.py db_worker`) on the target's database."""
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1"],
            env=target.env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)


@contextlib.contextmanager
def web_server(target: Target, workers: int) -> Iterator[tuple[str, subprocess.Popen]]:
    """The production web server (uvicorn, `workers` processes) on the target's database."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("uvicorn")),
            "ontraccr_clone.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--lifespan",
            "off",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=target.env,
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The web server did not start (exit {server.returncode}).")
            time.sleep(0.2)
        yield base_url, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


async def signed_in_clients(base_url: str, count: int) -> list[HttpClient]:
    """`count` clients sharing one member's session, signed in once over HTTP (sign-in hashes a
    password on purpose, slowly; it is not what is measured)."""
    first = HttpClient(base_url)
    await first.json("GET", "/api/auth/session/", expect=401)  # sets the CSRF cookie
    credentials = {"email": MEMBER_EMAIL, "password": DEMO_PASSWORD}
    await first.json("POST", "/api/auth/session/", credentials)
    await first.close()
    return [HttpClient(base_url, first.cookies) for _ in range(count)]


async def purchase_order(client: HttpClient) -> dict[str, Any]:
    """A six-line purchase order on the demo company's PO form."""
    template = next(
        template
        for template in await client.json("GET", "/api/form-templates/")
        if template["form_type"]["key"] == "po"
    )
    vendors = (await client.json("GET", "/api/vendors/"))["results"]
    materials = (await client.json("GET", "/api/materials/"))["results"][:5]
    return {
        "template": template["id"],
        "data": {
            "vendor": vendors[0]["id"],
            "materials": [{"material_id": material["id"], "quantity": 3} for material in materials]
            + [{"name": "Delivery", "quantity": 1, "unit_cost": "45.00"}],
            "memo": "Benchmark order",
            "due_date": "2026-12-31",
        },
    }


# -- measurements -------------------------------------------------------------------------------


async def submissions_measure(
    target: Target, base_url: str, server_pid: int, count: int, clients: int
) -> list[str]:
    """Durable submissions: POSTed purchase orders answered 2xx, checked against stored rows."""
    members = await signed_in_clients(base_url, clients)
    order = await purchase_order(members[0])
    before = target.stored_submissions()

    def keep_id(status: int, content: bytes, result: LoadResult) -> None:
        if status == 201:
            result.created_ids.append(json.loads(content)["id"])

    result = await http_load(
        members,
        lambda _: ("POST", "/api/submissions/", order),
        count,
        on_answer=keep_id,
        server_pid=server_pid,
    )
    for member in members:
        await member.close()
    stored = target.stored_submissions() - before
    lost = result.succeeded - stored
    verdict = "none lost" if lost == 0 and len(set(result.created_ids)) == stored else "LOST"
    return [
        report_row("POST /api/submissions/ (PO, 6 lines)", result),
        f"    {result.succeeded} answered 2xx, {stored} rows stored: {verdict}",
    ]


async def reads_measure(base_url: str, server_pid: int, count: int, clients: int) -> list[str]:
    """The pages people open most: the submissions list (and its QuickBooks filter), one
    submission, a vendor search, and the check of a form being filled in (sent as it is typed)."""
    members = await signed_in_clients(base_url, clients)
    ids = [row["id"] for row in (await members[0].json("GET", "/api/submissions/"))["results"]]
    order = await purchase_order(members[0])
    check = f"/api/form-templates/{order['template']}/validate/"
    reads: list[tuple[str, Callable[[int], tuple[str, str, Any]]]] = [
        ("GET /api/submissions/ (page of 50)", lambda _: ("GET", "/api/submissions/", None)),
        (
            "GET /api/submissions/?report=sync_quickbooks:failed",
            lambda _: ("GET", "/api/submissions/?report=sync_quickbooks:failed", None),
        ),
        (
            "GET /api/submissions/<id>/",
            lambda index: ("GET", f"/api/submissions/{ids[index % len(ids)]}/", None),
        ),
        (
            "GET /api/vendors/?search=",
            lambda index: ("GET", f"/api/vendors/?search={'acme' if index % 2 else 'con'}", None),
        ),
        ("POST /api/form-templates/<id>/validate/", lambda _: ("POST", check, order["data"])),
    ]
    rows = [
        report_row(name, await http_load(members, read, count, server_pid=server_pid))
        for name, read in reads
    ]
    for member in members:
        await member.close()
    return rows


async def connections_measure(
    target: Target, base_url: str, server_pid: int, count: int
) -> list[str]:
    """50 clients submitting at once: no 5xx, and PostgreSQL connections stay bounded."""
    members = await signed_in_clients(base_url, 50)
    order = await purchase_order(members[0])
    peak = 0

    async def watch() -> None:
        nonlocal peak
        while True:
            peak = max(peak, await asyncio.to_thread(target.connections))
            await asyncio.sleep(0.1)

    watcher = asyncio.create_task(watch())
    result = await http_load(
        members, lambda _: ("POST", "/api/submissions/", order), count, server_pid=server_pid
    )
    watcher.cancel()
    for member in members:
        await member.close()
    await asyncio.sleep(1)
    return [
        report_row("POST /api/submissions/ (50 clients)", result),
        f"    PostgreSQL connections: {peak} at most during the run, "
        f"{target.connections()} a second after it",
    ]


# -- workflow runs --------------------------------------------------------------------------------

AUTOMATIC_FORM = "Bench order"


def automatic_workflow_publish() -> None:
    """Give the demo company a PO form whose workflow has 5 automatic steps after Submit (run by
    `manage.py shell` in the target's environment)."""
    from ontraccr_clone.accounts.models import User
    from ontraccr_clone.demo.management.commands.seed_demo import (
        ADMIN_EMAIL,
        PURCHASE_ORDER_SECTIONS,
    )
    from workflows.definitions.services import (
        workflow_draft_save,
        workflow_get_or_create,
        workflow_publish,
    )
    from workflows.definitions.validation import GraphStep, GraphTransition
    from workflows.forms.services import form_template_create
    from workflows.models import FormType

    admin = User.objects.get(email=ADMIN_EMAIL)
    template = form_template_create(
        actor=admin,
        name=AUTOMATIC_FORM,
        form_type=FormType.objects.get(company=admin.company, key=FormType.PO),
        sections=PURCHASE_ORDER_SECTIONS,
    )
    chain = [
        GraphStep(key="submit", type="submit"),
        GraphStep(key="received", type="update_status", config={"status": "Received"}),
        GraphStep(
            key="large",
            type="condition",
            config={"field": "materials", "operator": "gt", "value": "1000"},
        ),
        GraphStep(key="review", type="update_status", config={"status": "Reviewed"}),
        GraphStep(key="ordered", type="update_status", config={"status": "Ordered"}),
        GraphStep(key="done", type="update_status", config={"status": "Done"}),
    ]
    outcomes = ["next", "next", "false", "next", "next"]
    transitions = [
        GraphTransition(source=source.key, outcome=outcome, target=target.key)
        for source, outcome, target in zip(chain, outcomes, chain[1:], strict=False)
    ]
    transitions.append(GraphTransition(source="large", outcome="true", target="review"))
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    draft, _ = workflow_draft_save(
        actor=admin, workflow=workflow, revision=1, steps=chain, transitions=transitions
    )
    workflow_publish(actor=admin, workflow=workflow, revision=draft.revision)


async def automatic_order(client: HttpClient) -> dict[str, Any]:
    """The benchmark's purchase order on the form published by `automatic_workflow_publish`."""
    order = await purchase_order(client)
    templates = await client.json("GET", "/api/form-templates/")
    order["template"] = next(t["id"] for t in templates if t["name"] == AUTOMATIC_FORM)
    return order


async def run_finished(
    client: HttpClient, submission_id: int, timeout: float = 60, every: float = 0.05
) -> bool:
    """Poll where the submission's run stands (as its page would) until it has finished."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            overview = await client.json("GET", f"/api/submissions/{submission_id}/run/")
        except (OSError, asyncio.IncompleteReadError):
            continue  # the server closed an idle keep-alive connection; the client reconnects
        if overview["run"] and overview["run"]["status"] == "succeeded":
            return True
        await asyncio.sleep(every)
    return False


async def workflow_runs_measure(
    base_url: str, runs: int, count: int, clients: int, server_pids: list[int]
) -> list[str]:
    """From submit to the end of a run of 5 automatic steps, one submission at a time; then
    submissions/s from `clients` clients, each starting a run, how fast the runs finish, and the
    CPU time the server's processes (`server_pids`: web and workers) spent on each."""
    members = await signed_in_clients(base_url, clients)
    order = await automatic_order(members[0])

    latency = LoadResult(clients=1)
    started = time.perf_counter()
    for _ in range(runs):
        begin = time.perf_counter()
        created = await members[0].json("POST", "/api/submissions/", order, expect=201)
        finished = await run_finished(members[0], created["id"])
        latency.latencies_ms.append((time.perf_counter() - begin) * 1000)
        latency.statuses[200 if finished else 0] += 1
    latency.elapsed = time.perf_counter() - started

    ids: list[int] = []
    cpu_before = sum(process_tree_cpu_seconds(pid) for pid in server_pids)
    load = await http_load(
        members,
        lambda _: ("POST", "/api/submissions/", order),
        count,
        on_answer=lambda status, content, _: (
            ids.append(json.loads(content)["id"]) if status == 201 else None
        ),
    )
    # Polled seldom, so that the polling costs the server little of the CPU time measured.
    drained = sum([await run_finished(members[0], id_, 600, every=0.5) for id_ in ids])
    drain_seconds = time.perf_counter() - started - latency.elapsed
    cpu_seconds = sum(process_tree_cpu_seconds(pid) for pid in server_pids) - cpu_before
    for member in members:
        await member.close()
    return [
        report_row("submit -> end of a 5-step run (one at a time)", latency),
        report_row("POST /api/submissions/, each starting a run", load),
        f"    {drained} of {len(ids)} runs finished (6 step runs each), "
        f"{drained / drain_seconds:.1f} runs/s from the first submission to the last run's end",
        f"    {cpu_seconds * 1000 / max(len(ids), 1):.1f} ms of CPU (web and worker processes) per "
        "submission and its run",
    ]


# -- the command --------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Measure the product over HTTP on SQLite and PostgreSQL, and the QuickBooks sandbox."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, default=2000, help="Requests per measurement.")
        parser.add_argument("--clients", type=int, default=CLIENTS, help="Concurrent clients.")
        parser.add_argument(
            "--workers", type=int, default=2, help="Web processes on PostgreSQL (SQLite: one)."
        )
        parser.add_argument(
            "--only",
            choices=["sqlite", "postgres", "sandbox", "editor", "workflows", "quickbooks"],
            help="Run one section only.",
        )
        parser.add_argument(
            "--backlog", type=int, default=1000, help="Purchase orders drained by the QBO sync."
        )
        parser.add_argument(
            "--profile",
            metavar="FOLDER",
            help="Record the server processes with py-spy during the submissions (flame graphs).",
        )
        parser.add_argument(
            "--soak",
            type=float,
            metavar="MINUTES",
            help="Instead of the sections: submit at half the maximum rate for MINUTES on "
            "PostgreSQL + Redis and plot throughput, latency, errors and memory over time.",
        )
        parser.add_argument(
            "--soak-output",
            default="docs/soak",
            metavar="FOLDER",
            help="Where the soak writes soak.png and soak.csv.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.options = options
        if options["soak"]:
            self.soak_section()
            return
        self.stdout.write(
            f"Each row: {options['count']} requests over HTTP from `cl` concurrent clients to "
            "uvicorn (DJANGO_DEBUG=false, no access log); `cpu ms`: the web processes' CPU time "
            "per request."
        )
        sections = {
            "sqlite": self.sqlite_section,
            "postgres": self.postgres_section,
            "sandbox": self.sandbox_section,
            "editor": self.editor_section,
            "workflows": self.workflows_section,
            "quickbooks": self.quickbooks_section,
        }
        for name, section in sections.items():
            if options["only"] in (None, name):
                section()

    def write_rows(self, title: str, rows: list[str]) -> None:
        self.stdout.write(f"\n{title}\n{REPORT_HEADER}")
        for row in rows:
            self.stdout.write(row)

    def sqlite_section(self) -> None:
        with sqlite_target({"REDIS_URL": ""}) as target, web_server(target, 1) as (url, server):
            self.write_rows("SQLite, one web process", self.measure_all(target, url, server))

    def postgres_section(self) -> None:
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")):
            self.stdout.write(
                "\nPostgreSQL: skipped (set DATABASE_URL to a PostgreSQL server to measure it)"
            )
            return
        server_url = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
        try:
            psycopg.connect(server_url, connect_timeout=5).close()
        except psycopg.OperationalError as error:
            self.stdout.write(f"\nPostgreSQL: skipped (the server is unreachable: {error})")
            return
        workers = self.options["workers"]
        with (
            postgres_target(database_url, {}) as target,
            web_server(target, workers) as (url, server),
        ):
            rows = self.measure_all(target, url, server)
            rows += asyncio.run(connections_measure(target, url, server.pid, self.options["count"]))
            pool = f"pool of {target.env.get('DJANGO_DB_POOL_MAX', '4')} per process"
            if target.env.get("DJANGO_DB_POOL", "true").lower() in ("false", "0", "no"):
                pool = "no pool, a connection per request"
            redis = "Redis" if target.env.get("REDIS_URL") else "in-memory channel layer"
            self.write_rows(f"PostgreSQL, {workers} web processes, {pool}, {redis}", rows)

    def measure_all(self, target: Target, url: str, server: subprocess.Popen) -> list[str]:
        count, clients = self.options["count"], self.options["clients"]
        self.submit_path_write(target)
        with self.profiled(server, target.label):
            rows = asyncio.run(submissions_measure(target, url, server.pid, count, clients))
        return rows + asyncio.run(reads_measure(url, server.pid, count, clients))

    def submit_path_write(self, target: Target) -> None:
        """Queries and CPU per submission in-process, web and worker side (no HTTP, no load)."""
        answer = subprocess.run(
            [sys.executable, "manage.py", "bench_submit_path"],
            env=target.env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if answer.returncode:
            raise CommandError(f"bench_submit_path failed:\n{answer.stderr[-3000:]}")
        figures = json.loads(answer.stdout.strip().splitlines()[-1])
        self.stdout.write(
            f"\n{target.label}, in-process, per submission: web (POST through middleware, DRF, "
            f"services) {figures['web_queries']} queries, {figures['web_cpu_ms']} ms of CPU; "
            f"worker (its run's first task) {figures['worker_queries']} queries, "
            f"{figures['worker_cpu_ms']} ms of CPU"
        )

    @contextlib.contextmanager
    def profiled(self, server: subprocess.Popen, label: str) -> Iterator[None]:
        folder = self.options["profile"]
        if not folder:
            yield
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        output = Path(folder) / f"submissions-{label.lower()}.txt"
        spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
        recorder = subprocess.Popen(
            [
                spy,
                "record",
                "--subprocesses",
                "--rate",
                "200",
                "--pid",
                str(server.pid),
                "--format",
                "raw",
                "--output",
                str(output),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)  # py-spy attaches before the load starts
        try:
            yield
        finally:
            recorder.send_signal(signal.SIGINT)
            recorder.wait(timeout=60)
            self.stdout.write(f"    profile: {output}")

    def editor_section(self) -> None:
        with sqlite_target({"REDIS_URL": ""}) as target:
            manage(target.env, "collectstatic", "--noinput")  # the editor's files, as in production
            with web_server(target, 1) as (url, _):
                rows = editor_rows(url)
        self.stdout.write("\nThe workflow editor (from navigation start)")
        for row in rows:
            self.stdout.write(row)

    def workflows_section(self) -> None:
        """Workflow runs carried by the engine: on the embedded default (SQLite, the worker in a
        thread of the one web process) and on PostgreSQL + Redis (2 web and 2 worker processes)."""
        count, clients = min(self.options["count"], 500), self.options["clients"]
        code = f"from {__name__} import automatic_workflow_publish; automatic_workflow_publish()"
        with sqlite_target({"REDIS_URL": ""}) as target, web_server(target, 1) as (url, server):
            manage(target.env, "shell", "-c", code)
            rows = asyncio.run(workflow_runs_measure(url, 100, count, clients, [server.pid]))
        self.write_rows("Workflow runs, SQLite, the worker in the web process", rows)
        database_url = os.environ.get("DATABASE_URL", "")
        redis_url = os.environ.get("REDIS_URL", "")
        if not (database_url.startswith(("postgres://", "postgresql://")) and redis_url):
            self.stdout.write("\nWorkflow runs on PostgreSQL + Redis: skipped (set both URLs)")
            return
        with postgres_target(database_url, {"REDIS_URL": redis_url}) as target:
            manage(target.env, "shell", "-c", code)
            with db_workers(target, 2) as workers, web_server(target, 2) as (url, server):
                pids = [server.pid, *(worker.pid for worker in workers)]
                rows = asyncio.run(workflow_runs_measure(url, 100, count, clients, pids))
        self.write_rows("Workflow runs, PostgreSQL + Redis, 2 web and 2 worker processes", rows)

    def soak_section(self) -> None:
        database_url = os.environ.get("DATABASE_URL", "")
        redis_url = os.environ.get("REDIS_URL", "")
        if not (database_url.startswith(("postgres://", "postgresql://")) and redis_url):
            self.stdout.write("Soak: skipped (set DATABASE_URL to PostgreSQL and REDIS_URL)")
            return
        # Imported here: the soak is built on this module's load driver and servers.
        from ontraccr_clone.demo.soak import soak

        soak(
            database_url,
            redis_url,
            self.options["soak"],
            self.options["clients"],
            Path(self.options["soak_output"]),
            self.stdout.write,
        )

    def sandbox_section(self) -> None:
        """python-quickbooks against the local sandbox over real HTTP, as the PO sync will be."""
        unthrottled = {
            "REDIS_URL": "",
            "QBO_SANDBOX_ENABLED": "true",
            "QBO_SANDBOX_THROTTLE_LIMIT": "1000000",
        }
        with sqlite_target(unthrottled) as target, web_server(target, 1) as (url, _):
            rows = sandbox_rows(target, url, min(self.options["count"], 300))
        self.stdout.write(f"\nThe local QuickBooks sandbox (one client)\n{REPORT_HEADER}")
        for row in rows:
            self.stdout.write(row)

    def quickbooks_section(self) -> None:
        """The 'Sync with QuickBooks' step against the sandbox with Intuit's real limits."""
        extra = {
            "REDIS_URL": "",
            "QBO_SANDBOX_ENABLED": "true",
            "WORKFLOW_WORKER_IN_WEB_PROCESS": "false",
        }
        database_url = os.environ.get("DATABASE_URL", "")
        target_of = (
            partial(postgres_target, database_url)
            if database_url.startswith(("postgres://", "postgresql://"))
            else sqlite_target
        )
        with target_of(extra) as target, web_server(target, self.options["workers"]) as (url, _):
            answer = subprocess.run(
                [
                    sys.executable, "manage.py", "bench_quickbooks", "--base-url", url,
                    "--backlog", str(self.options["backlog"]),
                ],
                env=target.env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                timeout=3600,
            )  # fmt: skip
        if answer.returncode:
            raise CommandError(f"bench_quickbooks failed:\n{answer.stderr[-3000:]}")
        figures = json.loads(answer.stdout.strip().splitlines()[-1])
        self.stdout.write(f"\nSync with QuickBooks on {target.label}, sandbox at 500 calls/min\n")
        for name, value in figures.items():
            self.stdout.write(f"  {name:<40} {value}")


def sandbox_rows(target: Target, base_url: str, count: int) -> list[str]:
    """Create purchase orders and query vendors with python-quickbooks, one call at a time."""
    from intuitlib.client import AuthClient
    from quickbooks import QuickBooks
    from quickbooks.objects.detailline import ItemBasedExpenseLine, ItemBasedExpenseLineDetail
    from quickbooks.objects.item import Item
    from quickbooks.objects.purchaseorder import PurchaseOrder
    from quickbooks.objects.vendor import Vendor as QboVendor

    credentials = subprocess.run(
        [sys.executable, "manage.py", "qbo_sandbox_credentials", "--base-url", base_url],
        env=target.env,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    sandbox = json.loads(credentials.stdout)
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # the local sandbox speaks plain http
    try:
        auth = AuthClient(
            sandbox["client_id"], sandbox["client_secret"], base_url + "/callback/",
            sandbox["discovery_url"],
        )  # fmt: skip
        qb = QuickBooks(
            auth_client=auth,
            refresh_token=sandbox["refresh_token"],
            company_id=sandbox["realm_id"],
            minorversion=75,
        )
        qb.api_url_v3 = sandbox["api_url"]
        vendor = QboVendor.all(qb=qb, max_results=1)[0]
        items = Item.all(qb=qb, max_results=3)

        def create_purchase_order(index: int) -> None:
            order = PurchaseOrder()
            order.VendorRef = vendor.to_ref()
            order.DocNumber = f"BENCH-{index}"
            order.Line = []
            for item in items:
                line = ItemBasedExpenseLine()
                line.Amount = 30
                line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
                line.ItemBasedExpenseLineDetail.ItemRef = item.to_ref()
                line.ItemBasedExpenseLineDetail.Qty = 3
                line.ItemBasedExpenseLineDetail.UnitPrice = 10
                order.Line.append(line)
            order.save(qb=qb)

        def find_vendor(_: int) -> None:
            assert QboVendor.filter(DisplayName=vendor.DisplayName, qb=qb)

        created = one_at_a_time(create_purchase_order, count)
        found = one_at_a_time(find_vendor, count)
        return [
            report_row("sandbox: create PurchaseOrder (3 lines)", created),
            report_row("sandbox: query Vendor by DisplayName", found),
        ]
    finally:
        os.environ.pop("OAUTHLIB_INSECURE_TRANSPORT", None)


EDITOR_STEPS = 300
EDITOR_RUNS = 7
EDITOR_DRAG_MOVES = 60
# Runs in the page from its first byte: waits, frame by frame, until every step is drawn, then
# clicks one and waits until it shows as selected; notes when every arrow is drawn too, and then
# times a click on another step until it shows as selected and the frame after that is painted.
EDITOR_PROBE = """
window.__editorTimes = new Promise((resolve) => {
  const times = {};
  function drawn() {
    const steps = document.querySelectorAll(".react-flow__node");
    return steps.length >= %(steps)d &&
      Array.from(steps).every((step) => getComputedStyle(step).visibility === "visible");
  }
  // Clicks a step and times until it shows as selected and the frame after that is painted.
  function click(key, then) {
    const step = document.querySelector(`.react-flow__node[data-id="${key}"]`);
    const clickedAt = performance.now();
    new MutationObserver((_, observer) => {
      if (!step.classList.contains("selected")) return;
      observer.disconnect();
      const selectedAt = performance.now();
      const painted = () => then(selectedAt, performance.now() - clickedAt);
      requestAnimationFrame(() => setTimeout(painted));
    }).observe(step, { attributes: true, attributeFilter: ["class"] });
    step.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  }
  function waitForSteps() {
    if (!drawn()) return requestAnimationFrame(waitForSteps);
    times.drawn = performance.now();
    // The first click lands while the editor still measures the steps and draws the arrows.
    requestAnimationFrame(() => click("submit", (selectedAt) => {
      times.interactive = selectedAt;
      requestAnimationFrame(waitForArrows);
    }));
  }
  function arrowsDrawn() {
    return document.querySelectorAll(".react-flow__edge").length >= %(steps)d - 1;
  }
  // Watched frame by frame from the start, beside the clicks: when every arrow is drawn too.
  function watchArrows() {
    if (!arrowsDrawn()) return requestAnimationFrame(watchArrows);
    times.arrows = performance.now();
  }
  function waitForArrows() {
    if (!("arrows" in times)) return requestAnimationFrame(waitForArrows);
    requestAnimationFrame(() => click("step-5", (_, took) => {
      times.click = took;
      resolve(times);
    }));
  }
  requestAnimationFrame(waitForSteps);
  requestAnimationFrame(watchArrows);
});
// Frame times while a step is dragged (see editor_drag_fps).
window.__frames = [];
window.__countFrames = () => {
  window.__frames = [];
  const tick = (now) => {
    window.__frames.push(now);
    if (window.__counting) requestAnimationFrame(tick);
  };
  window.__counting = true;
  requestAnimationFrame(tick);
};
"""


def editor_drag_fps(page: Any) -> float:
    """Frames a second while a step is dragged across the canvas, one mouse move a frame."""
    box = page.locator('.react-flow__node[data-id="step-1"] .step-node-title').bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.evaluate("window.__countFrames()")
    for move in range(1, EDITOR_DRAG_MOVES + 1):
        page.mouse.move(x + move * 2, y + move)
        page.evaluate("new Promise((resolve) => requestAnimationFrame(() => resolve()))")
    frames = page.evaluate("window.__counting = false, window.__frames")
    page.mouse.up()
    return (len(frames) - 1) * 1000 / (frames[-1] - frames[0])


def editor_rows(base_url: str) -> list[str]:
    """The workflow editor opening a 300-step workflow in headless Chromium: milliseconds from
    navigation start until every step is drawn, and until a click on a step selects it. The
    workflow is drawn over the API as the demo admin; the first load fills the browser's cache
    (as for an admin coming back) and is not counted."""
    from playwright.sync_api import sync_playwright

    async def draw_workflow() -> tuple[dict[str, str], int]:
        admin = HttpClient(base_url)
        await admin.json("GET", "/api/auth/session/", expect=401)  # sets the CSRF cookie
        await admin.json(
            "POST", "/api/auth/session/", {"email": ADMIN_EMAIL, "password": DEMO_PASSWORD}
        )
        forms = await admin.json("GET", "/api/form-templates/")
        template = next(form for form in forms if form["form_type"]["key"] == "po")
        status, content = await admin.request(
            "POST", "/api/workflows/", {"template": template["id"]}
        )
        assert status in (200, 201), content
        workflow = json.loads(content)
        steps: list[dict[str, Any]] = [{"key": "submit", "type": "submit", "x": 0, "y": 0}]
        arrows = []
        for number in range(1, EDITOR_STEPS):
            approval = number % 10 == 0  # every tenth step an approval, the others statuses
            steps.append({
                "key": f"step-{number}",
                "type": "approval" if approval else "update_status",
                "config": {"approvers": "role", "role": "admin"} if approval
                else {"status": f"Stage {number}"},
                "x": (number % 15) * 260,
                "y": (number // 15) * 170,
            })  # fmt: skip
            before = steps[-2]
            outcome = "approved" if before["type"] == "approval" else "next"
            arrows.append({"source": before["key"], "outcome": outcome, "target": f"step-{number}"})
        body = {"revision": workflow["revision"], "steps": steps, "transitions": arrows}
        saved = await admin.json("PUT", f"/api/workflows/{workflow['id']}/draft/", body)
        assert not saved["problems"], saved["problems"]
        await admin.close()
        return admin.cookies, workflow["id"]

    cookies, workflow_id = asyncio.run(draw_workflow())
    drawn, arrows, interactive, clicks, fps = [], [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            # Without the omnibox's popup, which headless Chromium would otherwise build for each
            # new page on the same two cores while the editor loads.
            args=["--no-sandbox", "--disable-gpu", "--disable-features=WebUIOmniboxPopup"],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.add_cookies(
            [{"name": name, "value": value, "url": base_url} for name, value in cookies.items()]
        )
        context.add_init_script(EDITOR_PROBE % {"steps": EDITOR_STEPS})
        for run in range(EDITOR_RUNS + 1):
            page = context.new_page()
            page.goto(f"{base_url}/workflows/{workflow_id}")
            times = page.evaluate("window.__editorTimes")
            if run:
                drawn.append(times["drawn"])
                arrows.append(times["arrows"])
                interactive.append(times["interactive"])
                clicks.append(times["click"])
                fps.append(editor_drag_fps(page))
            page.close()
        browser.close()
    for figures in (drawn, arrows, interactive, clicks, fps):
        figures.sort()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return [
        f"{EDITOR_STEPS} steps, {EDITOR_RUNS} loads in headless Chromium (load average {load})",
        f"    all steps drawn:   median {drawn[len(drawn) // 2]:6.0f} ms, "
        f"best {drawn[0]:6.0f} ms, worst {drawn[-1]:6.0f} ms (target: under 800 ms)",
        f"    all arrows drawn:  median {arrows[len(arrows) // 2]:6.0f} ms, "
        f"best {arrows[0]:6.0f} ms, worst {arrows[-1]:6.0f} ms",
        f"    answers a click:   median {interactive[len(interactive) // 2]:6.0f} ms, "
        f"best {interactive[0]:6.0f} ms, worst {interactive[-1]:6.0f} ms",
        f"    a click once drawn, until painted: median {clicks[len(clicks) // 2]:6.0f} ms, "
        f"best {clicks[0]:6.0f} ms, worst {clicks[-1]:6.0f} ms (target: under 50 ms)",
        f"    dragging a step:   median {fps[len(fps) // 2]:6.0f} fps, "
        f"worst {fps[0]:6.0f} fps (target: 60 fps)",
    ]


def one_at_a_time(action: Callable[[int], Any], count: int) -> LoadResult:
    """Run a blocking `action` `count` times in a row; an exception counts as an error."""
    result = LoadResult(clients=1)
    started = time.perf_counter()
    for index in range(count):
        begin = time.perf_counter()
        try:
            action(index)
            result.statuses[200] += 1
        except Exception:  # the row shows it as an error, the run goes on
            result.statuses[0] += 1
        result.latencies_ms.append((time.perf_counter() - begin) * 1000)
    result.elapsed = time.perf_counter() - started
    return result
