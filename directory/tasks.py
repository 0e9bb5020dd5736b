"""Background work for the directory. Tasks find their work in the database, so a re-run
or a re-delivered message does no harm."""

from __future__ import annotations

import logging

from celery import shared_task

from directory.services import listings_staleness_run

logger = logging.getLogger(__name__)


@shared_task
def listings_staleness_task() -> dict[str, int]:
    """Daily: record (and email) reminders for listings not confirmed for a while."""
    run = listings_staleness_run()
    logger.info(
        "Listing reminders: %d new, %d already recorded", run.reminded, run.already_reminded
    )
    return {"reminded": run.reminded, "already_reminded": run.already_reminded}
