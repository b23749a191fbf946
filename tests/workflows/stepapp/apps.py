from django.apps import AppConfig


class StepAppConfig(AppConfig):
    """A test-only app whose `record` step type registers itself like any app's would."""

    name = "tests.workflows.stepapp"
    label = "stepapp"

    def ready(self) -> None:
        from tests.workflows.stepapp import steps  # noqa: F401  (registers the type)
