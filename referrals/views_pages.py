"""Public referral pages: choosing a route on a service, the three forms, the page after
sending, and the private status page (/r/<token>/) for people without an account.

Every rule is the services'; a refusal (ReferralError) is shown on the form with what was
typed kept. Personal fields are never logged: the form views hide POST data from error
reports, and the status views hide the token (which is in the path by design).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.access import professional_required, user_is_approved_professional
from directory.selectors import service_get_public
from referrals import services
from referrals.forms import (
    ConfirmForm,
    PeerReferralForm,
    ProfessionalReferralForm,
    SelfReferralForm,
    WithdrawForm,
    consent_wording,
)
from referrals.models import ConsentMethod, LinkHolder, Mismatch, Route, Status
from referrals.selectors import referral_get_by_status_token
from referrals.services import NotEligible, RateLimited, ReferralError

_SENT_SESSION_KEY = "referrals_sent"

ROUTE_SLUGS = {"myself": Route.SELF, "friend": Route.PEER, "professional": Route.PROFESSIONAL}
_FORMS = {
    Route.SELF: SelfReferralForm,
    Route.PEER: PeerReferralForm,
    Route.PROFESSIONAL: ProfessionalReferralForm,
}


def _route_open(service, route: str) -> bool:
    try:
        services.route_check(service=service, route=route)
    except ReferralError:
        return False
    return True


def _client_key(request: HttpRequest) -> str:
    # Only ever hashed by the rate limiter; never stored.
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def refer_start(request: HttpRequest, pk) -> HttpResponse:
    service = service_get_public(pk)
    routes = {slug: _route_open(service, route) for slug, route in ROUTE_SLUGS.items()}
    return TemplateResponse(
        request,
        "referrals/start.html",
        {
            "service": service,
            "routes": routes,
            "any_route": any(routes.values()),
            "is_professional": user_is_approved_professional(request.user),
        },
    )


def _mismatch_labels(service, form) -> list[str]:
    data = getattr(form, "cleaned_data", {}) or {}
    mismatches = services.referral_mismatches(
        service=service,
        age=data.get("age"),
        gender=data.get("gender") or "",
        local_area=data.get("local_area") or "",
    )
    return [str(Mismatch(m).label) for m in mismatches]


def _create(request: HttpRequest, *, service, form) -> services.ReferralCreated:
    if form.route == Route.SELF:
        return services.referral_create_self(
            service=service,
            person=form.person(),
            consent=form.consent_given(ConsentMethod.ONLINE),
            client_key=_client_key(request),
        )
    if form.route == Route.PEER:
        return services.referral_create_peer(
            service=service,
            referrer=form.referrer(),
            person=form.person(),
            client_key=_client_key(request),
        )
    referral = services.referral_create_professional(
        service=service,
        by=request.user,
        person=form.person(),
        consent=form.consent_given(form.cleaned_data["consent_method"]),
        eligibility_reason=form.cleaned_data["eligibility_reason"],
    )
    return services.ReferralCreated(referral=referral)


def _sent(request: HttpRequest, *, service, route: str, created) -> HttpResponse:
    if route == Route.PROFESSIONAL:
        messages.success(request, _("Referral sent to %(name)s.") % {"name": service.name})
        return redirect("referrals:referral", pk=created.referral.pk)
    # Shown once, on the next page; kept in the session only until then.
    request.session[_SENT_SESSION_KEY] = {
        "route": route,
        "url": created.status_url if created else "",
    }
    return redirect("referrals:refer_sent", pk=service.pk)


@sensitive_variables("form", "created")
def _referral_form(request: HttpRequest, pk, *, route: str) -> HttpResponse:
    service = service_get_public(pk)
    if not _route_open(service, route):
        raise Http404
    form_class = _FORMS[route]
    form = form_class(request.POST if request.method == "POST" else None)
    status, rate_limited, mismatches = 200, False, []
    if form.is_bound:
        if getattr(form, "is_honeypot_filled", lambda: False)():
            # Looks sent to a bot; nothing is stored.
            return _sent(request, service=service, route=route, created=None)
        if form.is_valid():
            try:
                created = _create(request, service=service, form=form)
            except RateLimited as error:
                rate_limited, status = error.message, 429
            except NotEligible as error:
                mismatches = _mismatch_labels(service, form)
                target = "eligibility_reason" if route == Route.PROFESSIONAL else None
                form.add_error(target, error.message)
            except ReferralError as error:
                form.add_error(None, error.message)
            else:
                return _sent(request, service=service, route=route, created=created)
        if form.errors and not mismatches and hasattr(form, "cleaned_data"):
            mismatches = _mismatch_labels(service, form)
    return TemplateResponse(
        request,
        "referrals/refer_form.html",
        {
            "service": service,
            "form": form,
            "route": route,
            "consent_wording": consent_wording(),
            "rate_limited": rate_limited,
            "mismatches": mismatches,
            "error_forms": [form] if form.errors else [],
        },
        status=status,
    )


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def refer_self(request: HttpRequest, pk) -> HttpResponse:
    return _referral_form(request, pk, route=Route.SELF)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def refer_peer(request: HttpRequest, pk) -> HttpResponse:
    return _referral_form(request, pk, route=Route.PEER)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def refer_professional(request: HttpRequest, pk) -> HttpResponse:
    service = service_get_public(pk)
    if not _route_open(service, Route.PROFESSIONAL):
        raise Http404
    return _professional_only(request, pk)


@professional_required
def _professional_only(request: HttpRequest, pk) -> HttpResponse:
    return _referral_form(request, pk, route=Route.PROFESSIONAL)


@never_cache
def refer_sent(request: HttpRequest, pk) -> HttpResponse:
    service = service_get_public(pk)
    sent = request.session.pop(_SENT_SESSION_KEY, None) or {}
    return TemplateResponse(
        request,
        "referrals/sent.html",
        {"service": service, "route": sent.get("route", ""), "status_url": sent.get("url", "")},
    )


# --- The private status page ----------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """never_cache already forbids storing. The Referer carries the origin only, so the
    token never leaves in one (the template has the matching meta tag). Not no-referrer:
    with it, browsers send "Origin: null" with the page's own forms (confirm, withdraw),
    and the CSRF check rightly refuses them."""
    response["Referrer-Policy"] = "strict-origin"
    return response


def _may_withdraw(referral) -> bool:
    return not referral.is_final and (
        referral.link_holder == LinkHolder.PERSON
        or (referral.link_holder == LinkHolder.REFERRER and referral.route == Route.SELF)
    )


def _may_confirm(referral) -> bool:
    return referral.link_holder == LinkHolder.PERSON and referral.status == Status.PENDING_CONSENT


def _status_page(request, token: str, referral, *, status: int = 200, **extra) -> HttpResponse:
    context = {
        "referral": referral,
        "token": token,
        "events": list(referral.events.all()),
        "may_withdraw": _may_withdraw(referral),
        "may_confirm": _may_confirm(referral),
        "is_person": referral.link_holder == LinkHolder.PERSON,
        "consent_wording": consent_wording(),
        **extra,
    }
    if context["may_confirm"]:
        context.setdefault("confirm_form", ConfirmForm())
    return _private(TemplateResponse(request, "referrals/status.html", context, status=status))


@never_cache
@sensitive_variables("token")
def status_page(request: HttpRequest, token: str) -> HttpResponse:
    referral = referral_get_by_status_token(token)
    return _status_page(request, token, referral)


@never_cache
@sensitive_variables("token")
@sensitive_post_parameters()
@require_http_methods(["POST"])
def status_confirm(request: HttpRequest, token: str) -> HttpResponse:
    referral = referral_get_by_status_token(token)
    if not _may_confirm(referral):
        raise Http404
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.referral_confirm_peer(
                token=token,
                consent=form.consent_given(ConsentMethod.STATUS_LINK),
                updates_to_person=form.cleaned_data["updates_to_person"],
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            return redirect("referrals:status", token=token)
    return _status_page(request, token, referral, confirm_form=form, error_forms=[form])


@never_cache
@sensitive_variables("token")
@require_http_methods(["GET", "POST"])
def status_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    referral = referral_get_by_status_token(token)
    if not _may_withdraw(referral):
        raise Http404
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.referral_withdraw(referral=referral, link_holder=referral.link_holder)
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            return redirect("referrals:status", token=token)
    return _private(
        TemplateResponse(
            request,
            "referrals/status_withdraw.html",
            {
                "referral": referral,
                "token": token,
                "form": form,
                "error_forms": [form] if form.errors else [],
            },
        )
    )
