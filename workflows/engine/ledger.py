"""The ledger of outside effects: what a step did to the world, keyed by its idempotency key.

A step that cannot undo its effect (an email, a record created elsewhere) saves what it did here
as soon as it is done, and looks here before doing it: a second attempt at the same step run
(resumed after a crash, or a worker racing another) finds the first one's effect instead of
repeating it. Keys are `f"{step_run.idempotency_key}:{what}"`.

Entries are saved in their own short transaction, never in the step's (steps execute outside any
transaction), and the first one saved wins: a loser of a race gets the winner's data back.
"""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from workflows.engine.models import StepRun


class OutsideEffect(models.Model):
    """One effect on the world made under an idempotency key (an email sent, a PO created)."""

    key = models.CharField(max_length=200, unique=True)
    # Which step run made it; kept when the run's rows go (the effect happened regardless).
    step_run = models.ForeignKey(
        StepRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="outside_effects"
    )
    kind = models.CharField(max_length=60)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


def outside_effect_find(*, key: str) -> dict[str, Any] | None:
    """The data of the effect saved under `key`, or None when nothing was done under it."""
    return OutsideEffect.objects.filter(key=key).values_list("data", flat=True).first()


def outside_effect_save(
    *, step_run: StepRun, key: str, kind: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Save the effect made under `key` unless one is saved already; return the data stored
    first (this call's, or the winner's of a race)."""
    with transaction.atomic():
        OutsideEffect.objects.bulk_create(
            [OutsideEffect(key=key, step_run=step_run, kind=kind, data=data)],
            ignore_conflicts=True,
        )
    stored = outside_effect_find(key=key)
    assert stored is not None  # the row is there: ours or the winner's, both committed
    return stored
