"""What a token may do, by its scope and its owner. Which referrals it may touch is the
selectors' business (referrals/api/selectors.py), not these classes'."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from referrals.models import ApiToken, ApiTokenScope


def _token(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class TokenScopePermission(BasePermission):
    """Any valid token reads; only a read-and-write token changes anything."""

    message = _("This token can only read. Create a token that can also write.")

    def has_permission(self, request, view) -> bool:
        token = _token(request)
        if token is None:
            return False
        return request.method in SAFE_METHODS or token.scope == ApiTokenScope.WRITE


class GroupTokenOnly(BasePermission):
    """Moves through the lifecycle and internal notes are the group's."""

    message = _("Only a group's token can do this. Ask an admin of the group for one.")

    def has_permission(self, request, view) -> bool:
        token = _token(request)
        return token is not None and token.organisation_id is not None


class PersonalTokenOnly(BasePermission):
    """A referral is made by a professional, as themselves."""

    message = _("Only a professional's own token can make referrals.")

    def has_permission(self, request, view) -> bool:
        token = _token(request)
        return token is not None and token.user_id is not None
