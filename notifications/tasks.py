"""Celery tasks: ids in, the row decides. Each tolerates re-delivery, so acks_late and a
re-run after a crash are safe. None uses a long countdown: what is due later is a row
with next_attempt_at, which the sweeper hands over when it falls due."""

from __future__ import annotations

import logging

from celery import shared_task

from notifications.delivery import message_deliver, outbox_receipts_check
from notifications.services import outbox_personal_data_clear, outbox_sweep

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def deliver_message_task(message_id: int) -> str:
    """Send one outbox row (a no-op if it is not due, already taken, sent or cancelled)."""
    return message_deliver(message_id=message_id)


@shared_task(ignore_result=True)
def outbox_sweep_task() -> dict[str, int]:
    """Every minute: enqueue due rows and recover rows stuck in "sending"."""
    sweep = outbox_sweep()
    return {"recovered": sweep.recovered, "enqueued": sweep.enqueued}


@shared_task(ignore_result=True)
def outbox_receipts_task() -> dict[str, int]:
    """Every few minutes: delivery receipts from Notify for sent SMS and letters."""
    return outbox_receipts_check()


@shared_task(ignore_result=True)
def outbox_personal_data_clear_task() -> int:
    """Hourly: forget the contact details and context of messages no longer awaiting receipts."""
    cleared = outbox_personal_data_clear()
    if cleared:
        logger.info("Cleared personal data from %d sent messages", cleared)
    return cleared
