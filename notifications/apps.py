from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: messages by SMS, letter and email, sent exactly once by the Celery worker.

    Knows nothing of the other apps: they call ``notifications.services.message_queue``.
    """

    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"
