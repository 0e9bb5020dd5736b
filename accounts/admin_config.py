"""Installed in place of django.contrib.admin (a module of its own: Django would otherwise
find two default app configs in accounts.apps)."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class MFAAdminConfig(AdminConfig):
    """The Django admin, as a site only users verified with a second factor may use."""

    default_site = "accounts.admin_site.MFAAdminSite"
