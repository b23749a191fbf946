import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tests.factories import MaterialFactory, VendorFactory
from workflows.engine.worker import WorkerLoop


def run_tasks() -> None:
    """Run every task that is due, as `manage.py db_worker` does (claim, then run), in the test's
    thread and transaction; fail on a failed task."""
    worker = WorkerLoop(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while True:
        with transaction.atomic():
            task_result = DBTaskResult.objects.ready().get_locked()
            if task_result is None:
                break
            task_result.claim(worker.worker_id)
        worker.run_task(task_result)
    failed = DBTaskResult.objects.filter(status="FAILED").first()
    if failed is not None:
        raise AssertionError(f"A task failed: {failed.exception_class_path}: {failed.traceback}")


@pytest.fixture
def po_data(company):
    return {
        "vendor": VendorFactory(company=company).pk,
        "materials": [
            {"material_id": MaterialFactory(company=company).pk, "quantity": 2, "unit_cost": "60"}
        ],
        "memo": "For the Elm Street job",
    }


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    path = tmp_path / "ledger.txt"
    path.touch()
    monkeypatch.setenv("STEPAPP_LEDGER", str(path))
    return path
