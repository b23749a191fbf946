"""A real `manage.py db_worker` process on the test database (a file on SQLite), for the tests
that need one: crash recovery, and the browser tests on Redis (where workers are processes)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


def worker_process_start(**env: str) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker"]
    return subprocess.Popen(
        [*command, "--interval", "0.1", "--verbosity", "0"],
        cwd=Path(settings.BASE_DIR),
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url(),
            **env,
        },
        stdout=subprocess.DEVNULL,
    )
