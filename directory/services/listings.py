"""Keeping listings current: capacity, "still accurate?" and re-verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import (
    CapacityStatus,
    ListingReminder,
    MembershipRole,
    OrganisationMembership,
    Service,
    ServiceStatus,
)
from directory.selectors import listing_checked_before
from directory.services.errors import ListingError
from notifications.services import Recipient, message_queue


@transaction.atomic
def service_capacity_set(
    *, service: Service, status: str, waiting_list_weeks: int | None, by
) -> Service:
    """Change capacity at once (no moderation): a group knows best whether it has room."""
    if status not in CapacityStatus.values:
        raise ListingError(_("Choose whether the group is taking new people."))
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.capacity_status = status
    service.waiting_list_weeks = (
        waiting_list_weeks if status == CapacityStatus.WAITING_LIST else None
    )
    service.capacity_updated_at = timezone.now()
    service._history_user = by
    service._change_reason = _("Capacity changed")
    service.save(
        update_fields=[
            "capacity_status",
            "waiting_list_weeks",
            "capacity_updated_at",
            "last_modified",
        ]
    )
    return service


def service_confirm(*, service: Service, by, today: dt.date | None = None) -> Service:
    """ "Still accurate": the group confirms the listing, which restarts the clock."""
    service.assured_date = today or timezone.localdate()
    service.assurer_email = getattr(by, "email", "") or ""
    service._history_user = by
    service._change_reason = _("Confirmed as still accurate")
    service.save(update_fields=["assured_date", "assurer_email", "last_modified"])
    return service


# --- Staleness ------------------------------------------------------------------------


def service_checked_on(service: Service) -> dt.date:
    return service.assured_date or timezone.localdate(service.created_at)


def service_is_possibly_out_of_date(service: Service, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    age = (today - service_checked_on(service)).days
    return age > settings.LISTINGS_FLAG_AFTER_DAYS


@dataclass(frozen=True)
class StalenessRun:
    reminded: int
    already_reminded: int


def listings_staleness_run(*, today: dt.date | None = None) -> StalenessRun:
    """Record (and email) a reminder for each active service due one.

    Safe to run any number of times a day: a reminder's key names the service and the date
    it was last confirmed, and the unique key lets exactly one run create it.
    """
    today = today or timezone.localdate()
    due = (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .filter(listing_checked_before(days=settings.LISTINGS_REMIND_AFTER_DAYS, today=today))
        .select_related("organisation")
    )
    reminded = already = 0
    for service in due.iterator(chunk_size=500):
        if listing_reminder_record(service=service):
            reminded += 1
        else:
            already += 1
    return StalenessRun(reminded=reminded, already_reminded=already)


def listing_reminder_record(*, service: Service) -> bool:
    """Create the reminder for the service's current period and email its organisation's
    admins; returns False when it already existed."""
    checked_on = service_checked_on(service)
    key = f"service:{service.pk}:confirm-since:{checked_on.isoformat()}"
    try:
        with transaction.atomic():
            reminder = ListingReminder.objects.create(
                service=service, key=key, checked_on=checked_on
            )
            _reminder_email(service, checked_on)
            reminder.emailed_at = timezone.now()
            reminder.save(update_fields=["emailed_at"])
    except IntegrityError:
        return False
    return True


def _reminder_email(service: Service, checked_on: dt.date) -> None:
    """One email to each admin of the group, through the outbox (sent once, retried, and
    recorded), keyed by the service and the period so a re-run queues nothing twice."""
    admins = OrganisationMembership.objects.filter(
        organisation_id=service.organisation_id, role=MembershipRole.ADMIN
    ).select_related("user")
    for membership in admins:
        user = membership.user
        if not (user.is_active and user.email):
            continue
        message_queue(
            recipient=Recipient(name=str(user), email=user.email),
            channel="email",
            template="listing_reminder",
            context={"service_name": service.name, "checked_on": checked_on.strftime("%d %B %Y")},
            key=f"listing:{service.pk}:confirm-since:{checked_on.isoformat()}:admin:{user.pk}",
        )
