"""A step type from an app of its own, registered without touching the engine (as QuickBooks does).

`record` writes each execution to a ledger file (the path in `STEPAPP_LEDGER`): one line per call
("called <step key> <idempotency key>") and, like an outside system honouring an idempotency key,
one "effect" line per key however often it is called. Its settings make it slow, fail its first
calls, or wait until the test opens it.
"""

import os
import time
from pathlib import Path

from django.conf import settings
from rest_framework import serializers

from workflows.steps.base import Outcome, StepFailed, StepType, Wait
from workflows.steps.registry import register


class RecordConfig(serializers.Serializer):
    seconds = serializers.FloatField(required=False, default=0, min_value=0, max_value=30)
    fail_attempts = serializers.IntegerField(required=False, default=0, min_value=0)
    permanent = serializers.BooleanField(required=False, default=False)
    wait = serializers.BooleanField(required=False, default=False)


def ledger() -> Path:
    return Path(os.environ["STEPAPP_LEDGER"])


@register
class RecordStep(StepType):
    key = "record"
    label = "Record"
    icon = "✎"
    description = "Writes to a ledger (tests only)."
    ConfigSerializer = RecordConfig

    def execute(self, *, step_run):
        config = step_run.step.config
        key = step_run.idempotency_key
        calls = ledger().read_text().count(f"called {step_run.step.key} ")
        with ledger().open("a") as file:
            file.write(f"called {step_run.step.key} {key}\n")
        time.sleep(config.get("seconds", 0))
        if config.get("wait") and not getattr(settings, "STEPAPP_OPEN", False):
            return Wait("Waiting for the test to open")
        if calls < config.get("fail_attempts", 0):
            raise StepFailed(f"Failure {calls + 1}", transient=not config.get("permanent"))
        lines = ledger().read_text().splitlines()
        if f"effect {step_run.step.key} {key}" not in lines:
            with ledger().open("a") as file:
                file.write(f"effect {step_run.step.key} {key}\n")
        return Outcome("next", {"key": key})
