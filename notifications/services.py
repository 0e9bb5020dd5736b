"""Writes to the outbox. Other apps call ``message_queue`` and ``message_cancel`` inside
their own transactions; the worker calls the rest (see notifications/tasks.py)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.models import Channel, OutboxMessage, Status
from notifications.recipients import Recipient

logger = logging.getLogger(__name__)

__all__ = [
    "Recipient",
    "message_cancel",
    "message_queue",
    "outbox_personal_data_clear",
    "outbox_sweep",
]

# Emptied on every row that can no longer be sent (see docs/decisions/004-outbox.md).
PERSONAL_FIELDS = {
    "context": {},
    "recipient_name": "",
    "phone_number": "",
    "email": "",
    "address_lines": [],
    "postcode": "",
}


def _recipient(value: Recipient | Mapping[str, object]) -> Recipient:
    if isinstance(value, Recipient):
        return value
    data = dict(value)
    data["address_lines"] = tuple(data.get("address_lines") or ())
    return Recipient(**data)


def _check_channels(recipient: Recipient, channels: Iterable[str]) -> None:
    for channel in channels:
        if channel not in Channel.values:
            raise ValueError(f"Unknown channel {channel!r}")
        if not recipient.can_receive(channel):
            raise ValueError(f"The recipient has no contact details for {channel}")


def _enqueue_on_commit(message_id: int) -> None:
    from notifications.tasks import deliver_message_task

    transaction.on_commit(lambda: deliver_message_task.delay(message_id))


def message_queue(
    *,
    recipient: Recipient | Mapping[str, object],
    channel: str,
    template: str,
    context: Mapping[str, object],
    key: str,
    due_at: dt.datetime | None = None,
    language: str = "en",
    fallback: Iterable[str] = (),
    on_give_up: str = "",
) -> OutboxMessage:
    """Write a message to the outbox in the caller's transaction; return its row.

    Idempotent: a second call with the same key returns the first row unchanged. A message
    due now is handed to the worker when the caller's transaction commits; one due later
    is picked up by the sweeper (outbox_sweep_task) when it falls due. ``context`` must
    be JSON-serialisable and hold only what the template needs. ``on_give_up`` is the
    dotted path of a function called with the message id, in the worker's transaction,
    when every channel has failed.
    """
    recipient = _recipient(recipient)
    fallback = [c for c in dict.fromkeys(fallback) if c != channel]
    _check_channels(recipient, [channel, *fallback])
    now = timezone.now()
    due_at = due_at or now
    due_now = due_at <= now
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            key=key,
            defaults={
                **recipient.as_fields(),
                "channel": channel,
                "template": template,
                "context": dict(context),
                "language": language,
                "due_at": due_at,
                "next_attempt_at": due_at,
                "enqueued_at": now if due_now else None,
                "provider_reference": key,
                "fallback": fallback,
                "on_give_up": on_give_up,
            },
        )
    if created and due_now:
        _enqueue_on_commit(message.pk)
    return message


def message_cancel(*, key_prefix: str) -> int:
    """Cancel every message not yet claimed whose key starts with ``key_prefix`` (e.g. a
    withdrawn referral's "referral:42:"); return how many. A message already being sent
    or sent is left alone: it cannot be called back."""
    if not key_prefix:
        raise ValueError("key_prefix must not be empty")
    now = timezone.now()
    return OutboxMessage.objects.filter(key__startswith=key_prefix, status=Status.QUEUED).update(
        status=Status.CANCELLED,
        finished_at=now,
        personal_data_cleared_at=now,
        updated_at=now,
        **PERSONAL_FIELDS,
    )


@dataclass(frozen=True)
class Sweep:
    recovered: int
    enqueued: int


def _recover_stuck(now: dt.datetime) -> int:
    """Rows left in "sending" by a worker that died. They go back to the queue; the next
    claim asks the provider for the reference before sending again."""
    stuck_before = now - dt.timedelta(seconds=settings.NOTIFICATIONS_SENDING_TIMEOUT)
    return OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=stuck_before).update(
        status=Status.QUEUED,
        next_attempt_at=now,
        enqueued_at=None,
        last_error="recovered: the worker stopped while sending",
        updated_at=now,
    )


def _claim_for_enqueue(now: dt.datetime, limit: int) -> list[int]:
    """Mark up to ``limit`` due rows as enqueued; skip rows whose task was published recently."""
    republish_before = now - dt.timedelta(seconds=settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=republish_before))
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(enqueued_at=now)
    return ids


# Rows per delivery task published by the sweeper.
PUBLISH_CHUNK = 20


def _publish(ids: list[int]) -> None:
    from notifications.tasks import deliver_messages_task

    # One broker connection for the whole batch.
    with deliver_messages_task.app.producer_or_acquire() as producer:
        for start in range(0, len(ids), PUBLISH_CHUNK):
            chunk = ids[start : start + PUBLISH_CHUNK]
            deliver_messages_task.apply_async((chunk,), producer=producer)


def outbox_sweep(*, now: dt.datetime | None = None) -> Sweep:
    """Hand the worker every row that is due (first sends, retries, lost tasks) and put
    rows stuck in "sending" back in the queue. Safe to run at any time, any number of
    times: the claim in delivery makes an extra task a no-op."""
    now = now or timezone.now()
    recovered = _recover_stuck(now)
    enqueued = 0
    batch = settings.NOTIFICATIONS_SWEEP_BATCH
    while enqueued < settings.NOTIFICATIONS_SWEEP_LIMIT:
        ids = _claim_for_enqueue(now, batch)
        _publish(ids)
        enqueued += len(ids)
        if len(ids) < batch:
            break
    if recovered or enqueued:
        logger.info("Outbox sweep: %d recovered, %d enqueued", recovered, enqueued)
    return Sweep(recovered=recovered, enqueued=enqueued)


def outbox_personal_data_clear(*, now: dt.datetime | None = None) -> int:
    """Empty the context and contact details of sent messages whose receipts are no
    longer awaited (Notify keeps its own records for 7 days)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.NOTIFICATIONS_PERSONAL_DATA_DAYS)
    return OutboxMessage.objects.filter(
        status=Status.SENT, sent_at__lt=cutoff, personal_data_cleared_at__isnull=True
    ).update(personal_data_cleared_at=now, updated_at=now, **PERSONAL_FIELDS)
