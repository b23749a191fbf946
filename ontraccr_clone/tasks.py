"""The task backend: django-tasks-db's, with tasks that keep the id of the request that queued them.

The backend's `task_class` is what `@task()` builds, so every task of the project is a
`RequestIdTask` and no call site has to pass anything: `enqueue` adds the id bound at the time (a
request's, or that of the task being run) as one more keyword argument, stored with the task's
row, and `call` takes it out again and runs the function with it bound. The worker runs a task
through `call` (and binds the id around the whole task too: workflows.engine.worker), so a run's
later steps, queued by its earlier ones, log with the id of the request that submitted the form.
"""

from typing import Any

from django_tasks_db import DatabaseBackend as TasksDatabaseBackend
from django_tasks_db.compat import BaseTaskResult, Task  # the django-tasks it runs on

from ontraccr_clone import logs

REQUEST_ID_ARGUMENT = "_request_id"


def _with_request_id(kwargs: dict[str, Any]) -> dict[str, Any]:
    bound = logs.request_id.get()
    return kwargs if bound is None else {**kwargs, REQUEST_ID_ARGUMENT: bound}


class RequestIdTask(Task[..., Any]):
    __slots__ = ()

    def enqueue(self, *args: Any, **kwargs: Any) -> BaseTaskResult[..., Any]:
        return super().enqueue(*args, **_with_request_id(kwargs))

    async def aenqueue(self, *args: Any, **kwargs: Any) -> BaseTaskResult[..., Any]:
        return await super().aenqueue(*args, **_with_request_id(kwargs))

    def call(self, *args: Any, **kwargs: Any) -> Any:
        with logs.request_id_bound(kwargs.pop(REQUEST_ID_ARGUMENT, None)):
            return super().call(*args, **kwargs)

    async def acall(self, *args: Any, **kwargs: Any) -> Any:
        with logs.request_id_bound(kwargs.pop(REQUEST_ID_ARGUMENT, None)):
            return await super().acall(*args, **kwargs)


def task_request_id(kwargs: dict[str, Any]) -> str | None:
    """The request id a task was queued with, from its stored keyword arguments."""
    value = kwargs.get(REQUEST_ID_ARGUMENT)
    return value if isinstance(value, str) else None


class DatabaseBackend(TasksDatabaseBackend):
    task_class = RequestIdTask
