"""/healthz tells an operator whether the database, the broker and the cache answer."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_all_parts_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": {"ok": True},
        "broker": {"ok": True},
        "cache": {"ok": True},
    }
    assert "no-cache" in response["Cache-Control"]


def test_broker_down_is_503(client, settings):
    # Nothing listens on port 1: a real refused connection, not a mock.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_cache_down_is_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def test_database_down_is_503(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_post_not_allowed(client):
    assert client.post("/healthz").status_code == 405
