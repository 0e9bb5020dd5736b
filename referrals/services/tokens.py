"""API tokens for /api/v1/: issued, checked and revoked here only.

A token reads ``fyp_<8 hex>_<secret>``. Its first twelve characters (``fyp_<8 hex>``) are
kept in clear so people can tell tokens apart; the whole token is stored only as a SHA-256
hash, so a copy of the database opens nothing. The clear text is returned once, by
api_token_create, and never again.

Whose rights a token carries (docs/decisions/007-referral-api.md):

- a user's token acts as that user (a professional's own referrals), while they are an
  approved professional;
- an organisation's token acts for the group as the member who created it, and only
  while that person is still an active member of the group: the referral services check
  membership of whoever acts, and a token must never outlive its creator's own right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import user_is_approved_professional
from directory.models import MembershipRole, Organisation, OrganisationMembership
from referrals.models import ApiToken, ApiTokenScope
from referrals.services.errors import IncompleteDetails, NotPermitted

TOKEN_PREFIX = "fyp_"  # noqa: S105 (the public start of every token)
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
# last_used_at is written at most this often per token: a busy integration would
# otherwise write a row on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)
NAME_MAX_LENGTH = 100


def api_token_hash(clear_text: str) -> str:
    return hashlib.sha256(clear_text.encode()).hexdigest()


def _new_clear_text() -> str:
    return f"{TOKEN_PREFIX}{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"


def _user_is_organisation_admin(user, organisation_id) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and OrganisationMembership.objects.filter(
            user_id=user.pk, organisation_id=organisation_id, role=MembershipRole.ADMIN
        ).exists()
    )


def _check_name_and_scope(name: str, scope: str) -> str:
    name = name.strip()
    if not name:
        raise IncompleteDetails(_("Say what will use this token."))
    if len(name) > NAME_MAX_LENGTH:
        raise IncompleteDetails(
            _("Please use %(limit)d characters or fewer.") % {"limit": NAME_MAX_LENGTH}
        )
    if scope not in ApiTokenScope.values:
        raise IncompleteDetails(_("Choose what the token may do."))
    return name


def api_token_create(
    *,
    by,
    name: str,
    scope: str,
    organisation: Organisation | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its clear text (show it once; it cannot be recovered).

    With ``organisation``: a token for the group, which only an admin of the group may
    create; it acts as ``by``. Without: a token for ``by`` themselves, which only an
    approved professional may create.
    """
    name = _check_name_and_scope(name, scope)
    if organisation is not None:
        if not _user_is_organisation_admin(by, organisation.pk):
            raise NotPermitted(_("Only an admin of the group can create its API tokens."))
        owner = {"organisation": organisation}
    else:
        if not user_is_approved_professional(by):
            raise NotPermitted(_("Only approved professionals can create API tokens."))
        owner = {"user": by}
    clear_text = _new_clear_text()
    token = ApiToken.objects.create(
        name=name,
        scope=scope,
        prefix=clear_text[:PREFIX_LENGTH],
        token_hash=api_token_hash(clear_text),
        created_by=by,
        **owner,
    )
    return token, clear_text


def api_token_may_manage(user, token: ApiToken) -> bool:
    """An organisation's admins manage its tokens; a user manages their own."""
    if token.organisation_id is not None:
        return _user_is_organisation_admin(user, token.organisation_id)
    return bool(user is not None and user.is_authenticated and token.user_id == user.pk)


def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Stop the token working at once. Revoking a revoked token changes nothing."""
    if not api_token_may_manage(by, token):
        raise NotPermitted(_("Only the token's owner can revoke it."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_acting_user(token: ApiToken):
    """The user whose rights the token carries, or None if it carries none any more: a
    professional's token whose owner is no longer an approved professional (or whose
    account is closed), or a group's token whose creator left the group or was closed."""
    if token.organisation_id is None:
        user = token.user
        return user if user_is_approved_professional(user) else None
    user = token.created_by
    if (
        user is None
        or not user.is_active
        or not OrganisationMembership.objects.filter(
            user_id=user.pk, organisation_id=token.organisation_id
        ).exists()
    ):
        return None
    return user


def api_token_authenticate(clear_text: str) -> ApiToken | None:
    """The active token with this clear text, or None. Marks it used (at most once every
    LAST_USED_RESOLUTION, with one conditional UPDATE)."""
    if not clear_text.startswith(TOKEN_PREFIX) or len(clear_text) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "created_by", "organisation")
        .filter(token_hash=api_token_hash(clear_text), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION),
            pk=token.pk,
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
