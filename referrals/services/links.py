"""Private status links: a random token given once, a SHA-256 hash kept."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from referrals.models import Referral, StatusLink


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def status_link_create(*, referral: Referral, holder: str) -> str:
    """Make the link and return its token: the only time the token exists in clear."""
    token = secrets.token_urlsafe(32)
    StatusLink.objects.create(referral=referral, holder=holder, token_hash=token_hash(token))
    return token


def language_prefix(language: str) -> str:
    """ "/ur" for a page in Urdu; nothing for English (the bare addresses) or a language
    the site does not speak. Links sent to people open in the language they chose."""
    codes = {code for code, _name in settings.LANGUAGES}
    if not language or language == settings.LANGUAGE_CODE or language not in codes:
        return ""
    return f"/{language}"


def status_link_url(token: str, language: str = "") -> str:
    # The public path is fixed by the design (/r/<token>/) so links already sent keep
    # working; a language prefix (/ur/r/<token>/) opens it in the person's language.
    base = settings.REFERRALS_LINK_BASE_URL.rstrip("/")
    return f"{base}{language_prefix(language)}/r/{token}/"


def status_link_find(token: str) -> StatusLink | None:
    if not token or len(token) > 100:
        return None
    link = (
        StatusLink.objects.select_related("referral", "referral__service")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is not None:
        StatusLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link
