"""What a signed-in session remembers about itself: when it started, was last used and
last proved the person's password (and second factor)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import UserSession

STARTED_AT = "accounts_started_at"
SEEN_AT = "accounts_seen_at"
REAUTH_AT = "accounts_reauth_at"
ENDED_BECAUSE = "accounts_ended_because"
# Last-used time is written at most this often (seconds), so a busy page is not a write.
SEEN_RESOLUTION = 60


def _now() -> float:
    return timezone.now().timestamp()


def session_started(*, request: HttpRequest, user) -> None:
    session = request.session
    now = _now()
    session[STARTED_AT] = now
    session[SEEN_AT] = now
    session.pop(REAUTH_AT, None)
    if session.session_key is None:
        session.save()
    UserSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})


def session_ended(*, request: HttpRequest) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def session_expiry_reason(*, request: HttpRequest) -> str:
    """ "idle" or "lifetime" when the session has run out, else ""."""
    session = request.session
    now = _now()
    started = session.get(STARTED_AT, now)
    seen = session.get(SEEN_AT, now)
    if now - started > settings.ACCOUNTS_SESSION_MAX_AGE:
        return "lifetime"
    if now - seen > settings.ACCOUNTS_SESSION_IDLE_TIMEOUT:
        return "idle"
    return ""


def session_touch(*, request: HttpRequest) -> None:
    session = request.session
    now = _now()
    session.setdefault(STARTED_AT, now)
    if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
        session[SEEN_AT] = now


def reauth_mark(*, request: HttpRequest) -> None:
    """The person has just given their password, and their code if they have a device."""
    request.session[REAUTH_AT] = _now()


def reauth_is_recent(*, request: HttpRequest) -> bool:
    at = request.session.get(REAUTH_AT)
    return at is not None and _now() - at <= settings.ACCOUNTS_REAUTH_MAX_AGE
