"""Sending one outbox row, exactly once.

    claim (conditional UPDATE queued → sending) ─► render ─► provider, reference = key
        ├─ accepted ──────────► sent (provider id) ─► receipts ─► delivered | failed
        ├─ transient error ───► queued again, next_attempt_at = now + backoff with jitter
        │                       (the sweeper picks it up; no long Celery countdown)
        └─ permanent error, or too many attempts ─► failed ─► fallback row or on_give_up

A re-claimed row whose earlier attempt may have reached Notify (a worker died, a request
timed out) is first looked up by reference and marked sent if Notify already has it.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications import channels
from notifications.channels import PermanentError, TransientError
from notifications.models import OutboxMessage, Status
from notifications.rendering import message_render
from notifications.services import PERSONAL_FIELDS, _enqueue_on_commit

logger = logging.getLogger(__name__)


def retry_delay(
    *, attempt: int, base: float, cap: float, rand: Callable[[], float] | None = None
) -> dt.timedelta:
    """Exponential backoff with jitter: base·2^(attempt-1), capped, then a random point in
    its upper half so messages that failed together do not all come back together."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    jitter = (rand or random.random)()
    return dt.timedelta(seconds=ceiling / 2 + jitter * ceiling / 2)


CLAIM_SQL = """
    UPDATE notifications_outboxmessage
       SET status = 'sending', claimed_at = %(now)s, updated_at = %(now)s,
           attempts = attempts + 1
     WHERE id = %(id)s AND status = 'queued' AND next_attempt_at <= %(now)s
 RETURNING *
"""


def message_claim(*, message_id: int, now: dt.datetime | None = None) -> OutboxMessage | None:
    """Claim a due, queued row for this worker; None if another worker has it, it is not
    due, or it is no longer queued. One conditional UPDATE … RETURNING (healthchecks'
    pattern): two workers never both win, and the row comes back in the same round trip."""
    now = now or timezone.now()
    claimed = list(OutboxMessage.objects.raw(CLAIM_SQL, {"id": message_id, "now": now}))
    return claimed[0] if claimed else None


def _finish(message: OutboxMessage, **fields: object) -> bool:
    """Record an outcome only if this worker still holds the claim (the sweeper may have
    handed a very slow attempt to another worker)."""
    fields["updated_at"] = timezone.now()
    updated = OutboxMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at
    ).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)
    return bool(updated)


def _record_sent(message: OutboxMessage, provider_id: str) -> None:
    now = timezone.now()
    fields: dict[str, object] = {
        "status": Status.SENT,
        "provider_id": provider_id,
        "sent_at": now,
        "last_error": "",
    }
    if not channels.has_receipts(message.channel):
        # Nothing more will be learnt about an email: it is finished, keep nothing personal.
        fields.update(finished_at=now, personal_data_cleared_at=now, **PERSONAL_FIELDS)
    _finish(message, **fields)


def _record_retry(message: OutboxMessage, error: str) -> None:
    delay = retry_delay(
        attempt=message.attempts,
        base=settings.NOTIFICATIONS_RETRY_BASE_SECONDS,
        cap=settings.NOTIFICATIONS_RETRY_MAX_SECONDS,
    )
    _finish(
        message,
        status=Status.QUEUED,
        next_attempt_at=timezone.now() + delay,
        enqueued_at=None,
        last_error=error[:1000],
    )


def _fallback_create(message: OutboxMessage) -> OutboxMessage | None:
    """Queue the same message through the next channel the person allowed."""
    channel, *rest = message.fallback
    key = f"{message.root_key}:fallback:{channel}"
    now = timezone.now()
    fallback, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "channel": channel,
            "template": message.template,
            "language": message.language,
            "context": message.context,
            "recipient_name": message.recipient_name,
            "phone_number": message.phone_number,
            "email": message.email,
            "address_lines": message.address_lines,
            "postcode": message.postcode,
            "due_at": now,
            "next_attempt_at": now,
            "enqueued_at": now,
            "provider_reference": key,
            "fallback": rest,
            "on_give_up": message.on_give_up,
            "fallback_from": message,
        },
    )
    if created:
        _enqueue_on_commit(fallback.pk)
    return fallback


