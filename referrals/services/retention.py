"""Forgetting: closed and withdrawn referrals are anonymised after REFERRALS_RETENTION_DAYS,
and peer referrals the person never confirmed lapse after REFERRALS_PEER_CONFIRM_DAYS.

What statistics need stays: service, route, statuses and their dates (the events), outcome,
decline reason and age band. Everything personal goes: the details, the event and group
notes, the words of an experience answer, the private links and any message still
waiting. Each referral is done in its own
short transaction with its row locked, and only referrals not yet anonymised are picked,
so a re-run, or two runs at once, do each referral once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from referrals.models import (
    FINAL_STATUSES,
    ActorRole,
    ExperienceAnswer,
    Outcome,
    Referral,
    ReferralEvent,
    Status,
    StatusLink,
)
from referrals.services.consent import consents_withdraw
from referrals.services.transitions import referral_details_clear, referral_move

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retention:
    lapsed: int
    anonymised: int


def _anonymise_one(referral_id: int, *, now: dt.datetime) -> bool:
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(skip_locked=True)
            .filter(pk=referral_id, anonymised_at__isnull=True)
            .first()
        )
        if referral is None:
            return False
        referral_details_clear(referral=referral, at=referral.details_cleared_at or now)
        ReferralEvent.objects.filter(referral=referral).exclude(note="").update(note="")
        # The experience rating and wellbeing scores are counted; the words are personal.
        ExperienceAnswer.objects.filter(referral=referral).exclude(text="").update(text="")
        StatusLink.objects.filter(referral=referral).delete()
        referral.anonymised_at = now
        referral.save(update_fields=["anonymised_at"])
    return True


def referrals_anonymise(*, now: dt.datetime | None = None) -> int:
    """Anonymise every closed or withdrawn referral that ended more than
    REFERRALS_RETENTION_DAYS ago; return how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REFERRALS_RETENTION_DAYS)
    ids = Referral.objects.filter(
        status__in=FINAL_STATUSES, ended_at__lt=cutoff, anonymised_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(_anonymise_one(pk, now=now) for pk in list(ids))


def _lapse_one(referral_id: int, *, now: dt.datetime) -> bool:
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("service", "referrer")
            .filter(pk=referral_id, status=Status.PENDING_CONSENT)
            .first()
        )
        if referral is None:
            return False
        consents_withdraw(referral=referral, at=now)
        referral_details_clear(referral=referral, at=now)
        referral_move(
            referral=referral,
            to=Status.WITHDRAWN,
            actor=None,
            actor_role=ActorRole.SYSTEM,
            note=_("Not confirmed in time."),
            at=now,
            fields={"outcome": Outcome.PERSON_WITHDREW},
        )
    return True


def referrals_lapse_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Withdraw peer referrals the person has not confirmed within
    REFERRALS_PEER_CONFIRM_DAYS: the friend's details about them are not kept for ever."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REFERRALS_PEER_CONFIRM_DAYS)
    ids = Referral.objects.filter(status=Status.PENDING_CONSENT, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    return sum(_lapse_one(pk, now=now) for pk in list(ids))


def referrals_retention_run(*, now: dt.datetime | None = None) -> Retention:
    now = now or timezone.now()
    lapsed = referrals_lapse_unconfirmed(now=now)
    anonymised = referrals_anonymise(now=now)
    if lapsed or anonymised:
        logger.info("Referral retention: %d lapsed, %d anonymised", lapsed, anonymised)
    return Retention(lapsed=lapsed, anonymised=anonymised)
