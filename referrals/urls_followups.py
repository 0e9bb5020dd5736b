"""Referral URLs: one-tap follow-up links (/f/<token>/, /f/<token>/<answer>/)."""

from __future__ import annotations

from django.urls import path

from referrals import views_followups

urlpatterns: list = [
    path("f/<str:token>/", views_followups.followup_link, name="followup_link"),
    path("f/<str:token>/<slug:answer>/", views_followups.followup_link, name="followup_answer"),
]
