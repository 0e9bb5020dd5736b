"""Who may do what: role checks and the view decorators the rest of the project uses.

    mfa_required          signed in and verified with a second factor this session
    curator_required      mfa_required, and a curator or site admin
    professional_required mfa_required, and an approved professional
    reauth_required       password (and code) given in the last ACCOUNTS_REAUTH_MAX_AGE seconds

Who must use MFA is decided by settings.ACCOUNTS_MFA_REQUIRED_IF, a list of dotted paths
to callables taking a user: other apps add their own rules there (the directory adds
organisation members) without this app importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.module_loading import import_string

from accounts.models import ProfessionalStatus


def user_is_curator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_curator or user.is_superuser))


def user_is_approved_professional(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.professional_status == ProfessionalStatus.APPROVED
    )


def user_is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


@cache
def _rule(path: str) -> Callable:
    return import_string(path)


def user_needs_mfa(user) -> bool:
    """True if any rule in ACCOUNTS_MFA_REQUIRED_IF says this user must use a second factor."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_accounts_needs_mfa", None)
    if cached is None:
        cached = any(_rule(path)(user) for path in settings.ACCOUNTS_MFA_REQUIRED_IF)
        user._accounts_needs_mfa = cached
    return cached


def request_is_verified(request: HttpRequest) -> bool:
    """Signed in and verified with a second factor during this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/403.html", status=403)


def mfa_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where to send someone who is not yet signed in with a second factor, or None."""
    from accounts.selectors import user_has_mfa_device

    next_url = request.get_full_path()
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, reverse("accounts:sign_in"))
    if request_is_verified(request):
        return None
    if user_has_mfa_device(user=request.user):
        return redirect_to_login(next_url, reverse("accounts:otp"))
    return redirect_to_login(next_url, reverse("accounts:mfa_setup"))


def mfa_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return mfa_redirect(request) or view(request, *args, **kwargs)

    return wrapper


def _role_required(check: Callable[[object], bool]) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            redirect = mfa_redirect(request)
            if redirect is not None:
                return redirect
            if not check(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


curator_required = _role_required(user_is_curator)
professional_required = _role_required(user_is_approved_professional)


def reauth_required(view: Callable) -> Callable:
    """For changes an attacker with a stolen session must not make: ask for the password
    (and a code, if the person has a device) again unless given in the last few minutes."""
    from accounts.sessions import reauth_is_recent

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
        if not reauth_is_recent(request=request):
            return redirect_to_login(request.get_full_path(), reverse("accounts:reauth"))
        return view(request, *args, **kwargs)

    return wrapper