def _give_up_hook(message: OutboxMessage) -> None:
    """Call on_give_up in a savepoint, so its writes (e.g. a message to the referrer)
    commit with the failure, and a broken hook cannot keep the row from failing."""
    if not message.on_give_up:
        return
    try:
        with transaction.atomic():
            import_string(message.on_give_up)(message.pk)
    except Exception:
        logger.exception("on_give_up hook %s failed for message %s", message.on_give_up, message.pk)


def message_fail(*, message: OutboxMessage, error: str, claimed: bool = True) -> None:
    """Mark a message failed; queue its fallback channel or, with none left, give up.

    ``claimed`` is False when a delivery receipt reports the failure of a sent message.
    """
    now = timezone.now()
    fields = {"status": Status.FAILED, "finished_at": now, "last_error": error[:1000]}
    with transaction.atomic():
        if claimed:
            if not _finish(message, **fields):
                return
        elif not OutboxMessage.objects.filter(pk=message.pk, status=Status.SENT).update(
            updated_at=now, **fields
        ):
            return
        if message.fallback:
            _fallback_create(message)
        else:
            _give_up_hook(message)
        OutboxMessage.objects.filter(pk=message.pk).update(
            personal_data_cleared_at=now, **PERSONAL_FIELDS
        )
    logger.warning("Message %s failed on %s: %s", message.key, message.channel, error)


def _already_sent(message: OutboxMessage) -> str | None:
    """A retried or recovered attempt may have reached the provider: ask before sending."""
    if message.attempts <= 1:
        return None
    return channels.find_sent(message=message)


def message_deliver(*, message_id: int) -> str:
    """Send one outbox row if it is due and nobody else is sending it; return what happened."""
    message = message_claim(message_id=message_id)
    if message is None:
        return "not claimed"
    try:
        provider_id = _already_sent(message)
        if provider_id is None and message.attempts > settings.NOTIFICATIONS_MAX_ATTEMPTS:
            # Only rows recovered from dead workers get here: a message that keeps killing
            # its worker must not be tried for ever.
            raise PermanentError(f"gave up: {message.attempts - 1} attempts did not finish")
        if provider_id is None:
            rendered = message_render(
                template=message.template,
                channel=message.channel,
                language=message.language,
                context=message.context,
            )
            provider_id = channels.send(message=message, rendered=rendered)
    except TransientError as exc:
        if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            message_fail(message=message, error=f"gave up after {message.attempts}: {exc}")
            return "failed"
        _record_retry(message, str(exc))
        return "retry"
    except PermanentError as exc:
        message_fail(message=message, error=str(exc))
        return "failed"
    _record_sent(message, provider_id)
    return "sent"


def message_receipt_check(*, message: OutboxMessage) -> str:
    """Ask the provider where a sent message is; record delivery or failure."""
    try:
        receipt = channels.receipt(message=message)
    except (TransientError, PermanentError) as exc:
        logger.info("No receipt for %s: %s", message.key, exc)
        return "unknown"
    now = timezone.now()
    if receipt.delivered:
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENT).update(
            status=Status.DELIVERED,
            provider_status=receipt.status,
            finished_at=now,
            personal_data_cleared_at=now,
            updated_at=now,
            **PERSONAL_FIELDS,
        )
        return "delivered"
    if receipt.failed:
        OutboxMessage.objects.filter(pk=message.pk).update(provider_status=receipt.status)
        message_fail(message=message, error=f"provider: {receipt.status}", claimed=False)
        return "failed"
    OutboxMessage.objects.filter(pk=message.pk).update(provider_status=receipt.status)
    return "pending"


def outbox_receipts_check(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Look up receipts for sent SMS and letters still within the provider's retention."""
    from notifications.selectors import outbox_awaiting_receipt

    counts: dict[str, int] = {}
    for message in outbox_awaiting_receipt(now=now or timezone.now()):
        outcome = message_receipt_check(message=message)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
