"""Referral URLs: API tokens, for a group (its admins) and for a professional."""

from __future__ import annotations

from django.urls import path

from referrals import views_tokens

urlpatterns = [
    path(
        "manage/organisations/<uuid:pk>/api-tokens/",
        views_tokens.organisation_tokens,
        name="organisation_api_tokens",
    ),
    path(
        "manage/organisations/<uuid:pk>/api-tokens/<int:token_pk>/revoke/",
        views_tokens.organisation_token_revoke,
        name="organisation_api_token_revoke",
    ),
    path("referrals/api-tokens/", views_tokens.my_tokens, name="my_api_tokens"),
    path(
        "referrals/api-tokens/<int:token_pk>/revoke/",
        views_tokens.my_token_revoke,
        name="my_api_token_revoke",
    ),
]
