"""Consent: the wording the person agreed to, by version, and its record.

A wording never changes once published: a new text gets a new version, so each consent
row says exactly what the person saw. Forms show ``CURRENT`` and send its version back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from referrals.models import Consent, ConsentMethod, ConsentPurpose, Referral
from referrals.services.errors import ConsentRequired

WORDINGS = {
    ConsentPurpose.SHARE_WITH_GROUP: {
        "share-2025-01": gettext_lazy(
            "I agree that the details on this form are shared with this group so they can "
            "contact me. I can withdraw at any time, and the group will then no longer see them."
        ),
    },
    ConsentPurpose.EQUALITY_MONITORING: {
        "equality-2025-01": gettext_lazy(
            "I agree that my answers to the equality questions are used, without my name, to "
            "check that groups reach everyone who needs them. This is optional."
        ),
    },
}
CURRENT = {
    ConsentPurpose.SHARE_WITH_GROUP: "share-2025-01",
    ConsentPurpose.EQUALITY_MONITORING: "equality-2025-01",
}


@dataclass(frozen=True)
class ConsentGiven:
    """What the person agreed to, as a form or the API reports it."""

    share_with_group: bool
    method: str
    wording_version: str = CURRENT[ConsentPurpose.SHARE_WITH_GROUP]
    equality_monitoring: bool = False
    equality_wording_version: str = CURRENT[ConsentPurpose.EQUALITY_MONITORING]


def consent_check(*, consent: ConsentGiven | None, methods: tuple[str, ...]) -> ConsentGiven:
    """Refuse anything but explicit consent to share, in a known wording, given a way
    that suits the route."""
    if consent is None or consent.share_with_group is not True:
        raise ConsentRequired(
            _(
                "We can only send the referral if the person agrees to their details being "
                "shared with this group."
            )
        )
    if consent.method not in methods:
        raise ConsentRequired(_("Say how the person gave their consent."))
    if consent.wording_version not in WORDINGS[ConsentPurpose.SHARE_WITH_GROUP]:
        raise ConsentRequired(_("The consent wording has changed. Please read it again."))
    if (
        consent.equality_monitoring
        and consent.equality_wording_version not in WORDINGS[ConsentPurpose.EQUALITY_MONITORING]
    ):
        raise ConsentRequired(_("The consent wording has changed. Please read it again."))
    return consent


def consent_record(
    *, referral: Referral, consent: ConsentGiven, recorded_by, at: dt.datetime
) -> list[Consent]:
    rows = [
        Consent(
            referral=referral,
            purpose=ConsentPurpose.SHARE_WITH_GROUP,
            wording_version=consent.wording_version,
            method=consent.method,
            given_at=at,
            recorded_by=recorded_by,
        )
    ]
    if consent.equality_monitoring:
        rows.append(
            Consent(
                referral=referral,
                purpose=ConsentPurpose.EQUALITY_MONITORING,
                wording_version=consent.equality_wording_version,
                method=consent.method,
                given_at=at,
                recorded_by=recorded_by,
            )
        )
    return Consent.objects.bulk_create(rows)


def consents_withdraw(*, referral: Referral, at: dt.datetime) -> int:
    return referral.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=at)


PROFESSIONAL_METHODS = (
    ConsentMethod.VERBAL_TO_PROFESSIONAL,
    ConsentMethod.WRITTEN_TO_PROFESSIONAL,
)
PERSON_METHODS = (ConsentMethod.ONLINE, ConsentMethod.STATUS_LINK)
