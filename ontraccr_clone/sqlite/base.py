"""SQLite for a threaded web server: a process's writers queue on a lock instead of polling.

Django's ASGI handler runs each request in a thread of its own, each with its own connection, and
SQLite lets one transaction write at a time: the others sleep and retry (its busy timeout), so
under load requests slept while the database was free. Here the threads of one process wait on a
lock and the next writer starts as soon as the one before it commits; separate processes (the web
server and the task worker) still take turns through SQLite's busy timeout.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from django.db.backends.sqlite3 import base

_writers: dict[str, threading.Lock] = {}
_writers_guard = threading.Lock()


def _writer_lock(database: str) -> threading.Lock:
    with _writers_guard:
        return _writers.setdefault(database, threading.Lock())


def _forget_parent_writers() -> None:
    """A forked process runs none of its parent's transactions, so it holds none of its locks."""
    global _writers_guard
    _writers.clear()
    _writers_guard = threading.Lock()


os.register_at_fork(after_in_child=_forget_parent_writers)


class DatabaseWrapper(base.DatabaseWrapper):
    writer_lock: threading.Lock | None = None  # held from BEGIN to COMMIT or ROLLBACK

    def _start_transaction_under_autocommit(self) -> None:
        lock = _writer_lock(str(self.settings_dict["NAME"]))
        if not lock.acquire(timeout=self.settings_dict["OPTIONS"].get("timeout", 5)):
            with self.wrap_database_errors:
                raise self.Database.OperationalError("database is locked")
        self.writer_lock = lock
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self) -> Any:
        result = super()._commit()  # type: ignore[misc]
        self._release_writer_lock()  # a failed commit is rolled back next, which releases it
        return result

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._release_writer_lock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._release_writer_lock()

    def _release_writer_lock(self) -> None:
        lock, self.writer_lock = self.writer_lock, None
        if lock is not None:
            lock.release()
