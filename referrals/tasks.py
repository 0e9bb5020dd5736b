"""Background work for referrals. The database says what is due, so a re-run or a
re-delivered task does no harm."""

from __future__ import annotations

from celery import shared_task

from referrals.services import referrals_retention_run
from referrals.services.followups import followups_due_run


@shared_task(ignore_result=True)
def referrals_retention_task() -> dict[str, int]:
    """Daily: lapse unconfirmed peer referrals and anonymise old closed ones."""
    run = referrals_retention_run()
    return {"lapsed": run.lapsed, "anonymised": run.anonymised}


@shared_task(ignore_result=True)
def followups_due_task() -> dict[str, int]:
    """Every few minutes: queue the reminders, check-ins and questions that have fallen due."""
    return followups_due_run().as_dict()
