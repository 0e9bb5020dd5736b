"""Production settings are safe by default: DEBUG=0 passes `check --deploy` with no warnings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECURE_SSL_REDIRECT", "STATIC_MANIFEST", "SECRET_KEY")
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "a" * 20 + "production-like-key-9f8e7d6c5b4a3",
            "ALLOWED_HOSTS": "support.example.org",
        },
        **extra,
    )
    return env


def test_check_deploy_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_security_headers(client, settings):
    response = client.get("/healthz")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_settings_values():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.STORAGES['staticfiles']['BACKEND']]))"
    )
    env = _production_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    hsts, session_secure, csrf_secure, ssl_redirect, storage = json.loads(result.stdout)
    assert hsts >= 31536000 and session_secure and csrf_secure and ssl_redirect
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
