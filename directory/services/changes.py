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
    new_service_snapshot,
    organisation_apply,
    organisation_snapshot,
    service_apply,
    service_snapshot,
)


def change_is_new_service(change: PendingChange) -> bool:
    """A proposal for a service that does not exist yet: nothing stood before it, so its
    ``base`` is empty (every edit of an existing record has a non-empty base)."""
    return not change.base


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
    if not base:
        raise ValueError("base must be the snapshot the edit started from")
    if all(base.get(key) == value for key, value in proposed.items()):
        raise ListingError(_("You did not change anything."))
    return PendingChange.objects.create(
        organisation=organisation, service=service, base=base, proposed=proposed, submitted_by=by
    )


def service_new_propose(*, organisation: Organisation, proposed: Snapshot, by) -> PendingChange:
    """Record a new service for review; it is created only when a curator approves."""
    if not (proposed.get("name") or "").strip():
        raise ListingError(_("Enter the name of the listing."))
    return PendingChange.objects.create(
        organisation=organisation, service=None, base={}, proposed=proposed, submitted_by=by
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
    if change_is_new_service(change):
        return _approve_new_service(change, by=by, message=message)
    if change.service_id:
        record = Service.objects.select_for_update().get(pk=change.service_id)
        current, apply = service_snapshot(record), service_apply
    else:
        record = Organisation.objects.select_for_update().get(pk=change.organisation_id)
        current, apply = organisation_snapshot(record), organisation_apply
    # Only the keys the proposal started from are compared: a proposal sent before more
    # of the listing became editable neither saw nor changes the newer keys.
    if {key: current.get(key) for key in change.base} != change.base:
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


def _approve_new_service(change: PendingChange, *, by, message: str) -> PendingChange:
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    service = Service(organisation=organisation)
    service._history_user = by
    service._change_reason = _("New listing %(id)s proposed by %(who)s") % {
        "id": change.pk,
        "who": change.submitted_by,
    }
    service_apply(service=service, base=new_service_snapshot(), proposed=change.proposed)
    change.service = service
    change.save(update_fields=["service"])
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
    if change_is_new_service(change):
        name = _("the new listing %(name)s") % {"name": change.proposed.get("name", "")}
    else:
        name = change.subject
    body = headline % {"name": name}
    if message:
        body += "\n\n" + _("Message from the curator:") + "\n" + message
    body += "\n\n" + _("You can see your edits in your group workspace on %(site)s.") % {
        "site": settings.SITE_NAME
    }
    mail_after_commit(to=[submitter.email], subject=body.splitlines()[0], body=body)
