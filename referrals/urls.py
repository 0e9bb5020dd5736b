"""Referral pages. Each part keeps its own list so the pieces can grow apart."""

from __future__ import annotations

from referrals.urls_followups import urlpatterns as followup_patterns
from referrals.urls_pages import urlpatterns as page_patterns
from referrals.urls_tokens import urlpatterns as token_patterns

app_name = "referrals"

urlpatterns = page_patterns + followup_patterns + token_patterns
