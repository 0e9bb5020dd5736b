"""Reads of referrals, always scoped to who is asking (referrals/access.py). A referral
the person may not read does not exist for them: Http404, never 403."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Organisation, OrganisationMembership
from referrals.access import referral_role_for
from referrals.models import ActorRole, Referral, ReferralAccessLog, Status
from referrals.services.links import status_link_find


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related("service", "service__organisation", "referrer")


def referral_get_for_user(user, pk, *, reason: str) -> Referral:
    """The referral, if ``user`` may read it; Http404 otherwise. Every read by the group or
    a site admin is written to the access log with ``reason`` (e.g. "referral page", "api").
    The views must also require a second factor this session (request_is_verified)."""
    if user is None or not user.is_authenticated:
        raise Http404
    referral = get_object_or_404(_referrals(), pk=pk)
    role = referral_role_for(user, referral)
    if role is None:
        raise Http404
    if role in (ActorRole.GROUP, ActorRole.ADMIN):
        ReferralAccessLog.objects.create(
            referral=referral, user=user, role=role, reason=reason[:200]
        )
    referral.viewer_role = role
    return referral


def referrals_for_organisation(
    *, user, organisation: Organisation | int, statuses: list[str] | None = None
) -> QuerySet[Referral]:
    """The inbox of a group the user belongs to (Http404 for anyone else). Peer referrals
    still waiting for the person's consent are not there."""
    organisation_id = getattr(organisation, "pk", organisation)
    if not (
        user is not None
        and user.is_authenticated
        and user.is_active
        and OrganisationMembership.objects.filter(
            user_id=user.pk, organisation_id=organisation_id
        ).exists()
    ):
        raise Http404
    referrals = (
        _referrals()
        .filter(service__organisation_id=organisation_id)
        .exclude(status=Status.PENDING_CONSENT)
    )
    if statuses:
        referrals = referrals.filter(status__in=statuses)
    return referrals


def referrals_made_by(user) -> QuerySet[Referral]:
    """A professional's own referrals ("My referrals")."""
    if user is None or not user.is_authenticated:
        return Referral.objects.none()
    return _referrals().filter(referrer_id=user.pk)


def referral_get_by_status_token(token: str) -> Referral:
    """The referral a private link opens (Http404 for an unknown token or an anonymised
    referral). ``referral.link_holder`` says whose link it is (LinkHolder): what the
    status page shows, and whether it may confirm or withdraw, depends on it."""
    link = status_link_find(token)
    if link is None or link.referral.anonymised_at is not None:
        raise Http404
    referral = link.referral
    referral.link_holder = link.holder
    return referral
