"""Equality monitoring: recording a person's answers with their separate consent, and
deleting them when that consent ends.

    equality_answers_record(referral=…, answers={"sex": "female", …}, method=…, recorded_by=…)
    equality_consent_withdraw(referral=…)

The answers are optional one by one, sealed (insights/coding.py) and only ever counted
(insights/figures.py). Deprivation is derived, not asked: the IMD decile of the person's
postcode where the postcode data has it (full postcodes), otherwise unknown.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.postcodes import PostcodeError, postcode_lookup
from insights import choices as ch
from insights.facts import area_of_place, fact_refresh
from insights.models import SEALED_FIELDS, EqualityAnswers, ReferralFact
from referrals.models import Consent, ConsentPurpose, Referral, Status
from referrals.services.consent import CURRENT
from referrals.services.errors import ReferralError

QUESTION_CHOICES: dict[str, list[str]] = {
    "ethnic_group": ch.EthnicGroup.values,
    "sex": ch.Sex.values,
    "gender_same_as_birth": ch.YesNo.values,
    "sexual_orientation": ch.SexualOrientation.values,
    "disability": ch.YesNo.values,
    "religion": ch.Religion.values,
    "main_language": ch.MainLanguage.values,
}


class MonitoringClosed(ReferralError):
    """The referral was withdrawn or its details removed: nothing more is asked."""


def monitoring_open(referral: Referral) -> bool:
    """Questions may be answered while the referral is not withdrawn and still holds the
    person's details."""
    return referral.status != Status.WITHDRAWN and referral.details_cleared_at is None


def equality_consent_current(referral: Referral) -> Consent | None:
    return referral.consents.filter(
        purpose=ConsentPurpose.EQUALITY_MONITORING, withdrawn_at__isnull=True
    ).first()


def _checked(answers: dict[str, str]) -> dict[str, str]:
    unknown = set(answers) - set(QUESTION_CHOICES)
    if unknown:
        raise TypeError(f"Unknown questions: {sorted(unknown)}")
    checked = {}
    for question, code in answers.items():
        code = code or ""
        if code and code not in QUESTION_CHOICES[question]:
            raise ReferralError(_("Choose one of the answers, or prefer not to say."))
        checked[question] = code
    return checked


def _place_of(referral: Referral) -> tuple[str, str]:
    """(IMD decile, council) of the person's postcode; empty where unknown."""
    if not referral.postcode:
        return "", ""
    try:
        place = postcode_lookup(referral.postcode)
    except PostcodeError:
        return "", ""
    decile = str(place.imd_decile) if place.imd_decile else ""
    return decile, area_of_place(place)


def equality_answers_record(
    *,
    referral: Referral,
    answers: dict[str, str],
    method: str,
    recorded_by=None,
    now: dt.datetime | None = None,
) -> EqualityAnswers:
    """Record (or replace) the person's answers and, unless current already, their
    consent for this purpose in today's wording. A question left out is stored empty."""
    if not monitoring_open(referral):
        raise MonitoringClosed(_("This referral has ended, so we no longer ask these questions."))
    checked = _checked(answers)
    now = now or timezone.now()
    decile, area = _place_of(referral)
    values = {
        **dict.fromkeys(QUESTION_CHOICES, ""),
        **checked,
        "ethnic_heading": ch.EthnicGroup.heading_of(checked.get("ethnic_group", "")),
        "imd_decile": decile,
    }
    with transaction.atomic():
        Referral.objects.select_for_update().filter(pk=referral.pk).first()
        if equality_consent_current(referral) is None:
            Consent.objects.create(
                referral=referral,
                purpose=ConsentPurpose.EQUALITY_MONITORING,
                wording_version=CURRENT[ConsentPurpose.EQUALITY_MONITORING],
                method=method,
                given_at=now,
                recorded_by=recorded_by,
            )
        answers_row, _created = EqualityAnswers.objects.update_or_create(
            referral=referral,
            defaults={**values, "local_authority": area, "answered_at": now},
        )
        fact_refresh(referral.pk)
    return answers_row


def equality_consent_withdraw(*, referral: Referral, now: dt.datetime | None = None) -> bool:
    """End the consent and delete the answers (and their tokens in the figures). True if
    there was anything to withdraw."""
    now = now or timezone.now()
    with transaction.atomic():
        ended = referral.consents.filter(
            purpose=ConsentPurpose.EQUALITY_MONITORING, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
        deleted = equality_answers_delete_without_consent(referral.pk)
    return bool(ended or deleted)


def equality_answers_delete_without_consent(referral_id: int) -> int:
    """Delete answers whose consent is no longer current (withdrawn alone, or with the
    whole referral), and their tokens in the fact row."""
    has_consent = Consent.objects.filter(
        referral_id=referral_id,
        purpose=ConsentPurpose.EQUALITY_MONITORING,
        withdrawn_at__isnull=True,
    ).exists()
    if has_consent:
        return 0
    deleted, _by_model = EqualityAnswers.objects.filter(pk=referral_id).delete()
    ReferralFact.objects.filter(pk=referral_id).update(**dict.fromkeys(SEALED_FIELDS, 0))
    return deleted
