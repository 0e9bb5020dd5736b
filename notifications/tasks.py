"""Celery tasks: ids in, the row decides. Each tolerates re-delivery, so acks_late and a
re-run after a crash are safe. None uses a long countdown: what is due later is a row
with next_attempt_at, which the sweeper hands over when it falls due."""

from __future__ import annotations

import logging
import time

from celery import shared_task

from notifications.delivery import message_deliver, outbox_receipts_check
from notifications.services import outbox_personal_data_clear, outbox_sweep

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def deliver_message_task(message_id: int) -> str:
    """Send one outbox row (a no-op if it is not due, already taken, sent or cancelled)."""
    return message_deliver(message_id=message_id)


# A batch task stops starting new sends after this many seconds (well inside the soft time
# limit, as each send may wait for a provider's timeout) and hands the rest on.
BATCH_SECONDS = 20


@shared_task(ignore_result=True)
def deliver_messages_task(message_ids: list[int]) -> int:
    """Send a batch of outbox rows (the sweeper's hand-over: one task per row costs more in
    broker round trips than the send itself). Each row is claimed on its own, so a batch
    that overlaps another, or runs twice, sends nothing twice."""
    started = time.monotonic()
    for done, message_id in enumerate(message_ids):
        if time.monotonic() - started > BATCH_SECONDS:
            deliver_messages_task.delay(message_ids[done:])
            return done
        message_deliver(message_id=message_id)
    return len(message_ids)


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
