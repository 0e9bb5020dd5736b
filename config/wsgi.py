"""WSGI entry point (gunicorn config.wsgi)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from config import embedded_db

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
embedded_db.ensure_started()

application = get_wsgi_application()
