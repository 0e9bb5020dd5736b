from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import forms, selectors, services, sessions
from accounts.access import (
    curator_required,
    reauth_required,
    request_is_verified,
    user_is_approved_professional,
    user_is_curator,
    user_needs_mfa,
)
from accounts.models import AllowedEmailDomain, ProfessionalStatus, User
from accounts.qr import qr_svg

NEW_CODES = "accounts_new_recovery_codes"
WRONG_CODE = gettext_noop(
    "The code is not right. Try the newest code in your app, or a recovery code"
)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# --- Signing in and out ------------------------------------------------------------------


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        if request_is_verified(request) or not selectors.user_has_mfa_device(user=request.user):
            return redirect(_next_url(request))
        return redirect(_with_next("accounts:otp", request))
    form = forms.SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            login(request, user)
            if selectors.user_has_mfa_device(user=user):
                return redirect(_with_next("accounts:otp", request))
            sessions.reauth_mark(request=request)
            return redirect(_next_url(request))
        form.add_error(None, _("Enter a correct email address or username and password"))
    ended_because = request.session.pop(sessions.ENDED_BECAUSE, "")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": _next_url(request), "ended_because": ended_because},
    )


def otp(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(_with_next("accounts:sign_in", request))
    if request_is_verified(request):
        return redirect(_next_url(request))
    if not selectors.user_has_mfa_device(user=request.user):
        return redirect(_with_next("accounts:mfa_setup", request))
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, services.normalise_code(form.cleaned_data["code"]))
        if device is not None:
            otp_login(request, device)
            sessions.reauth_mark(request=request)
            return redirect(_next_url(request))
        form.add_error("code", _(WRONG_CODE))
    return render(request, "accounts/otp.html", {"form": form, "next": _next_url(request)})


def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return render(request, "accounts/signed_out.html")
    return render(request, "accounts/sign_out.html")


def reauth(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(_with_next("accounts:sign_in", request))
    with_code = selectors.user_has_mfa_device(user=request.user)
    form = forms.ReauthForm(request.POST or None, with_code=with_code)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        if user is None or user.pk != request.user.pk:
            form.add_error("password", _("The password is not right"))
        elif with_code:
            device = match_token(user, services.normalise_code(form.cleaned_data["code"]))
            if device is None:
                form.add_error("code", _(WRONG_CODE))
            else:
                otp_login(request, device)
        if not form.errors:
            sessions.reauth_mark(request=request)
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/reauth.html",
        {"form": form, "next": _next_url(request), "with_code": with_code},
    )


# --- Professional sign-up --------------------------------------------------------------


def sign_up(request: HttpRequest) -> HttpResponse:
    form = forms.ProfessionalSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.professional_sign_up(
                email=data["email"],
                password=data["new_password1"],
                display_name=data["display_name"],
                job_title=data["job_title"],
                employer=data["employer"],
                site_url=_site_url(request),
            )
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            return redirect("accounts:check_email")
    return render(request, "accounts/sign_up.html", {"form": form})


