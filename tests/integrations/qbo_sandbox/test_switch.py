"""The sandbox is served in development and never by accident in production."""

import importlib
import runpy
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve

import ontraccr_clone.urls

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-real-secret-key-" + "x7Q2m9Lr4T" * 6,
    "DJANGO_ALLOWED_HOSTS": "forms.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://forms.example.com",
    "FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1rZXktb2YtdGhlLXN3aXRjaC10ZXN0IQ==",
}


def settings_under(monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]) -> dict:
    """The settings module as a process started with this environment would read it."""
    for key in [*PRODUCTION, "QBO_ENVIRONMENT", "QBO_SANDBOX_ENABLED"]:
        monkeypatch.delenv(key, raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(settings.BASE_DIR / "ontraccr_clone" / "settings.py"))


@pytest.mark.parametrize(
    ("environment", "enabled"),
    [
        ({}, True),
        (PRODUCTION, False),
        ({**PRODUCTION, "QBO_ENVIRONMENT": "local", "QBO_SANDBOX_ENABLED": "true"}, True),
        ({"QBO_ENVIRONMENT": "production"}, False),
        ({"QBO_SANDBOX_ENABLED": "false"}, False),
        ({**PRODUCTION, "QBO_ENVIRONMENT": "sandbox", "QBO_SANDBOX_ENABLED": "true"}, False),
    ],
    ids=[
        "development",
        "readme-production",
        "production-asked-for",
        "intuit",
        "switched-off",
        "intuit-ignores-the-switch",
    ],
)
def test_sandbox_is_enabled_only_when_asked_for(monkeypatch, environment, enabled):
    assert settings_under(monkeypatch, environment)["QBO_SANDBOX_ENABLED"] is enabled


@contextmanager
def urls_with_sandbox(enabled: bool) -> Iterator[None]:
    """The URL conf as built by a process whose settings enable the sandbox or not."""
    try:
        with override_settings(QBO_SANDBOX_ENABLED=enabled):
            importlib.reload(ontraccr_clone.urls)
            clear_url_caches()
            yield
    finally:
        importlib.reload(ontraccr_clone.urls)
        clear_url_caches()


def served(path: str) -> str:
    try:
        return resolve(path).namespace or "app"
    except Resolver404:
        return "404"


@pytest.mark.parametrize(("enabled", "answer"), [(False, "404"), (True, "qbo_sandbox")])
def test_the_sandbox_urls_follow_the_switch(enabled, answer):
    paths = ["/qbo-sandbox/", "/qbo-sandbox/connect/oauth2", "/qbo-sandbox/faults/1"]

    with urls_with_sandbox(enabled):
        assert [served(path) for path in paths] == [answer] * 3
        assert served("/vendors") == "app"
