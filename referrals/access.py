"""Who may read a referral, by role. Selectors (referrals/selectors.py) use these to
fetch; services use them to refuse moves. Anyone else gets a 404.

- a member of the receiving group (the views also require a second factor this session),
  once the person has confirmed (a peer referral waiting for consent is invisible);
- the professional who made it;
- a site admin, every read written to the access log.
"""

from __future__ import annotations

from directory.models import OrganisationMembership
from referrals.models import ActorRole, Referral


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def user_is_receiving_member(user, referral: Referral) -> bool:
    return (
        _signed_in(user)
        and referral.is_visible_to_group
        and OrganisationMembership.objects.filter(
            user_id=user.pk, organisation_id=referral.service.organisation_id
        ).exists()
    )


def user_is_referrer(user, referral: Referral) -> bool:
    return _signed_in(user) and referral.referrer_id is not None and referral.referrer_id == user.pk


def user_is_site_admin(user) -> bool:
    return _signed_in(user) and user.is_superuser


def referral_role_for(user, referral: Referral) -> str | None:
    """The role in which ``user`` may read ``referral``, or None. The referrer and the group
    come first, so a site admin who is also a member is logged as the group."""
    if user_is_referrer(user, referral):
        return ActorRole.REFERRER
    if user_is_receiving_member(user, referral):
        return ActorRole.GROUP
    if user_is_site_admin(user):
        return ActorRole.ADMIN
    return None
