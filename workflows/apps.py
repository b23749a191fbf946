from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


def give_new_company_system_form_types(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    from workflows.forms.services import form_types_ensure_system

    if created and not kwargs.get("raw"):
        form_types_ensure_system(company=instance)


BUILT_IN_STEP_TYPES = ("submit", "approval", "update_status", "send_email", "condition")


class WorkflowsConfig(AppConfig):
    """Forms, their workflows, the engine that runs them, and their timelines."""

    name = "workflows"
    label = "workflows"

    def ready(self) -> None:
        from ontraccr_clone.accounts.models import Company

        # Each module registers its step type; this order is the palette's.
        for module in BUILT_IN_STEP_TYPES:
            import_module(f"workflows.steps.{module}")

        post_save.connect(
            give_new_company_system_form_types, sender=Company, dispatch_uid="system_form_types"
        )
