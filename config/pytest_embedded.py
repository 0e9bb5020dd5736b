"""pytest plugin loaded with ``-p`` (before Django is set up): test-friendly defaults and the
embedded database when DATABASE_URL is unset."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
# Whole-page caching is tested on its own (tests/test_page_cache.py); elsewhere it would
# hide what a test changed in settings.
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")
os.environ.setdefault(
    "VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test")
)

from config import embedded_db  # noqa: E402

embedded_db.ensure_started()
