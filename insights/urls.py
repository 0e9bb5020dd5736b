"""Insights pages: dashboards, transparency and downloads."""

from __future__ import annotations

from django.urls import path

from insights import views, views_monitoring, views_public

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

# dashboards
urlpatterns += [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/<slug:key>.csv", views.dashboard_csv, name="dashboard_csv"),
    path(
        "manage/organisations/<uuid:pk>/insights/",
        views.organisation_dashboard,
        name="organisation_dashboard",
    ),
    path(
        "manage/organisations/<uuid:pk>/insights/<slug:key>.csv",
        views.organisation_csv,
        name="organisation_csv",
    ),
    path(
        "manage/organisations/<uuid:pk>/insights/transparency/",
        views.organisation_transparency,
        name="organisation_transparency",
    ),
    path("transparency/", views_public.transparency_index, name="transparency_index"),
    path(
        "transparency/areas/<str:code>/",
        views_public.transparency_area,
        name="transparency_area",
    ),
    path(
        "transparency/areas/<str:code>/<slug:key>.csv",
        views_public.transparency_area_csv,
        name="transparency_area_csv",
    ),
    path(
        "transparency/organisations/<uuid:pk>/",
        views_public.transparency_organisation,
        name="transparency_organisation",
    ),
    path(
        "transparency/organisations/<uuid:pk>/<slug:key>.csv",
        views_public.transparency_organisation_csv,
        name="transparency_organisation_csv",
    ),
]
