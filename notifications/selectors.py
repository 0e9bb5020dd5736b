"""Reads of the outbox."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet

from notifications.models import OutboxMessage, Status


def messages_for_key_prefix(*, key_prefix: str) -> QuerySet[OutboxMessage]:
    """Every message (fallbacks included) whose key starts with ``key_prefix``, oldest first:
    e.g. what a referral has sent and will send."""
    return OutboxMessage.objects.filter(key__startswith=key_prefix).order_by("created_at", "pk")


def outbox_awaiting_receipt(*, now: dt.datetime) -> QuerySet[OutboxMessage]:
    """Sent SMS and letters whose delivery is not yet known, within the provider's retention."""
    oldest = now - dt.timedelta(days=settings.NOTIFICATIONS_PERSONAL_DATA_DAYS)
    return (
        OutboxMessage.objects.filter(
            status=Status.SENT, sent_at__gte=oldest, channel__in=["sms", "letter"]
        )
        .exclude(provider_id="")
        .order_by("sent_at")[: settings.NOTIFICATIONS_RECEIPTS_BATCH]
    )
