"""A real `manage.py db_worker` killed with SIGKILL mid-run: a restarted worker finishes the run
and no step's effect happens twice. Runs against the test database (a file on SQLite)."""

import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from tests.factories import form_template, published_workflow
from tests.worker_process import worker_process_start
from workflows.engine.worker import run_until_it_returns
from workflows.forms.services import submission_create
from workflows.models import StepRun, WorkflowRun

pytestmark = pytest.mark.django_db(transaction=True)


def _start_worker(ledger: Path) -> subprocess.Popen:
    return worker_process_start(STEPAPP_LEDGER=str(ledger), WORKFLOW_STEP_LEASE_SECONDS="2")


def _wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"Timed out waiting for {what}")


def test_a_worker_killed_mid_step_is_replaced_and_no_step_runs_twice(admin, po_data, ledger):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={
            "start": ("submit", {}),
            "first": ("record", {"seconds": 0.3}),
            "second": ("record", {"seconds": 1.5}),
            "third": ("record", {"seconds": 0.3}),
            "done": ("update_status", {"status": "Done"}),
        },
        transitions=[
            ("start", "next", "first"),
            ("first", "next", "second"),
            ("second", "next", "third"),
            ("third", "next", "done"),
        ],
    )
    submission = submission_create(actor=admin, template=template, data=po_data)
    run = WorkflowRun.objects.get(submission=submission)

    worker = _start_worker(ledger)
    try:
        _wait_for(lambda: "called second" in ledger.read_text(), timeout=30, what="the 2nd step")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        interrupted = StepRun.objects.get(run=run, step__key="second")
        assert interrupted.status == StepRun.Status.RUNNING  # killed while executing it

        worker = _start_worker(ledger)
        _wait_for(
            lambda: WorkflowRun.objects.get(pk=run.pk).status == WorkflowRun.Status.SUCCEEDED,
            timeout=30,
            what="the restarted worker to finish the run",
        )
    finally:
        worker.kill()
        worker.wait(timeout=10)

    lines = ledger.read_text().splitlines()
    effects = [line.split()[1] for line in lines if line.startswith("effect ")]
    assert sorted(effects) == ["first", "second", "third"]
    calls_of_second = {line.split()[2] for line in lines if line.startswith("called second ")}
    assert calls_of_second == {interrupted.idempotency_key}  # resumed under the same key
    for key in ("first", "second", "third", "done"):
        assert StepRun.objects.filter(run=run, step__key=key).count() == 1, key
    submission.refresh_from_db()
    assert submission.status == "Done"
    assert submission.timeline.filter(kind="status_changed").count() == 1
    assert submission.timeline.filter(kind="workflow_finished").count() == 1


def _slow_workflow(admin, seconds: float):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "slow": ("record", {"seconds": seconds})},
        transitions=[("start", "next", "slow")],
    )
    return template


def test_one_worker_process_runs_several_steps_at_once(admin, po_data, ledger):
    """A slow step (a QuickBooks call that hangs, say) holds up one thread, not the process."""
    template = _slow_workflow(admin, seconds=4)
    runs = [
        WorkflowRun.objects.get(
            submission=submission_create(actor=admin, template=template, data=po_data)
        )
        for _ in range(3)
    ]
    worker = worker_process_start(STEPAPP_LEDGER=str(ledger), WORKFLOW_WORKER_THREADS="3")
    try:
        _wait_for(
            lambda: ledger.read_text().count("called slow") == 3,
            timeout=30,
            what="three slow steps executing together",
        )
        assert "effect slow" not in ledger.read_text()  # none ended before all three began
        _wait_for(
            lambda: all(
                WorkflowRun.objects.get(pk=run.pk).status == WorkflowRun.Status.SUCCEEDED
                for run in runs
            ),
            timeout=30,
            what="the three runs to finish",
        )
    finally:
        worker.kill()
        worker.wait(timeout=10)


