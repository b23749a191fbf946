"""`make chaos`: purchase orders submitted and synced to QuickBooks while processes are killed and
QuickBooks fails, then a count of every promise kept or broken.

On a PostgreSQL database made for the run (`<DATABASE_URL's name>_chaos`, dropped and made again
each run, kept afterwards to look into) and Redis, it starts two web processes (uvicorn) and two
task workers (`db_worker`) under a supervisor that restarts any that dies, as systemd would. A
company with a PO form whose workflow is Submit -> Sync with QuickBooks is connected to the local
sandbox served by the web processes. Then 16 clients submit the POs over HTTP, each with an
`Idempotency-Key` (retried with the same key and body until answered), while a loop SIGKILLs a
random process every few seconds and the sandbox fails a share of the QuickBooks calls. Kills and
faults stop once every run has finished (or after a time limit); the runs are given time to
finish; then the figures are counted from the database and the sandbox, and the command fails if
any promise was broken.
"""

import asyncio
import contextlib
import datetime
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ontraccr_clone.demo.management.commands.bench import (
    HttpClient,
    free_port,
    postgres_target,
)

CLIENTS = 16
PASSWORD = "chaos-password-Long-1"
MEMBER_EMAIL = "chaos-member@example.com"
MEMO_PREFIX = "chaos "
FAULT_KINDS = ["500", "503", "429", "hang", "answer_lost", "answer_500", "answer_dropped"]
# Vendors: one QuickBooks has under that name, two it has not (created by the first PO that needs
# them, while other POs race to do the same).
VENDORS = ["Hicks Hardware", "Chaos Supply Co", "Chaos Lumber Yard"]
# Materials linked to QuickBooks items before the run (by a first PO synced without chaos).
LINKED = [("Lumber 2x4x8", "4.25"), ("Drywall Sheet 4x8", "12.50"), ("Rebar #4", "6.00")]
# Materials QuickBooks does not have: 'Create unlinked items' creates them during the run.
UNLINKED = [(f"Chaos part {number:02}", f"{number + 3}.75") for number in range(1, 13)]
FREE_TEXT = [("Delivery", "45.00"), ("Chaos rental day", "120.00")]
TERMINAL_RUN = {"succeeded", "failed", "cancelled"}
# How long the survivors may take to release what killed processes held (a lease and a sweep).
RELEASE_SECONDS = 60


# -- processes and their supervisor ---------------------------------------------------------------


@dataclass
class Managed:
    """One supervised process: how to start it, the running one, and how often it was started."""

    name: str
    argv: list[str]
    log: Path
    port: int | None = None  # a web process's
    # QuickBooks stands apart: our kills never take it down (its own faults are injected).
    killable: bool = True
    process: subprocess.Popen | None = None
    starts: int = 0

    def start(self, env: dict[str, str]) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                self.argv,
                env=env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1


