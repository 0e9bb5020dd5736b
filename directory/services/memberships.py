"""Who looks after a listing: memberships, invitations and claims."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import (
    ClaimRequest,
    ClaimStatus,
    Invitation,
    MembershipRole,
    Organisation,
    OrganisationMembership,
)
from directory.services.errors import InvitationError, ListingError, NotPending
from directory.services.mail import mail_after_commit


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def membership_add(
    *, organisation: Organisation, user, role: str = MembershipRole.MEMBER
) -> OrganisationMembership:
    """Make ``user`` a member (or raise them to admin); never lowers an existing role."""
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if not created and role == MembershipRole.ADMIN and not membership.is_admin:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: OrganisationMembership, by) -> None:
    """Remove a member. The last admin cannot be removed, so a group is never locked out."""
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    admins = OrganisationMembership.objects.filter(
        organisation_id=membership.organisation_id, role=MembershipRole.ADMIN
    )
    if membership.is_admin and admins.count() <= 1:
        raise ListingError(_("You cannot remove the only admin. Make someone else admin first."))
    membership.delete()


def invitation_create(
    *, organisation: Organisation, email: str, role: str, by, accept_url_base: str
) -> tuple[Invitation, str]:
    """Invite ``email`` to join; returns the invitation and the one-time token, which is
    only ever emailed (the database keeps its hash). ``accept_url_base`` is the absolute
    URL the token is appended to."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email.strip(),
        role=role,
        token_hash=token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=settings.LISTINGS_INVITATION_DAYS),
    )
    mail_after_commit(
        to=[invitation.email],
        subject=_("You are invited to help look after %(name)s's listing")
        % {"name": organisation.name},
        body=_(
            "%(inviter)s has invited you to help keep %(name)s's listing on %(site)s up to "
            "date.\n\nSign in (or create an account with this email address) and open:\n"
            "%(url)s\n\nThe link works until %(expires)s."
        )
        % {
            "inviter": str(by),
            "name": organisation.name,
            "site": settings.SITE_NAME,
            "url": f"{accept_url_base}{token}/",
            "expires": timezone.localtime(invitation.expires_at).strftime("%d %B %Y"),
        },
    )
    return invitation, token


def invitation_revoke(*, invitation: Invitation, by) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def invitation_accept(*, token: str, user) -> OrganisationMembership:
    """Accept the invitation ``token`` names for ``user``, whose email must match."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if invitation is None or not invitation.is_open():
        raise InvitationError(
            _("This invitation link is not valid any more. Ask the group for a new one.")
        )
    if (user.email or "").strip().lower() != invitation.email.lower():
        raise InvitationError(
            _(
                "This invitation was sent to a different email address. Sign in with the "
                "account for that address."
            )
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership_add(organisation=invitation.organisation, user=user, role=invitation.role)


def claim_request_create(*, organisation: Organisation, user, message: str) -> ClaimRequest:
    if organisation.memberships.exists():
        raise ListingError(_("Someone already looks after this listing. Ask them to invite you."))
    if ClaimRequest.objects.filter(
        organisation=organisation, user=user, status=ClaimStatus.PENDING
    ).exists():
        raise ListingError(_("You have already asked. A curator will reply soon."))
    return ClaimRequest.objects.create(organisation=organisation, user=user, message=message)


def _claim_locked(claim: ClaimRequest) -> ClaimRequest:
    locked = ClaimRequest.objects.select_for_update().get(pk=claim.pk)
    if locked.status != ClaimStatus.PENDING:
        raise NotPending(_("This request was already dealt with."))
    return locked


@transaction.atomic
def claim_approve(*, claim: ClaimRequest, by, message: str = "") -> OrganisationMembership:
    """Approve a claim: the person becomes an admin of the organisation."""
    claim = _claim_locked(claim)
    _claim_close(claim, status=ClaimStatus.APPROVED, by=by, message=message)
    membership = membership_add(
        organisation=claim.organisation, user=claim.user, role=MembershipRole.ADMIN
    )
    _claim_tell(claim, _("You can now look after %(name)s's listing."))
    return membership


@transaction.atomic
def claim_reject(*, claim: ClaimRequest, by, message: str) -> None:
    claim = _claim_locked(claim)
    _claim_close(claim, status=ClaimStatus.REJECTED, by=by, message=message)
    _claim_tell(claim, _("Your request to look after %(name)s's listing was not approved."))


def _claim_close(claim: ClaimRequest, *, status: str, by, message: str) -> None:
    claim.status = status
    claim.reviewed_by = by
    claim.reviewed_at = timezone.now()
    claim.review_message = message
    claim.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_message"])


def _claim_tell(claim: ClaimRequest, headline: str) -> None:
    body = headline % {"name": claim.organisation.name}
    if claim.review_message:
        body += "\n\n" + _("Message from the curator:") + "\n" + claim.review_message
    mail_after_commit(to=[claim.user.email], subject=body.splitlines()[0], body=body)
