"""Access rules of the directory that other apps consult (e.g. accounts' MFA policy)."""

from __future__ import annotations

from directory.models import OrganisationMembership


def user_has_memberships(user) -> bool:
    """True for anyone who looks after a listing: they must use two-factor sign-in."""
    if not getattr(user, "is_authenticated", False):
        return False
    return OrganisationMembership.objects.filter(user_id=user.pk).exists()