def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_email.html")


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A button, not an action on GET: email scanners follow links, people press buttons."""
    if request.method != "POST":
        return render(request, "accounts/confirm.html", {"token": token})
    try:
        user = services.professional_confirm_email(token=token)
    except services.InvalidToken:
        return render(request, "accounts/link_invalid.html", status=400)
    return render(
        request,
        "accounts/confirmed.html",
        {"approved": user.professional_status == ProfessionalStatus.APPROVED},
    )


# --- MFA -------------------------------------------------------------------------------


@login_required
@reauth_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:account")
    device = services.totp_device_start(user=request.user)
    form = forms.SetUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(device=device, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            sessions.reauth_mark(request=request)
            request.session[NEW_CODES] = codes
            return redirect(_with_next("accounts:recovery_codes", request))
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "secret": _grouped(selectors.totp_secret(device=device)),
            "qr": qr_svg(data=device.config_url, title=_("QR code for your authenticator app")),
            "next": _next_url(request),
            "required": user_needs_mfa(request.user),
        },
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("accounts:account")
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@login_required
@require_POST
@reauth_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    if not selectors.user_has_mfa_device(user=request.user):
        return redirect("accounts:mfa_setup")
    request.session[NEW_CODES] = services.recovery_codes_regenerate(user=request.user)
    return redirect("accounts:recovery_codes")


@login_required
@require_POST
@reauth_required
def mfa_remove(request: HttpRequest) -> HttpResponse:
    services.mfa_devices_remove(user=request.user)
    return redirect("accounts:account")


# --- Account ---------------------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "totp": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
            "codes_left": selectors.recovery_codes_left(user=user),
            "needs_mfa": user_needs_mfa(user),
            "is_professional": user_is_approved_professional(user),
            "is_curator": user_is_curator(user),
        },
    )


@login_required
@reauth_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = forms.SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["new_password1"])
        request.user.save(update_fields=["password"])
        # Other sessions end (their password hash no longer matches); this one stays.
        update_session_auth_hash(request, request.user)
        return render(request, "accounts/password_changed.html")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@reauth_required
def email_change(request: HttpRequest) -> HttpResponse:
    form = forms.EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.email_change_request(
            user=request.user, new_email=form.cleaned_data["email"], site_url=_site_url(request)
        )
        return render(request, "accounts/check_email.html", {"email_change": True})
    return render(request, "accounts/email_change.html", {"form": form})


@login_required
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/email_confirm.html", {"token": token})
    try:
        services.email_change_confirm(token=token, user=request.user)
    except services.InvalidToken:
        return render(request, "accounts/link_invalid.html", status=400)
    return redirect("accounts:account")


# --- Curators ---------------------------------------------------------------------------


def _curate_page(
    request: HttpRequest, *, reject_forms: dict | None = None, domain_form=None, status=200
) -> HttpResponse:
    reject_forms = reject_forms or {}
    pending = [
        (person, reject_forms.get(person.pk) or forms.RejectForm(prefix=f"p{person.pk}"))
        for person in selectors.professionals_pending_approval()
    ]
    return render(
        request,
        "accounts/curate_professionals.html",
        {
            "pending": pending,
            "domains": selectors.allowed_email_domains(),
            "domain_form": domain_form or forms.AllowedDomainForm(),
        },
        status=status,
    )


@curator_required
def curate_professionals(request: HttpRequest) -> HttpResponse:
    return _curate_page(request)


def _pending(pk: int) -> User:
    return get_object_or_404(selectors.professionals_pending_approval(), pk=pk)


@curator_required
@require_POST
def curate_approve(request: HttpRequest, pk: int) -> HttpResponse:
    services.professional_approve(user=_pending(pk), by=request.user)
    return redirect("accounts:curate_professionals")


@curator_required
@require_POST
def curate_reject(request: HttpRequest, pk: int) -> HttpResponse:
    person = _pending(pk)
    form = forms.RejectForm(request.POST, prefix=f"p{person.pk}")
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        services.professional_reject(user=person, by=request.user, reason=reason)
        return redirect("accounts:curate_professionals")
    return _curate_page(request, reject_forms={person.pk: form}, status=400)


@curator_required
@require_POST
def curate_domain_add(request: HttpRequest) -> HttpResponse:
    form = forms.AllowedDomainForm(request.POST)
    if form.is_valid():
        try:
            services.allowed_domain_add(
                domain=form.cleaned_data["domain"], note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            form.add_error("domain", error)
        else:
            return redirect("accounts:curate_professionals")
    return _curate_page(request, domain_form=form, status=400)


@curator_required
@require_POST
def curate_domain_remove(request: HttpRequest, pk: int) -> HttpResponse:
    services.allowed_domain_remove(
        domain=get_object_or_404(AllowedEmailDomain, pk=pk), by=request.user
    )
    return redirect("accounts:curate_professionals")
