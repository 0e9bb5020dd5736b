"""``Authorization: Bearer fyp_…`` for /api/v1/.

The request's user is whoever the token acts as (referrals.services.tokens
api_token_acting_user) and ``request.auth`` is the ApiToken, so views call the same
selectors and services as the pages, with the same user.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from referrals.services.tokens import api_token_acting_user, api_token_authenticate

KEYWORD = b"bearer"


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Give the token after 'Bearer ', with no spaces in it."))
        try:
            clear_text = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(_("This token is not valid or has been revoked.")) from error
        token = api_token_authenticate(clear_text)
        if token is None:
            raise AuthenticationFailed(_("This token is not valid or has been revoked."))
        user = api_token_acting_user(token)
        if user is None:
            raise AuthenticationFailed(
                _(
                    "This token no longer works: the account it acts as is closed, or the "
                    "person who created it has left the group. Create a new one."
                )
            )
        return user, token

    def authenticate_header(self, request) -> str:
        # Makes unauthenticated requests 401 (with this challenge) rather than 403.
        return 'Bearer realm="api"'


class ApiTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Tells drf-spectacular this is HTTP bearer authentication."""

    target_class = "referrals.api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "An API token created under 'API tokens' by a group's admin (acts for the "
                    "group) or by a professional (acts as them), e.g. "
                    "`Authorization: Bearer fyp_1a2b3c4d_…`."
                )
            ),
        }
