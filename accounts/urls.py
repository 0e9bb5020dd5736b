from __future__ import annotations

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.otp, name="otp"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("confirm-it-is-you/", views.reauth, name="reauth"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", views.check_email, name="check_email"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("mfa/set-up/", views.mfa_setup, name="mfa_setup"),
    path("mfa/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("mfa/recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("mfa/remove/", views.mfa_remove, name="mfa_remove"),
    path("password/", views.password_change, name="password_change"),
    path("email/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("curate/professionals/", views.curate_professionals, name="curate_professionals"),
    path("curate/professionals/<int:pk>/approve/", views.curate_approve, name="curate_approve"),
    path("curate/professionals/<int:pk>/reject/", views.curate_reject, name="curate_reject"),
    path("curate/professionals/domains/", views.curate_domain_add, name="curate_domain_add"),
    path(
        "curate/professionals/domains/<int:pk>/remove/",
        views.curate_domain_remove,
        name="curate_domain_remove",
    ),
]
