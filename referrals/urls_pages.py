"""Referral URLs: pages. The public paths (/services/<uuid>/refer/, /r/<token>/,
/referrals/) are fixed by the design: people bookmark them and links already sent
must keep working."""

from __future__ import annotations

from django.urls import path

from referrals import views_inbox, views_pages

urlpatterns: list = [
    path("services/<uuid:pk>/refer/", views_pages.refer_start, name="refer_start"),
    path("services/<uuid:pk>/refer/myself/", views_pages.refer_self, name="refer_self"),
    path("services/<uuid:pk>/refer/friend/", views_pages.refer_peer, name="refer_peer"),
    path(
        "services/<uuid:pk>/refer/professional/",
        views_pages.refer_professional,
        name="refer_professional",
    ),
    path("services/<uuid:pk>/refer/sent/", views_pages.refer_sent, name="refer_sent"),
    path("r/<str:token>/", views_pages.status_page, name="status"),
    path("r/<str:token>/confirm/", views_pages.status_confirm, name="status_confirm"),
    path("r/<str:token>/withdraw/", views_pages.status_withdraw, name="status_withdraw"),
    path(
        "manage/organisations/<uuid:pk>/referrals/",
        views_inbox.inbox,
        name="inbox",
    ),
    path("referrals/", views_inbox.my_referrals, name="my_referrals"),
    path("referrals/<int:pk>/", views_inbox.referral_page, name="referral"),
    path(
        "referrals/<int:pk>/<slug:action>/",
        views_inbox.referral_action,
        name="referral_action",
    ),
]
