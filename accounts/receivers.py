"""Bookkeeping on sign-in and sign-out.

Receivers, not calls in the sign-in view, so that every way of signing in (this site's
pages, the test client's force_login, any future single sign-on) is tracked the same.
They hold no business rules: they note the session and when it started.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out

from accounts import sessions


def _on_login(sender, request, user, **kwargs) -> None:
    sessions.session_started(request=request, user=user)


def _on_logout(sender, request, user, **kwargs) -> None:
    sessions.session_ended(request=request)


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="accounts.session_started")
    user_logged_out.connect(_on_logout, dispatch_uid="accounts.session_ended")
