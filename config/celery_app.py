"""The Celery application. Settings come from Django settings with the CELERY_ prefix."""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery

from config import embedded_db

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
embedded_db.ensure_started()

app = Celery("findyourpeople")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _ensure_filesystem_broker_folders() -> None:
    """kombu's filesystem transport (used when REDIS_URL is unset) needs its folders."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key]).mkdir(parents=True, exist_ok=True)


_ensure_filesystem_broker_folders()


@app.task(name="config.ping_task", ignore_result=True)
def ping_task(key: str) -> None:
    """Write to the cache so a health probe or test can see a worker is consuming tasks."""
    from django.core.cache import cache

    cache.set(key, "pong", timeout=60)
