"""Configuration fails fast in production; the API docs are served offline."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _import_production(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _import_production({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_database_url():
    result = _import_production({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_starts_when_configured():
    result = _import_production({"SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_swagger_ui_is_served_from_local_static_files(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html and "unpkg" not in html
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/units/{id}/status/",
        "/api/v1/buildings/{id}/generate-units/",
        "/api/v1/projects/{id}/roster-import/",
        "/api/v1/owners/",
        "/api/v1/assignments/",
    ):
        assert path in paths


@pytest.mark.django_db
def test_console_requires_login(client):
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
