"""Suggestions and reports from the public, and their curator queues."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import ListingReport, QueueStatus, Service, Suggestion
from directory.services.errors import NotPending


def suggestion_create(
    *, name: str, description: str, area: str = "", website: str = "", contact_email: str = ""
) -> Suggestion:
    return Suggestion.objects.create(
        name=name,
        description=description,
        area=area,
        website=website,
        contact_email=contact_email,
    )


def listing_report_create(
    *, service: Service, message: str, contact_email: str = ""
) -> ListingReport:
    return ListingReport.objects.create(
        service=service, message=message, contact_email=contact_email
    )


@transaction.atomic
def queue_item_close(*, item: Suggestion | ListingReport, status: str, by, note: str = ""):
    """Mark a suggestion or report as dealt with or dismissed."""
    if status not in (QueueStatus.DONE, QueueStatus.DISMISSED):
        raise ValueError(status)
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    if locked.status != QueueStatus.NEW:
        raise NotPending(_("This was already dealt with."))
    locked.status = status
    locked.handled_by = by
    locked.handled_at = timezone.now()
    locked.curator_note = note
    locked.save(update_fields=["status", "handled_by", "handled_at", "curator_note"])
    return locked
