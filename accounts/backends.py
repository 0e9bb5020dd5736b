"""Sign in with a username or an email address."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


def user_for_identifier(identifier: str):
    """The user a sign-in name means: an email address if it has an @, else a username."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    return User.objects.filter(username=identifier).first()


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = user_for_identifier(username or kwargs.get(get_user_model().USERNAME_FIELD, ""))
        if user is None:
            # Hash anyway, so the time taken does not tell whether the account exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The name failed attempts count against: the account's username when one matches.

    Without this, guesses split between someone's username and email address would each
    get their own allowance.
    """
    identifier = (credentials or {}).get("username") or request.POST.get("username", "")
    user = user_for_identifier(identifier)
    return user.get_username() if user else identifier.strip().lower()
