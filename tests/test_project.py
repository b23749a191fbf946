"""The project as a whole: health check, API schema, the single-page app and deploy settings."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_openapi_schema_and_docs(admin_client):
    schema = admin_client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/vendors/" in paths
    assert "/api/materials/{id}/deactivate/" in paths
    docs = admin_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_unknown_api_paths_answer_json_404(client):
    response = client.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_app_routes_serve_the_frontend_or_say_how_to_build_it(client):
    response = client.get("/vendors")
    if (settings.FRONTEND_DIST / "index.html").is_file():
        assert response.status_code == 200
        assert b'<div id="root">' in b"".join(response.streaming_content)
    else:
        assert response.status_code == 503


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-real-secret-key-" + "x7Q2m9Lr4T" * 6,
        "DJANGO_ALLOWED_HOSTS": "app.example.com",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
