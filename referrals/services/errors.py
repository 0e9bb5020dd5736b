"""Refusals. Each carries a message written for the person using the page or the API,
shown as it is; none includes a referral's personal details."""

from __future__ import annotations


class ReferralError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConsentRequired(ReferralError):
    """No explicit consent to share the details with this group."""


class RouteNotAllowed(ReferralError):
    """The service does not take referrals by this route."""


class NotEligible(ReferralError):
    """Outside who the service is for, with no professional's reason to proceed."""


class InvalidTransition(ReferralError):
    """The move is not allowed from the referral's current status."""


class NotPermitted(ReferralError):
    """The person asking may not make this move (views answer 404, as for a read)."""


class LinkInvalid(ReferralError):
    """The private link is unknown, expired or not for this."""


class RateLimited(ReferralError):
    """Too many referrals from this address, phone number or email address."""


class IncompleteDetails(ReferralError):
    """Not enough to contact the person, or a field is too long."""
