"""Insights pages: dashboards, transparency and downloads."""

from __future__ import annotations

from django.urls import path

from insights import views_monitoring

app_name = "insights"

urlpatterns: list = [
    # monitoring
    path(
        "r/<str:token>/about-you/",
        views_monitoring.status_questions,
        name="monitoring_status",
    ),
    path(
        "r/<str:token>/about-you/thank-you/",
        views_monitoring.status_done,
        name="monitoring_status_done",
    ),
    path(
        "r/<str:token>/about-you/remove/",
        views_monitoring.status_withdraw,
        name="monitoring_status_withdraw",
    ),
    path(
        "referrals/<int:pk>/about-you/",
        views_monitoring.referral_questions,
        name="monitoring_referral",
    ),
    path(
        "referrals/<int:pk>/about-you/thank-you/",
        views_monitoring.referral_done,
        name="monitoring_referral_done",
    ),
    path(
        "referrals/<int:pk>/about-you/remove/",
        views_monitoring.referral_withdraw,
        name="monitoring_referral_withdraw",
    ),
    # end monitoring
]
