"""Referrals: the referral, its consents, events, notes, access log and private links."""

from referrals.models.choices import (
    FINAL_STATUSES,
    ActorRole,
    AgeBand,
    ConsentMethod,
    ConsentPurpose,
    ContactMethod,
    DeclineReason,
    LinkHolder,
    Mismatch,
    Outcome,
    Route,
    Status,
)
from referrals.models.followups import (
    CheckinAnswer,
    ExperienceAnswer,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    SkipReason,
    WellbeingAnswer,
    WellbeingWhen,
)
from referrals.models.records import (
    Consent,
    ReferralAccessLog,
    ReferralEvent,
    ReferralNote,
    StatusLink,
)
from referrals.models.referral import HELP_WANTED_MAX_CHARS, PERSONAL_FIELDS, Referral
from referrals.models.tokens import ApiToken, ApiTokenScope

__all__ = [
    "FINAL_STATUSES",
    "HELP_WANTED_MAX_CHARS",
    "PERSONAL_FIELDS",
    "ActorRole",
    "AgeBand",
    "ApiToken",
    "ApiTokenScope",
    "CheckinAnswer",
    "Consent",
    "ConsentMethod",
    "ConsentPurpose",
    "ContactMethod",
    "DeclineReason",
    "ExperienceAnswer",
    "FollowUp",
    "FollowUpKind",
    "FollowUpState",
    "LinkHolder",
    "Mismatch",
    "Outcome",
    "Referral",
    "ReferralAccessLog",
    "ReferralEvent",
    "ReferralNote",
    "Route",
    "SkipReason",
    "Status",
    "StatusLink",
    "WellbeingAnswer",
    "WellbeingWhen",
]
