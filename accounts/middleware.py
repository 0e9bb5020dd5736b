from __future__ import annotations

from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from accounts import sessions
from accounts.access import request_is_verified, user_needs_mfa
from accounts.selectors import user_has_mfa_device


class SessionLifetimeMiddleware:
    """Signs people out after ACCOUNTS_SESSION_IDLE_TIMEOUT seconds without a request, and
    ACCOUNTS_SESSION_MAX_AGE seconds after signing in, however active they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session:
            reason = sessions.session_expiry_reason(request=request)
            if reason:
                logout(request)
                request.session[sessions.ENDED_BECAUSE] = reason
            else:
                sessions.session_touch(request=request)
        return self.get_response(request)


# Pages someone part-way through signing in may still use.
_OPEN_TO_UNVERIFIED = {"healthz", "set_language", "language_choose", "accounts:sign_out"}
_OPEN_WITH_DEVICE = _OPEN_TO_UNVERIFIED | {"accounts:otp"}
_OPEN_WITHOUT_DEVICE = _OPEN_TO_UNVERIFIED | {"accounts:mfa_setup", "accounts:reauth"}


class MFAGateMiddleware:
    """Finish signing in before anything else.

    Someone with a device who has not entered a code yet is sent to the code page; someone
    who must use MFA (accounts.access.user_needs_mfa) but has no device is sent to set one
    up. Only signing out and the page they are sent to stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request_is_verified(request):
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if user_has_mfa_device(user=user):
            if name in _OPEN_WITH_DEVICE:
                return None
            return redirect_to_login(request.get_full_path(), reverse("accounts:otp"))
        if user_needs_mfa(user) and name not in _OPEN_WITHOUT_DEVICE:
            return redirect_to_login(request.get_full_path(), reverse("accounts:mfa_setup"))
        return None
