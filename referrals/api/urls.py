"""/api/v1/ routes. Ids are matched as text and checked in the view, so a malformed id
gets the API's JSON 404 rather than the site's HTML page."""

from __future__ import annotations

from django.urls import path

from referrals.api import views

app_name = "api"

urlpatterns = [
    path("token/", views.TokenInfoView.as_view(), name="token"),
    path("referrals/", views.ReferralListView.as_view(), name="referral_list"),
    path("referrals/<str:id>/", views.ReferralDetailView.as_view(), name="referral_detail"),
    path("referrals/<str:id>/notes/", views.NoteCreateView.as_view(), name="referral_notes"),
    *[
        path(f"referrals/<str:id>/{name}/", view.as_view(), name=f"referral_{name}")
        for name, view in views.MOVE_VIEWS.items()
    ],
]
