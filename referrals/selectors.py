"""Reads of referrals, always scoped to who is asking (referrals/access.py). A referral
the person may not read does not exist for them: Http404, never 403."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from directory.models import Organisation, OrganisationMembership
from referrals.access import referral_role_for
from referrals.models import ActorRole, Referral, ReferralAccessLog, Status
from referrals.services.links import status_link_find
from referrals.services.workingdays import is_working_day


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


# The group inbox's tabs: which statuses each shows.
INBOX_TABS: dict[str, tuple[str, ...]] = {
    "new": (Status.SUBMITTED,),
    "open": (Status.OPENED, Status.ACCEPTED, Status.CONTACTED, Status.MET),
    "waiting": (Status.WAITING_LIST,),
    "closed": (Status.DECLINED, Status.CLOSED, Status.WITHDRAWN),
}


def _working_days_before(now: dt.datetime, days: int) -> dt.datetime:
    """The latest time from which ``days`` working days have passed by ``now`` (Monday to
    Friday, England and Wales bank holidays excepted: referrals/services/workingdays.py)."""
    day = timezone.localtime(now)
    counted = 0
    while counted < days:
        if is_working_day(day.date()):
            counted += 1
        day -= dt.timedelta(days=1)
    return day


def overdue_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """New referrals sent to the group at or before this time are overdue."""
    now = now or timezone.now()
    return _working_days_before(now, settings.REFERRALS_OVERDUE_WORKING_DAYS)


def inbox_counts(*, user, organisation) -> dict[str, int]:
    """How many referrals each inbox tab holds, in one query."""
    referrals = referrals_for_organisation(user=user, organisation=organisation)
    counts = referrals.aggregate(
        **{tab: Count("pk", filter=Q(status__in=statuses)) for tab, statuses in INBOX_TABS.items()}
    )
    return counts


def inbox_page_referrals(*, user, organisation, tab: str) -> QuerySet[Referral]:
    """One tab of the inbox, oldest first for new and open work, with ``is_overdue``."""
    cutoff = overdue_cutoff()
    referrals = referrals_for_organisation(
        user=user, organisation=organisation, statuses=list(INBOX_TABS[tab])
    ).annotate(
        is_overdue=Case(
            When(status=Status.SUBMITTED, submitted_at__lte=cutoff, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if tab == "closed":
        return referrals.order_by("-status_changed_at", "-pk")
    return referrals.order_by("submitted_at", "pk")


def organisation_new_referrals_count(organisation) -> int:
    """The number of new referrals for a group's workspace link (the page that shows it
    already checked the membership)."""
    organisation_id = getattr(organisation, "pk", organisation)
    return Referral.objects.filter(
        service__organisation_id=organisation_id, status=Status.SUBMITTED
    ).count()