def test_a_worker_goes_on_when_the_task_it_runs_is_deleted(admin, po_data, ledger):
    """The row of a task being run can go (deleted by an operator, or by a test between tests):
    django-tasks-db's worker then failed to save the task's end and its process stopped for good."""
    template = _slow_workflow(admin, seconds=1.5)
    first = submission_create(actor=admin, template=template, data=po_data)
    worker = worker_process_start(STEPAPP_LEDGER=str(ledger), WORKFLOW_WORKER_THREADS="1")
    try:
        _wait_for(lambda: "called slow" in ledger.read_text(), timeout=30, what="the slow step")
        DBTaskResult.objects.filter(status="RUNNING").delete()
        second = submission_create(actor=admin, template=template, data=po_data)
        _wait_for(
            lambda: all(
                WorkflowRun.objects.get(submission=submission).status
                == WorkflowRun.Status.SUCCEEDED
                for submission in (first, second)
            ),
            timeout=30,
            what="the worker to finish both runs",
        )
        assert worker.poll() is None
    finally:
        worker.kill()
        worker.wait(timeout=10)


def test_the_worker_in_the_web_process_restarts_after_an_error():
    """SQLite answers 'database is locked' when a writer waits past its timeout; the web process's
    only worker must go on after it instead of ending its thread."""
    calls = []

    def work() -> None:
        calls.append(len(calls))
        if len(calls) < 3:
            raise OperationalError("database is locked")

    run_until_it_returns(work, pause=0)
    assert calls == [0, 1, 2]


def test_two_workers_on_one_step_make_one_effect_and_the_run_finishes(admin, po_data, ledger):
    """A worker frozen mid-step (its heartbeat too) loses its lease; another takes the step over
    and finishes the run; the first, thawed, finds it lost and writes nothing."""
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "slow": ("record", {"seconds": 3})},
        transitions=[("start", "next", "slow")],
    )
    submission = submission_create(actor=admin, template=template, data=po_data)
    run = WorkflowRun.objects.get(submission=submission)
    env = {"STEPAPP_LEDGER": str(ledger), "WORKFLOW_STEP_LEASE_SECONDS": "1.5"}
    first = worker_process_start(**env, WORKFLOW_SWEEP_SECONDS="1")
    second = None
    try:
        _wait_for(lambda: "called slow" in ledger.read_text(), timeout=30, what="the slow step")
        first.send_signal(signal.SIGSTOP)
        second = worker_process_start(**env, WORKFLOW_SWEEP_SECONDS="1")
        _wait_for(
            lambda: ledger.read_text().count("called slow") == 2,
            timeout=30,
            what="the second worker to take the step over",
        )
        first.send_signal(signal.SIGCONT)
        _wait_for(
            lambda: WorkflowRun.objects.get(pk=run.pk).status == WorkflowRun.Status.SUCCEEDED,
            timeout=30,
            what="the run to finish",
        )
        time.sleep(3)  # the first worker's step ends meanwhile, and must write nothing
    finally:
        for worker in (first, second):
            if worker is not None:
                worker.send_signal(signal.SIGCONT)
                worker.kill()
                worker.wait(timeout=10)
    lines = ledger.read_text().splitlines()
    assert [line for line in lines if line.startswith("effect slow")] == [
        f"effect slow {StepRun.objects.get(run=run, step__key='slow').idempotency_key}"
    ]
    assert StepRun.objects.filter(run=run, step__key="slow").count() == 1
    assert submission.timeline.filter(kind="workflow_finished").count() == 1


def test_a_step_longer_than_its_lease_keeps_it_while_its_worker_lives(admin, po_data, ledger):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "slow": ("record", {"seconds": 4})},
        transitions=[("start", "next", "slow")],
    )
    submission = submission_create(actor=admin, template=template, data=po_data)
    env = {"STEPAPP_LEDGER": str(ledger), "WORKFLOW_STEP_LEASE_SECONDS": "1"}
    workers = [worker_process_start(**env, WORKFLOW_SWEEP_SECONDS="0.5") for _ in range(2)]
    try:
        _wait_for(
            lambda: submission.workflow_runs.get().status == WorkflowRun.Status.SUCCEEDED,
            timeout=30,
            what="the run to finish",
        )
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)
    assert ledger.read_text().count("called slow") == 1  # the heartbeat kept the lease
