"""Reads for the API and the token pages, built on referrals.selectors so the rules stay
there: a token sees what the user it acts as may see, narrowed to its owner (a group's
token: that group's inbox only; a professional's token: their own referrals only)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Organisation
from referrals.models import ApiToken, Referral
from referrals.selectors import (
    referral_get_for_user,
    referrals_for_organisation,
    referrals_made_by,
)

API_READ_REASON = "api"


def api_referrals(*, token: ApiToken, user) -> QuerySet[Referral]:
    if token.organisation_id is not None:
        return referrals_for_organisation(user=user, organisation=token.organisation_id)
    return referrals_made_by(user)


def api_referral_get(*, token: ApiToken, user, pk: int) -> Referral:
    """The referral if the token may see it (Http404 otherwise), read through
    referral_get_for_user so a group's read is written to the access log (reason "api").
    The scope is checked first: a group token never logs a read of another group's
    referral, even one its creator could open in the pages."""
    if not api_referrals(token=token, user=user).filter(pk=pk).exists():
        raise Http404
    return referral_get_for_user(user, pk, reason=API_READ_REASON)


def api_tokens_for_organisation(organisation: Organisation) -> QuerySet[ApiToken]:
    """Call with an organisation fetched by directory.selectors.organisation_get_for_admin."""
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")


def api_token_get_for_organisation(organisation: Organisation, pk) -> ApiToken:
    return get_object_or_404(api_tokens_for_organisation(organisation), pk=pk)


def api_tokens_for_user(user) -> QuerySet[ApiToken]:
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk)


def api_token_get_for_user(user, pk) -> ApiToken:
    return get_object_or_404(api_tokens_for_user(user), pk=pk)
