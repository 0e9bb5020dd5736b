from __future__ import annotations

from django.urls import path
from django.views.generic import TemplateView

from directory import views, views_curate, views_manage, views_public_forms, views_send

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("services/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("organisations/<uuid:pk>/", views.organisation_detail, name="organisation_detail"),
    # Public forms: no account needed.
    path("suggest-a-group/", views_public_forms.suggest_group, name="suggest_group"),
    path("services/<uuid:pk>/report/", views_public_forms.report_listing, name="report_listing"),
    path("services/<uuid:pk>/send/", views_send.send_details, name="send_details"),
    path("thank-you/", views_public_forms.public_form_thanks, name="public_form_thanks"),
    path(
        "help-with-translations/",
        TemplateView.as_view(template_name="pages/translations.html"),
        name="translations_help",
    ),
    # Joining a group's workspace.
    path("organisations/<uuid:pk>/claim/", views_manage.claim_request, name="claim_request"),
    path("invitations/<str:token>/", views_manage.invitation_accept, name="invitation_accept"),
    # A group's workspace.
    path("manage/", views_manage.manage_home, name="manage_home"),
    path(
        "manage/organisations/<uuid:pk>/",
        views_manage.manage_organisation,
        name="manage_organisation",
    ),
    path(
        "manage/organisations/<uuid:pk>/edit/",
        views_manage.organisation_edit,
        name="manage_organisation_edit",
    ),
    path(
        "manage/organisations/<uuid:pk>/invitations/",
        views_manage.invitation_create,
        name="manage_invitation_create",
    ),
    path(
        "manage/invitations/<int:pk>/revoke/",
        views_manage.invitation_revoke,
        name="manage_invitation_revoke",
    ),
    path(
        "manage/members/<int:pk>/remove/", views_manage.member_remove, name="manage_member_remove"
    ),
    path(
        "manage/organisations/<uuid:pk>/services/new/",
        views_manage.service_create,
        name="manage_service_create",
    ),
    path("manage/services/<uuid:pk>/edit/", views_manage.service_edit, name="manage_service_edit"),
    path(
        "manage/services/<uuid:pk>/capacity/",
        views_manage.service_capacity,
        name="manage_service_capacity",
    ),
    path(
        "manage/services/<uuid:pk>/confirm/",
        views_manage.service_confirm,
        name="manage_service_confirm",
    ),
    path("manage/changes/<int:pk>/", views_manage.change_detail, name="manage_change"),
    # Curators.
    path("curate/", views_curate.curate_home, name="curate_home"),
    path("curate/changes/<int:pk>/", views_curate.change_review, name="curate_change"),
    path("curate/claims/<int:pk>/", views_curate.claim_review, name="curate_claim"),
    path("curate/suggestions/<int:pk>/", views_curate.suggestion_review, name="curate_suggestion"),
    path("curate/reports/<int:pk>/", views_curate.report_review, name="curate_report"),
    path("curate/translations/", views_curate.translations, name="curate_translations"),
    path("curate/accounts/", views_curate.accounts_find, name="curate_accounts"),
    path("curate/accounts/<int:pk>/", views_curate.account_review, name="curate_account"),
    path(
        "curate/organisations/<uuid:pk>/history/",
        views_curate.listing_history,
        name="curate_history",
    ),
]
