"""Public "Suggest a group" and "Report something wrong": no account, rate-limited per
address (counted in the cache under a keyed hash, so no address is stored), with a
honeypot and a minimum fill time instead of a third-party CAPTCHA."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from directory import selectors, services
from directory.forms_public import ReportForm, SuggestionForm, client_fingerprint

_WINDOW_SECONDS = 3600


def _rate_key(request, kind: str) -> str:
    return f"listings-public-form:{kind}:{client_fingerprint(request)}"


def _is_rate_limited(request, kind: str) -> bool:
    return (
        cache.get(_rate_key(request, kind)) or 0
    ) >= settings.LISTINGS_PUBLIC_FORM_LIMIT_PER_HOUR


def _count_submission(request, kind: str) -> None:
    key = _rate_key(request, kind)
    if not cache.add(key, 1, _WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, _WINDOW_SECONDS)


def _handle(request, *, kind: str, form_class, template: str, context: dict, save):
    """GET shows the form; POST checks limits and spam signals, then calls ``save``.

    A refused submission shows the form again with what was typed, so nothing is lost.
    """
    limited = request.method == "POST" and _is_rate_limited(request, kind)
    if request.method != "POST":
        form = form_class()
    else:
        form = form_class(request.POST)
        if not limited and form.is_honeypot_filled():
            # Looks accepted to the bot, stores nothing.
            _count_submission(request, kind)
            return redirect("directory:public_form_thanks")
        if not limited and form.is_valid():
            save(form.cleaned_data)
            _count_submission(request, kind)
            return redirect("directory:public_form_thanks")
    return TemplateResponse(
        request,
        template,
        {
            **context,
            "form": form,
            "rate_limited": limited,
            "error_forms": [form] if form.is_bound and not limited and form.errors else [],
        },
        status=429 if limited else 200,
    )


@require_http_methods(["GET", "POST"])
def suggest_group(request):
    def save(data: dict) -> None:
        services.suggestion_create(
            name=data["name"],
            description=data["description"],
            area=data["area"],
            website=data["website"],
            contact_email=data["contact_email"],
        )

    return _handle(
        request,
        kind="suggest",
        form_class=SuggestionForm,
        template="directory/suggest.html",
        context={},
        save=save,
    )


@require_http_methods(["GET", "POST"])
def report_listing(request, pk):
    service = selectors.service_get_public(pk)

    def save(data: dict) -> None:
        services.listing_report_create(
            service=service, message=data["message"], contact_email=data["contact_email"]
        )

    return _handle(
        request,
        kind="report",
        form_class=ReportForm,
        template="directory/report.html",
        context={"service": service},
        save=save,
    )


def public_form_thanks(request):
    return TemplateResponse(request, "directory/public_form_thanks.html", {})
