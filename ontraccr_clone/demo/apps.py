from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data `make run` starts with; it only calls the other apps' services."""

    name = "ontraccr_clone.demo"
    label = "demo"
