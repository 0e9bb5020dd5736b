"""Proposed listing edits and their review by a curator."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import ChangeStatus, Organisation, PendingChange, Service
from directory.services.errors import ChangeConflict, ListingError, NotPending
from directory.services.mail import mail_after_commit
from directory.services.snapshots import (
    Snapshot,
    organisation_apply,
    organisation_snapshot,
    service_apply,
    service_snapshot,
)


def change_propose(
    *,
    organisation: Organisation,
    service: Service | None = None,
    base: Snapshot,
    proposed: Snapshot,
    by,
) -> PendingChange:
    """Record an edit for review. ``base`` is the snapshot the member's form started from
    (see snapshots.py); nothing public changes until a curator approves."""
    if service is not None and service.organisation_id != organisation.pk:
        raise ValueError("service does not belong to organisation")
    if all(base.get(key) == value for key, value in proposed.items()):
        raise ListingError(_("You did not change anything."))
    return PendingChange.objects.create(
        organisation=organisation, service=service, base=base, proposed=proposed, submitted_by=by
    )


def _locked_pending(change: PendingChange) -> PendingChange:
    locked = PendingChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != ChangeStatus.PENDING:
        raise NotPending(_("This change was already reviewed."))
    return locked


@transaction.atomic
def change_approve(*, change: PendingChange, by, message: str = "") -> PendingChange:
    """Apply the change to the listing and mark it approved, all or nothing.

    The listing row is locked, then compared with the snapshot the member started from;
    if anything differs the change is refused rather than overwriting the newer content.
    """
    change = _locked_pending(change)
    if change.service_id:
        record = Service.objects.select_for_update().get(pk=change.service_id)
        current, apply = service_snapshot(record), service_apply
    else:
        record = Organisation.objects.select_for_update().get(pk=change.organisation_id)
        current, apply = organisation_snapshot(record), organisation_apply
    if current != change.base:
        raise ChangeConflict(
            _(
                "The listing has changed since this edit was proposed, so approving it "
                "would undo the newer change. Reject it and ask the group to edit the "
                "listing again."
            )
        )
    record._history_user = by
    record._change_reason = _("Edit %(id)s proposed by %(who)s") % {
        "id": change.pk,
        "who": change.submitted_by,
    }
    kwargs = {"service": record} if change.service_id else {"organisation": record}
    apply(base=change.base, proposed=change.proposed, **kwargs)
    _close(change, status=ChangeStatus.APPROVED, by=by, message=message)
    return change


@transaction.atomic
def change_reject(*, change: PendingChange, by, message: str) -> PendingChange:
    change = _locked_pending(change)
    _close(change, status=ChangeStatus.REJECTED, by=by, message=message)
    return change


def _close(change: PendingChange, *, status: str, by, message: str) -> None:
    change.status = status
    change.reviewed_by = by
    change.reviewed_at = timezone.now()
    change.review_message = message
    change.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_message"])
    submitter = change.submitted_by
    if submitter is None:
        return
    if status == ChangeStatus.APPROVED:
        headline = _("Your edit to %(name)s is now live.")
    else:
        headline = _("Your edit to %(name)s was not approved.")
    body = headline % {"name": change.subject}
    if message:
        body += "\n\n" + _("Message from the curator:") + "\n" + message
    body += "\n\n" + _("You can see your edits in your group workspace on %(site)s.") % {
        "site": settings.SITE_NAME
    }
    mail_after_commit(to=[submitter.email], subject=body.splitlines()[0], body=body)