class Supervisor:
    """Restarts any managed process that exits, a moment after, as systemd's Restart=always."""

    def __init__(self, processes: list[Managed], env: dict[str, str]) -> None:
        self.processes, self.env = processes, env
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def start(self) -> None:
        for managed in self.processes:
            managed.start(self.env)
        self.thread.start()

    def watch(self) -> None:
        while not self.stopping.wait(0.25):
            with self.lock:
                for managed in self.processes:
                    if managed.process is not None and managed.process.poll() is not None:
                        managed.start(self.env)

    def kill_one(
        self, chooser: random.Random, posts_in_flight: Counter[int], wait_for_post: float
    ) -> str:
        """SIGKILL a process drawn at random. A web process is killed with a POST in flight if
        one comes within `wait_for_post` seconds, as under load in production (between two
        two POSTs, a kill would never test what a cut POST does)."""
        managed = chooser.choice([managed for managed in self.processes if managed.killable])
        waited_until = time.monotonic() + wait_for_post
        while managed.port is not None and time.monotonic() < waited_until:
            if posts_in_flight[managed.port] > 0:
                break
            time.sleep(0.01)
        with self.lock:
            if managed.process is not None and managed.process.poll() is None:
                os.killpg(managed.process.pid, signal.SIGKILL)
                managed.process.wait()
        return managed.name

    def stop(self) -> None:
        """Stop every process as systemd would (SIGTERM, then SIGKILL after 30 s); once."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.thread.join()
        for managed in self.processes:
            if managed.process is not None and managed.process.poll() is None:
                os.killpg(managed.process.pid, signal.SIGTERM)
        for managed in self.processes:
            if managed.process is None:
                continue
            try:
                managed.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(managed.process.pid, signal.SIGKILL)
                managed.process.wait()


def port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def wait_for_ports(ports: list[int], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not all(port_open(port) for port in ports):
        if time.monotonic() > deadline:
            raise CommandError(f"The web processes did not start on ports {ports}.")
        time.sleep(0.2)


# -- the clients ----------------------------------------------------------------------------------


@dataclass
class Submission:
    """One filled-in form: its key, its body, and what the client saw of it."""

    key: str
    body: dict[str, Any]
    expected: dict[str, Any]
    answer_status: int | None = None
    answer_id: int | None = None
    answer_excerpt: str = ""
    tries: int = 0


@dataclass
class Catalog:
    template_id: int
    vendors: dict[str, int]
    materials: dict[str, tuple[int, str]]  # name -> (id, unit cost)


def order_draw(index: int, catalog: Catalog, seed: int) -> Submission:
    """A PO of 3 to 6 lines: linked materials, unlinked ones and free text, drawn per index."""
    draw = random.Random(seed * 100_003 + index)
    key = str(uuid.uuid4())
    vendor = draw.choice(VENDORS)
    rows: list[dict[str, Any]] = []
    lines: list[tuple[str, Decimal, Decimal]] = []
    picks = draw.sample(LINKED, draw.randint(1, 2)) + draw.sample(UNLINKED, draw.randint(1, 3))
    for name, _ in picks:
        material_id, cost = catalog.materials[name]
        quantity = draw.randint(1, 9)
        rows.append({"material_id": material_id, "quantity": quantity})
        lines.append((name, Decimal(quantity), Decimal(cost)))
    if draw.random() < 0.5:
        name, cost = draw.choice(FREE_TEXT)
        rows.append({"name": name, "quantity": 1, "unit_cost": cost})
        lines.append((name, Decimal(1), Decimal(cost)))
    body = {
        "template": catalog.template_id,
        "data": {
            "vendor": catalog.vendors[vendor],
            "materials": rows,
            "memo": MEMO_PREFIX + key,
            "due_date": "2026-12-31",
        },
    }
    return Submission(key=key, body=body, expected={"vendor": vendor, "lines": lines})


async def signed_in(base_url: str) -> dict[str, str]:
    client = HttpClient(base_url)
    await client.json("GET", "/api/auth/session/", expect=401)  # sets the CSRF cookie
    await client.json("POST", "/api/auth/session/", {"email": MEMBER_EMAIL, "password": PASSWORD})
    await client.close()
    return client.cookies


async def submit_all(
    ports: list[int],
    submissions: list[Submission],
    submit_seconds: float,
    give_up_seconds: float,
    posts_in_flight: Counter[int],
) -> None:
    """16 clients, each posting one form at a time, the forms let out evenly over `submit_seconds`
    (so that several kills land while forms are posted); a POST cut off or answered 5xx, 409 or
    429 is sent again with the same key and body, to the other web process, until answered or
    `give_up_seconds`."""
    cookies = await signed_in(f"http://127.0.0.1:{ports[0]}")
    queue = list(reversed(list(enumerate(submissions))))
    started = time.monotonic()

    async def client(number: int) -> None:
        connections = [HttpClient(f"http://127.0.0.1:{port}", cookies) for port in ports]
        turn = number % len(ports)
        while queue:
            index, submission = queue.pop()
            let_out = started + index * submit_seconds / len(submissions)
            await asyncio.sleep(let_out - time.monotonic())
            deadline = time.monotonic() + give_up_seconds
            while time.monotonic() < deadline:
                submission.tries += 1
                connection = connections[turn]
                posts_in_flight[ports[turn]] += 1
                try:
                    status, content = await asyncio.wait_for(
                        connection.request(
                            "POST",
                            "/api/submissions/",
                            submission.body,
                            headers={"Idempotency-Key": submission.key},
                        ),
                        timeout=60,
                    )
                except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError):
                    await connection.close()
                    status, content = 0, b""
                finally:
                    posts_in_flight[ports[turn]] -= 1
                # 409: the same key is still being answered (Stripe's meaning); 429: wait too.
                if status and status < 500 and status not in (409, 429):
                    submission.answer_status = status
                    submission.answer_excerpt = content[:300].decode(errors="replace")
                    if status in (200, 201):
                        submission.answer_id = int(json.loads(content)["id"])
                    break
                turn = (turn + 1) % len(ports)
                await asyncio.sleep(0.5)
        for connection in connections:
            await connection.close()

    await asyncio.gather(*(client(number) for number in range(CLIENTS)))


# -- the figures ----------------------------------------------------------------------------------


@dataclass
class Figures:
    values: dict[str, Any] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def count(self, name: str, value: int, detail: list[str] | None = None) -> None:
        """A figure that must be 0."""
        self.values[name] = value
        if value:
            self.broken.append(name)
            self.details += [f"  {name}: {line}" for line in (detail or [])[:10]]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


# -- the command ----------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Submit POs synced to QuickBooks while processes are killed and QuickBooks fails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100, help="Purchase orders submitted.")
        parser.add_argument(
            "--kill-every", type=float, default=5, help="Seconds between two SIGKILLs."
        )
        parser.add_argument(
            "--submit-seconds",
            type=float,
            default=20,
            help="The POs are let out evenly over this many seconds (as fast as the clients go "
            "if the server is slower).",
        )
        parser.add_argument(
            "--fault-rate", type=float, default=0.3, help="Share of QuickBooks calls that fail."
        )
        parser.add_argument(
            "--chaos-seconds",
            type=float,
            default=None,
            help="Kills and faults stop after this long at most (default: 120 + 2 s per PO).",
        )
        parser.add_argument(
            "--settle-seconds",
            type=float,
            default=300,
            help="After the chaos, how long the runs may take to finish.",
        )
        parser.add_argument("--seed", type=int, default=None, help="Seed of the random draws.")
        parser.add_argument(
            "--sync-p50-limit",
            type=float,
            default=30,
            help="The median seconds from submitted to synced above which the run fails.",
        )
        parser.add_argument(
            "--on-database",
            action="store_true",
            help="Run on the configured database, made for the run (the command does this itself).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["on_database"]:
            self.run(options)
            return
        database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ontraccr")
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise CommandError("The chaos run needs PostgreSQL: set DATABASE_URL.")
        extra = {
            "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "QBO_SANDBOX_ENABLED": "true",
            "WORKFLOW_WORKER_IN_WEB_PROCESS": "false",
            # A hang lasts longer than the client waits (QBO_TIMEOUT_SECONDS, 15 s).
            "QBO_SANDBOX_HANG_SECONDS": os.environ.get("QBO_SANDBOX_HANG_SECONDS", "20"),
            "OAUTHLIB_INSECURE_TRANSPORT": "1",
            "PYTHONUNBUFFERED": "1",
        }
        with postgres_target(database_url, extra, suffix="_chaos", keep=True) as target:
            self.stdout.write(f"Chaos run on {target.database_url.rsplit('/', 1)[-1]}")
            argv = [sys.executable, "manage.py", "chaos", "--on-database"]
            for name in (
                "count",
                "kill_every",
                "submit_seconds",
                "fault_rate",
                "chaos_seconds",
                "settle_seconds",
                "sync_p50_limit",
            ):
                if options[name] is not None:
                    argv += [f"--{name.replace('_', '-')}", str(options[name])]
            if options["seed"] is not None:
                argv += ["--seed", str(options["seed"])]
            code = subprocess.run(argv, env=target.env, cwd=settings.BASE_DIR).returncode
        if code:
            raise CommandError(f"The chaos run failed (exit {code}).")

    # -- on the chaos database, in the product's environment ------------------------------------

    def run(self, options: dict[str, Any]) -> None:
        count, seed = options["count"], options["seed"]
        self.sync_p50_limit = options["sync_p50_limit"]
        if seed is None:
            seed = random.randrange(1_000_000)
        chaos_seconds = options["chaos_seconds"] or 120 + 2 * count
        logs = Path(tempfile.mkdtemp(prefix="ontraccr-chaos-"))
        ports = [free_port(), free_port()]
        quickbooks_port = free_port()
        uvicorn = str(Path(sys.executable).with_name("uvicorn"))
        served = [
            "--lifespan",
            "off",
            "--no-access-log",
            "--log-level",
            "warning",
            "--host",
            "127.0.0.1",
        ]
        web = [
            Managed(
                f"web-{number}",
                [uvicorn, "ontraccr_clone.asgi:application", *served, f"--port={port}"],
                logs / f"web-{number}.log",
                port=port,
            )
            for number, port in enumerate(ports, 1)
        ]
        # The sandbox, served by a process of its own as QuickBooks Online is by Intuit: killing
        # our web processes must not also take "QuickBooks" down.
        quickbooks = Managed(
            "quickbooks",
            [uvicorn, "ontraccr_clone.asgi:application", *served, f"--port={quickbooks_port}"],
            logs / "quickbooks.log",
            port=quickbooks_port,
            killable=False,
        )
        workers = [
            Managed(
                f"worker-{number}",
                [sys.executable, "manage.py", "db_worker", "--interval", "0.1"],
                logs / f"worker-{number}.log",
            )
            for number in (1, 2)
        ]
        for managed in [*web, *workers, quickbooks]:
            managed.log.write_text("")
        env = dict(os.environ)
        supervisor = Supervisor([*web, *workers, quickbooks], env)
        self.stdout.write(
            f"{count} POs from {CLIENTS} clients; a SIGKILL every {options['kill_every']} s; "
            f"{options['fault_rate']:.0%} of QuickBooks calls fail; seed {seed}; logs in {logs}"
        )
        # Stopped early (CI's time limit), the run still stops the processes it started.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
        supervisor.start()
        try:
            wait_for_ports([*ports, quickbooks_port])
            origin = f"http://127.0.0.1:{quickbooks_port}"
            catalog, realm_id = self.company_seed(origin)
            self.warm_up(ports, catalog)
            figures = self.chaos(
                supervisor, ports, catalog, realm_id, count, seed, options, chaos_seconds
            )
        finally:
            supervisor.stop()
        self.report(figures)
        if figures.broken:
            raise CommandError("Broken promises: " + ", ".join(figures.broken))

    def company_seed(self, origin: str) -> tuple[Catalog, str]:
        """A company connected to the sandbox (served by its own process) with a PO form
        whose published workflow is Submit -> Sync with QuickBooks, and its catalog."""
        from integrations.quickbooks.management.commands.bench_quickbooks import (
            SECTIONS,
        )
        from integrations.quickbooks.management.commands.bench_quickbooks import (
            Command as QuickBooksBench,
        )
        from integrations.quickbooks.models import QuickBooksConnection
        from ontraccr_clone.accounts.models import User
        from ontraccr_clone.accounts.services import user_create
        from ontraccr_clone.catalog.models import Material, Vendor
        from workflows.forms.models import FormType
        from workflows.forms.services import form_template_create

        bench = QuickBooksBench()
        admin = bench.company_connected(origin)
        user_create(
            company=admin.tenant, email=MEMBER_EMAIL, password=PASSWORD, role=User.Role.MEMBER
        )
        template = form_template_create(
            actor=admin,
            name="Purchase Order",
            form_type=FormType.objects.get(company=admin.company, key="po"),
            sections=SECTIONS,
        )
        bench.publish(admin, template)
        vendors = {
            name: Vendor.objects.create(company=admin.tenant, name=name).pk for name in VENDORS
        }
        materials = {
            name: (
                Material.objects.create(
                    company=admin.tenant, name=name, unit_cost=Decimal(cost)
                ).pk,
                cost,
            )
            for name, cost in LINKED + UNLINKED
        }
        realm_id = QuickBooksConnection.objects.get(company=admin.company).realm_id
        return Catalog(template.pk, vendors, materials), realm_id

    def warm_up(self, ports: list[int], catalog: Catalog) -> None:
        """One PO of the linked materials, synced before any chaos, which links them."""
        from workflows.engine.models import WorkflowRun

        body = {
            "template": catalog.template_id,
            "data": {
                "vendor": catalog.vendors[VENDORS[0]],
                "materials": [
                    {"material_id": catalog.materials[name][0], "quantity": 1} for name, _ in LINKED
                ],
                "memo": "warm-up",
            },
        }

        async def post() -> int:
            base_url = f"http://127.0.0.1:{ports[0]}"
            client = HttpClient(base_url, await signed_in(base_url))
            created = await client.json("POST", "/api/submissions/", body, expect=201)
            await client.close()
            return int(created["id"])

        submission_id = asyncio.run(post())
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            run = WorkflowRun.objects.filter(submission_id=submission_id).first()
            if run is not None and run.status in TERMINAL_RUN:
                if run.status != "succeeded":
                    raise CommandError(f"The warm-up PO did not sync: its run {run.status}.")
                return
            time.sleep(0.5)
        raise CommandError("The warm-up PO did not sync within 120 s, without any chaos.")

    def chaos(
        self,
        supervisor: Supervisor,
        ports: list[int],
        catalog: Catalog,
        realm_id: str,
        count: int,
        seed: int,
        options: dict[str, Any],
        chaos_seconds: float,
    ) -> Figures:
        from integrations.qbo_sandbox import services as sandbox
        from integrations.qbo_sandbox.models import ApiRequest, SandboxEntity
        from workflows.engine.models import StepRun, WorkflowRun
        from workflows.forms.models import FormSubmission

        submissions = [order_draw(index, catalog, seed) for index in range(count)]
        started_at = timezone.now()
        # Whatever the sandbox holds past this id was made during the run.
        entities_before = SandboxEntity.objects.aggregate(last=Max("id"))["last"] or 0
        sandbox.sandbox_fault_rate_set(
            realm_id=realm_id, fraction=options["fault_rate"], kinds=FAULT_KINDS
        )
        chooser = random.Random(seed)
        kills: Counter[str] = Counter()
        backlog_peak = 0
        posts_in_flight: Counter[int] = Counter()
        submitted = threading.Event()

        def ours() -> Any:
            return FormSubmission.objects.filter(
                template_version__template_id=catalog.template_id,
                data__memo__startswith=MEMO_PREFIX,
            )

        def all_finished() -> bool:
            stored = ours()
            unfinished = WorkflowRun.objects.filter(submission__in=stored).exclude(
                status__in=TERMINAL_RUN
            )
            return not unfinished.exists() and not stored.filter(workflow_runs=None).exists()

        def killer() -> None:
            nonlocal backlog_peak
            began = time.monotonic()
            next_kill, next_note = began + options["kill_every"] / 2, began + 30
            while time.monotonic() < began + chaos_seconds:
                if time.monotonic() >= next_kill:
                    wait = 0 if submitted.is_set() else 2
                    killed = supervisor.kill_one(chooser, posts_in_flight, wait)
                    kills[killed.split("-")[0]] += 1
                    next_kill += options["kill_every"]
                backlog_peak = max(
                    backlog_peak, DBTaskResult.objects.filter(status="READY").count()
                )
                if submitted.is_set() and all_finished():
                    return
                if time.monotonic() >= next_note:
                    self.progress(time.monotonic() - began, sum(kills.values()), ours())
                    next_note += 30
                time.sleep(1)

        chaos_thread = threading.Thread(target=killer, daemon=True)
        chaos_thread.start()
        submit_started = time.monotonic()
        asyncio.run(
            submit_all(
                ports,
                submissions,
                submit_seconds=options["submit_seconds"],
                give_up_seconds=chaos_seconds + 120,
                posts_in_flight=posts_in_flight,
            )
        )
        submitted.set()
        self.stdout.write(f"Submitted in {time.monotonic() - submit_started:.0f} s")
        chaos_thread.join()
        chaos_seconds_spent = time.monotonic() - submit_started
        sandbox.sandbox_clear_faults(realm_id=realm_id)
        self.stdout.write(
            f"Kills and faults stopped after {chaos_seconds_spent:.0f} s "
            f"({sum(kills.values())} kills); waiting up to {options['settle_seconds']:.0f} s for "
            "the runs to finish"
        )
        settle_ends = time.monotonic() + options["settle_seconds"]
        next_note = time.monotonic() + 30
        while time.monotonic() < settle_ends and not all_finished():
            backlog_peak = max(backlog_peak, DBTaskResult.objects.filter(status="READY").count())
            if time.monotonic() >= next_note:
                self.progress(time.monotonic() - submit_started, sum(kills.values()), ours())
                next_note += 30
            time.sleep(1)
        # What killed processes held is released by the survivors (the sweep, expiring slots)
        # within a lease or two; then the processes stop as in a deploy, and what is still held
        # after that stays held.
        release_ends = time.monotonic() + RELEASE_SECONDS
        while time.monotonic() < release_ends and self.held():
            time.sleep(1)
        supervisor.stop()
        return self.count_figures(
            submissions=submissions,
            stored=list(ours().prefetch_related("workflow_runs")),
            realm_id=realm_id,
            entities_before=entities_before,
            started_at=started_at,
            kills=kills,
            restarts=sum(m.starts - 1 for m in supervisor.processes),
            faults=Counter(
                ApiRequest.objects.filter(company__realm_id=realm_id, started_at__gte=started_at)
                .exclude(fault="")
                .values_list("fault", flat=True)
            ),
            calls=ApiRequest.objects.filter(
                company__realm_id=realm_id, started_at__gte=started_at
            ).count(),
            backlog_peak=backlog_peak,
            step_runs=StepRun.objects.filter(run__submission__in=ours()),
            seconds=chaos_seconds_spent,
        )

    def held(self) -> list[str]:
        """What is still held once every run finished: task rows left running, leased step runs,
        QuickBooks call slots that still count against the limits, token refresh locks."""
        from integrations.quickbooks.limits import calls_in_flight
        from integrations.quickbooks.models import QuickBooksConnection
        from workflows.engine.models import StepRun

        now = timezone.now()
        held = []
        running_tasks = DBTaskResult.objects.filter(status="RUNNING")
        held += [f"task {task.id} {task.task_path} RUNNING" for task in running_tasks]
        leased = StepRun.objects.exclude(lease_token="")
        held += [f"step run {step.pk} ({step.status}) leased until {step.lease_expires_at}"
                 for step in leased]  # fmt: skip
        if in_flight := calls_in_flight():
            held.append(f"{in_flight} QuickBooks call slots")
        refreshing = QuickBooksConnection.objects.filter(refreshing_until__gt=now)
        held += [f"QuickBooks token refresh lock of connection {c.pk}" for c in refreshing]
        return held

    def progress(self, seconds: float, kills: int, stored: Any) -> None:
        from workflows.engine.models import WorkflowRun

        finished = WorkflowRun.objects.filter(submission__in=stored, status__in=TERMINAL_RUN)
        self.stdout.write(
            f"  {seconds:4.0f} s: {kills} kills, {stored.count()} POs stored, "
            f"{finished.count()} runs finished, "
            f"{DBTaskResult.objects.filter(status='READY').count()} tasks waiting"
        )

    def count_figures(
        self,
        *,
        submissions: list[Submission],
        stored: list[Any],
        realm_id: str,
        entities_before: int,
        started_at: datetime.datetime,
        kills: Counter[str],
        restarts: int,
        faults: Counter[str],
        calls: int,
        backlog_peak: int,
        step_runs: Any,
        seconds: float,
    ) -> Figures:
        from integrations.qbo_sandbox.models import SandboxEntity

        figures = Figures()
        values = figures.values
        by_key: dict[str, list[Any]] = {}
        for row in stored:
            by_key.setdefault(row.data["memo"][len(MEMO_PREFIX) :], []).append(row)
        answered = [s for s in submissions if s.answer_status in (200, 201)]
        values["POs"] = len(submissions)
        values["answered"] = len(answered)
        values["stored"] = len(stored)
        values["POSTs cut or 5xx"] = sum(1 for s in submissions if s.tries > 1)
        values["POST retries"] = sum(s.tries - 1 for s in submissions)
        values["kills"] = f"{sum(kills.values())} ({kills['web']} web, {kills['worker']} worker)"
        values["restarts"] = restarts
        values["QuickBooks calls"] = calls
        values["faults"] = f"{sum(faults.values())}" + (
            " (" + ", ".join(f"{n} {kind}" for kind, n in sorted(faults.items())) + ")"
            if faults
            else ""
        )
        figures.count(
            "unanswered",
            sum(1 for s in submissions if s.answer_status is None),
            [f"key {s.key}: no answer after {s.tries} tries" for s in submissions
             if s.answer_status is None],
        )  # fmt: skip
        refused = [s for s in submissions if s.answer_status not in (None, 200, 201)]
        figures.count(
            "refused",
            len(refused),
            [f"key {s.key}: {s.answer_status} {s.answer_excerpt}" for s in refused],
        )
        lost = []
        for submission in answered:
            rows = by_key.get(submission.key, [])
            if len(rows) != 1:
                lost.append(f"key {submission.key}: answered, {len(rows)} stored")
            elif rows[0].pk != submission.answer_id:
                lost.append(f"key {submission.key}: answered #{submission.answer_id}, stored "
                            f"#{rows[0].pk}")  # fmt: skip
        unasked = set(by_key) - {s.key for s in submissions}
        lost += [f"key {key}: stored but never sent" for key in unasked]
        figures.count("lost", len(lost), lost)

        orders = {
            entity.doc_number: entity
            for entity in SandboxEntity.objects.filter(
                company__realm_id=realm_id, entity_type="PurchaseOrder", pk__gt=entities_before
            )
        }
        all_orders = list(
            SandboxEntity.objects.filter(
                company__realm_id=realm_id, entity_type="PurchaseOrder", pk__gt=entities_before
            )
        )
        duplicates = []
        numbers = {row.number.lower()[:21] for row in stored}
        per_number = Counter(entity.doc_number for entity in all_orders)
        missing = []
        for row in stored:
            found = per_number.get(row.number.lower()[:21], 0)
            if found > 1:
                duplicates.append(f"{row.number}: {found} QuickBooks POs")
            elif not found:
                missing.append(f"{row.number}: no QuickBooks PO")
        duplicates += [
            f"QuickBooks PO {entity.qbo_id} ({entity.doc_number}) of no submission"
            for entity in all_orders
            if entity.doc_number not in numbers
        ]
        created = SandboxEntity.objects.filter(
            company__realm_id=realm_id, entity_type__in=["Item", "Vendor"], pk__gt=entities_before
        )
        expected_new = {name.lower() for name, _ in UNLINKED + FREE_TEXT} | {
            name.lower() for name in VENDORS[1:]
        }
        by_name = Counter(
            (entity.entity_type, str(entity.body.get("Name") or entity.body.get("DisplayName"))
             .strip().lower())
            for entity in created
        )  # fmt: skip
        for (entity_type, name), times in by_name.items():
            if times > 1:
                duplicates.append(f"{entity_type} {name!r} created {times} times")
            if name not in expected_new:
                duplicates.append(f"{entity_type} {name!r} created, not one the POs needed")
        figures.count("duplicates", len(duplicates), duplicates)
        figures.count("not in QuickBooks", len(missing), missing)

        runs = {row.pk: list(row.workflow_runs.all()) for row in stored}
        unfinished = [
            f"{row.number}: " + (", ".join(run.status for run in runs[row.pk]) or "no run")
            for row in stored
            if not runs[row.pk] or any(run.status not in TERMINAL_RUN for run in runs[row.pk])
        ]
        figures.count("unfinished", len(unfinished), unfinished)
        failed_step = {step.run_id: step.error for step in step_runs.filter(status="failed")}
        failed = [
            f"{row.number}: run {run.status}: {failed_step.get(run.pk, '')[:200]}"
            + (" (its PO is in QuickBooks)" if per_number.get(row.number.lower()[:21]) else "")
            for row in stored
            for run in runs[row.pk]
            if run.status in ("failed", "cancelled")
        ]
        figures.count("failed", len(failed), failed)

        wrong = []
        items = {
            entity.qbo_id: str(entity.body.get("Name", ""))
            for entity in SandboxEntity.objects.filter(
                company__realm_id=realm_id, entity_type="Item"
            )
        }
        vendors = {
            entity.qbo_id: str(entity.body.get("DisplayName", ""))
            for entity in SandboxEntity.objects.filter(
                company__realm_id=realm_id, entity_type="Vendor"
            )
        }
        sent = {s.key: s for s in submissions}
        for key, rows in by_key.items():
            if key not in sent:
                continue
            for row in rows:
                entity = orders.get(row.number.lower()[:21])
                if entity is None:
                    continue  # counted in duplicates
                problem = purchase_order_difference(entity.body, sent[key].expected, items, vendors)
                if problem:
                    wrong.append(f"{row.number}: {problem}")
        figures.count("wrong", len(wrong), wrong)

        latencies = []
        for row in stored:
            done = [run for run in runs[row.pk] if run.status == "succeeded" and run.finished_at]
            latencies.append(
                (done[0].finished_at - row.submitted_at).total_seconds() if done else float("inf")
            )
        p50, p90 = percentile(latencies, 0.5), percentile(latencies, 0.9)
        values["sync p50"] = f"{p50:.1f} s" if p50 < float("inf") else "never"
        values["sync p90"] = f"{p90:.1f} s" if p90 < float("inf") else "never"
        if not latencies or p50 > self.sync_p50_limit:
            figures.broken.append(f"sync p50 over {self.sync_p50_limit:.0f} s")
        step_run_count = step_runs.count()
        values["step runs"] = step_run_count
        # A step run is one attempt: those beyond the first of a step in a run are its retries.
        values["retries"] = step_run_count - len(set(step_runs.values_list("run_id", "step_id")))
        by_task = Counter(
            path.rsplit(".", 1)[-1]
            for path in DBTaskResult.objects.filter(enqueued_at__gte=started_at).values_list(
                "task_path", flat=True
            )
        )
        tasks = sum(by_task.values())
        values["tasks"] = f"{tasks} " + (
            "(" + ", ".join(f"{n} {name}" for name, n in by_task.most_common()) + ")"
        )
        values["tasks per step run"] = round(tasks / max(step_run_count, 1), 1)
        values["task backlog peak"] = backlog_peak

        held = self.held()
        figures.count("held", len(held), held)
        values["chaos seconds"] = round(seconds)
        return figures

    def report(self, figures: Figures) -> None:
        self.stdout.write("\nChaos figures")
        for name, value in figures.values.items():
            self.stdout.write(f"  {name:<22} {value}")
        if figures.details:
            self.stdout.write("\nFirst cases of each broken promise")
            for line in figures.details:
                self.stdout.write(line)
        if not figures.values.get("POSTs cut or 5xx"):
            self.stdout.write("\nNo POST was cut by a kill: this run did not test resubmitting.")
        verdict = "FAILED: " + ", ".join(figures.broken) if figures.broken else "all promises kept"
        self.stdout.write(f"\n{verdict}")
        self.stdout.write("chaos-figures " + json.dumps(figures.values, default=str))


def purchase_order_difference(
    body: dict[str, Any],
    expected: dict[str, Any],
    items: dict[str, str],
    vendors: dict[str, str],
) -> str:
    """What differs between a QuickBooks PO and the form the client sent; empty if nothing."""
    vendor = vendors.get(str(body.get("VendorRef", {}).get("value")), "?")
    if vendor.lower() != expected["vendor"].lower():
        return f"vendor {vendor!r}, sent {expected['vendor']!r}"
    lines = [
        line for line in body.get("Line", []) if line.get("DetailType") != "SubTotalLineDetail"
    ]
    if len(lines) != len(expected["lines"]):
        return f"{len(lines)} lines, sent {len(expected['lines'])}"
    total = Decimal(0)
    for number, (line, (name, quantity, cost)) in enumerate(
        zip(lines, expected["lines"], strict=True), 1
    ):
        detail = line.get("ItemBasedExpenseLineDetail", {})
        item = items.get(str(detail.get("ItemRef", {}).get("value")), "?")
        amount = money(quantity * cost)
        got = (item.lower(), money(detail.get("Qty", 0)), money(detail.get("UnitPrice", 0)),
               money(line.get("Amount", 0)))  # fmt: skip
        if got != (name.lower(), money(quantity), money(cost), amount):
            return f"line {number}: {got}, sent {(name, quantity, cost, amount)}"
        total += amount
    if money(body.get("TotalAmt", 0)) != total:
        return f"total {body.get('TotalAmt')}, sent {total}"
    return ""
