"""The Celery application. Settings come from Django settings with the CELERY_ prefix."""

from __future__ import annotations

import os

from celery import Celery

from config import embedded_db

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
embedded_db.ensure_started()

app = Celery("findyourpeople")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
