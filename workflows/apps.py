from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


def give_new_company_system_form_types(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    from workflows.forms.services import form_types_ensure_system

    if created and not kwargs.get("raw"):
        form_types_ensure_system(company=instance)


class WorkflowsConfig(AppConfig):
    """Forms, form types, templates, submissions and their timelines; later their workflows."""

    name = "workflows"
    label = "workflows"

    def ready(self) -> None:
        from ontraccr_clone.accounts.models import Company

        post_save.connect(
            give_new_company_system_form_types, sender=Company, dispatch_uid="system_form_types"
        )
