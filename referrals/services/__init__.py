"""The one service layer for referrals: pages, the API, tasks and commands call these."""

from referrals.services.consent import CURRENT as CONSENT_WORDING_CURRENT
from referrals.services.consent import WORDINGS as CONSENT_WORDINGS
from referrals.services.consent import ConsentGiven
from referrals.services.create import (
    PeerReferrer,
    PersonDetails,
    ReferralCreated,
    referral_confirm_peer,
    referral_create_peer,
    referral_create_professional,
    referral_create_self,
    route_check,
)
from referrals.services.eligibility import referral_mismatches
from referrals.services.errors import (
    ConsentRequired,
    IncompleteDetails,
    InvalidTransition,
    LinkInvalid,
    NotEligible,
    NotPermitted,
    RateLimited,
    ReferralError,
    RouteNotAllowed,
)
from referrals.services.reroute import referral_reroute
from referrals.services.retention import (
    Retention,
    referrals_anonymise,
    referrals_lapse_unconfirmed,
    referrals_retention_run,
)
from referrals.services.transitions import (
    ALLOWED,
    move_is_allowed,
    referral_accept,
    referral_close,
    referral_decline,
    referral_mark_contacted,
    referral_mark_met,
    referral_note_add,
    referral_open,
    referral_waitlist,
    referral_withdraw,
)

__all__ = [
    "ALLOWED",
    "CONSENT_WORDINGS",
    "CONSENT_WORDING_CURRENT",
    "ConsentGiven",
    "ConsentRequired",
    "IncompleteDetails",
    "InvalidTransition",
    "LinkInvalid",
    "NotEligible",
    "NotPermitted",
    "PeerReferrer",
    "PersonDetails",
    "RateLimited",
    "ReferralCreated",
    "ReferralError",
    "Retention",
    "RouteNotAllowed",
    "move_is_allowed",
    "referral_accept",
    "referral_close",
    "referral_confirm_peer",
    "referral_create_peer",
    "referral_create_professional",
    "referral_create_self",
    "referral_decline",
    "referral_mark_contacted",
    "referral_mark_met",
    "referral_mismatches",
    "referral_note_add",
    "referral_open",
    "referral_reroute",
    "referral_waitlist",
    "referral_withdraw",
    "referrals_anonymise",
    "referrals_lapse_unconfirmed",
    "referrals_retention_run",
    "route_check",
]
