"""A task keeps the id of the request that queued it, and so do the tasks it queues in turn."""

import logging

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from ontraccr_clone import logs
from tests.factories import form_template, published_workflow
from tests.workflows.conftest import run_tasks

pytestmark = pytest.mark.django_db

logger = logging.getLogger(__name__)


@task()
def log_and_queue_again(times: int) -> None:
    """A task that queues itself `times` more times, as a run's steps queue the next ones."""
    logger.info("%s more to go", times)
    if times:
        log_and_queue_again.enqueue(times - 1)


def test_tasks_queued_by_a_task_keep_the_request_id(json_logs):
    with logs.request_id_bound("req-chain"):
        log_and_queue_again.enqueue(2)

    run_tasks()

    steps = [line for line in json_logs() if line["logger"] == __name__]
    assert [line["message"] for line in steps] == ["2 more to go", "1 more to go", "0 more to go"]
    assert {line["request_id"] for line in steps} == {"req-chain"}
    # The worker's own lines about each task carry it too.
    finished = [line for line in json_logs() if "state=SUCCESSFUL" in line["message"]]
    assert [line["request_id"] for line in finished] == ["req-chain"] * 3


def test_a_task_queued_outside_a_request_has_no_request_id(json_logs):
    log_and_queue_again.enqueue(0)

    assert DBTaskResult.objects.get().args_kwargs == {"args": [0], "kwargs": {}}
    run_tasks()
    assert [line["request_id"] for line in json_logs() if line["logger"] == __name__] == [None]


def test_a_task_queued_by_a_request_runs_with_its_id(admin, admin_client, json_logs, po_data):
    template = form_template(admin=admin)
    published_workflow(
        template=template,
        steps={"start": ("submit", {}), "done": ("update_status", {"status": "Done"})},
        transitions=[("start", "next", "done")],
    )
    answer = admin_client.post(
        "/api/submissions/",
        {"template": template.pk, "data": po_data},
        format="json",
        headers={"X-Request-ID": "req-submit"},
    )
    assert answer.status_code == 201, answer.json()
    assert answer["X-Request-ID"] == "req-submit"

    run_tasks()

    advanced = [line for line in json_logs() if "workflow_run_advance" in line["message"]]
    assert advanced
    assert {line["request_id"] for line in advanced} == {"req-submit"}
