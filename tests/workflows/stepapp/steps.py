"""A step type from an app of its own, registered without touching the engine (as QuickBooks does).

`record` writes each execution to a ledger file (the path in `STEPAPP_LEDGER`): one line per call
("called <step key> <idempotency key>") and, like an outside system honouring an idempotency key,
one "effect" line per key however often it is called (kept in the engine's ledger of outside
effects). Its settings make it slow, fail its first
calls, or wait until the test opens it or an admin releases it (its own action, with its own
timeline kind); it reports its state to lists. With `redo_on_revision` it records again
("revised <step key> <idempotency key> <revision number>") for each revision of a form it did.
"""

import os
import time
from pathlib import Path

from django.conf import settings
from rest_framework import serializers

from workflows.engine.ledger import outside_effect_find, outside_effect_save
from workflows.engine.services import step_run_lease_check
from workflows.steps.base import (
    Outcome,
    Report,
    StepAction,
    StepFailed,
    StepType,
    TimelineKind,
    Wait,
)
from workflows.steps.registry import register


class RecordConfig(serializers.Serializer):
    seconds = serializers.FloatField(required=False, default=0, min_value=0, max_value=30)
    fail_attempts = serializers.IntegerField(required=False, default=0, min_value=0)
    permanent = serializers.BooleanField(required=False, default=False)
    # Failures say when to come back (as a 429's Retry-After), in seconds.
    retry_after = serializers.FloatField(required=False, default=None, allow_null=True)
    wait = serializers.BooleanField(required=False, default=False)
    # Whether a revision of a form whose run passed the step records again.
    redo_on_revision = serializers.BooleanField(required=False, default=False)


def ledger() -> Path:
    return Path(os.environ["STEPAPP_LEDGER"])


@register
class RecordStep(StepType):
    key = "record"
    label = "Record"
    icon = "✎"
    description = "Writes to a ledger (tests only)."
    ConfigSerializer = RecordConfig
    timeline_kinds = (TimelineKind("record_released", "Released", "success", "⇥"),)
    actions = (StepAction("release", "Release", note="optional"),)
    report_title = "Record"

    def may_act(self, *, step_run, user, action):
        return user.is_admin  # as the person is now, not when the step started

    def on_action(self, *, step_run, actor, action, data):
        from django.core.exceptions import ValidationError

        from workflows.timeline.services import timeline_event_record

        note = data.get("note", "")
        if not isinstance(note, str):
            raise ValidationError({"note": "Write the note as text."})
        timeline_event_record(
            submission=step_run.run.submission,
            kind="record_released",
            actor=actor,
            message=f"Released by {actor.display_name}",
            data={"note": note.strip()},
            step_run=step_run,
        )
        return Outcome("next", {"released_by": actor.pk})

    def report(self, *, step_run):
        labels = {"pending": "Queued", "waiting": "Waiting", "done": "Recorded", "failed": "Failed"}
        state = {"waiting": "waiting", "succeeded": "done", "failed": "failed"}.get(
            step_run.status, "pending"
        )
        detail = {"error": step_run.error} if state == "failed" else {}
        return Report(state, labels[state], detail)

    def execute(self, *, step_run):
        config = step_run.step.config
        key = step_run.idempotency_key
        calls = ledger().read_text().count(f"called {step_run.step.key} ")
        with ledger().open("a") as file:
            file.write(f"called {step_run.step.key} {key}\n")
        time.sleep(config["seconds"])
        if config["wait"] and not getattr(settings, "STEPAPP_OPEN", False):
            return Wait("Waiting for the test to open")
        if calls < config["fail_attempts"]:
            raise StepFailed(
                f"Failure {calls + 1}",
                transient=not config["permanent"],
                retry_after=config["retry_after"],
            )
        # The effect goes through the engine's ledger: a second attempt at the same step run
        # finds it there, and a worker that lost the step stops before making it.
        if outside_effect_find(key=f"{key}:record") is None:
            step_run_lease_check(step_run=step_run)
            with ledger().open("a") as file:
                file.write(f"effect {step_run.step.key} {key}\n")
            outside_effect_save(step_run=step_run, key=f"{key}:record", kind="record", data={})
        return Outcome("next", {"key": key})

    def on_revision(self, *, passed, revision):
        return passed.step.config.get("redo_on_revision", False)

    def execute_revision(self, *, step_run):
        key = step_run.idempotency_key
        calls = ledger().read_text().count(f"revising {step_run.step.key} ")
        with ledger().open("a") as file:
            file.write(f"revising {step_run.step.key} {key}\n")
        if calls < step_run.step.config["fail_attempts"]:
            raise StepFailed(f"Failure {calls + 1}", transient=True)
        if outside_effect_find(key=f"{key}:revised") is None:
            number = step_run.run.revision.number
            with ledger().open("a") as file:
                file.write(f"revised {step_run.step.key} {key} {number}\n")
            outside_effect_save(step_run=step_run, key=f"{key}:revised", kind="record", data={})
        return Outcome("next", {"key": key})
