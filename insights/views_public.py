"""Public transparency pages: no sign-in, only disclosed figures, plain words.

An area's page covers referrals in that local authority; an organisation's page exists
only while the organisation publishes its figures (404 otherwise, the same answer as for an
organisation that does not exist). Pages for anonymous visitors may be cached by browsers
and proxies for PUBLIC_PAGE_CACHE_SECONDS: they set no cookie and carry no form token.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from insights.forms import PublicFilterForm
from insights.transparency import (
    area_get,
    areas_in_directory,
    organisation_get_published,
    organisations_published,
)
from insights.views import figure_entries, filtered, query_suffix, table_download


def public_page(view):
    """GET/HEAD only; cacheable by anyone for anonymous visitors, private otherwise (the
    header then shows the person's own menu)."""

    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated or response.status_code != 200:
            patch_cache_control(response, private=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapped


def _figures_page(request, template: str, context: dict, csv_url_for, **scope) -> HttpResponse:
    form = PublicFilterForm(request.GET)
    filters, by = filtered(form, **scope)
    entries = figure_entries(filters, by, csv_url_for) if filters is not None else []
    context.update(
        {
            "form": form,
            "error_forms": [form] if form.errors else [],
            "entries": entries,
            "period_text": form.period_text() if filters is not None else "",
        }
    )
    return TemplateResponse(request, template, context)


@public_page
def transparency_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "insights/transparency/index.html",
        {"areas": areas_in_directory(), "organisations": organisations_published()},
    )


@public_page
def transparency_area(request: HttpRequest, code: str) -> HttpResponse:
    code, name = area_get(code)
    suffix = query_suffix(request)
    return _figures_page(
        request,
        "insights/transparency/area.html",
        {"area_code": code, "area_name": name},
        lambda key: reverse("insights:transparency_area_csv", args=[code, key]) + suffix,
        area=code,
    )


@public_page
def transparency_area_csv(request: HttpRequest, code: str, key: str) -> HttpResponse:
    code, name = area_get(code)
    return table_download(PublicFilterForm(request.GET), key, name, area=code)


@public_page
def transparency_organisation(request: HttpRequest, pk) -> HttpResponse:
    organisation = organisation_get_published(pk)
    suffix = query_suffix(request)
    return _figures_page(
        request,
        "insights/transparency/organisation.html",
        {"organisation": organisation},
        lambda key: reverse("insights:transparency_organisation_csv", args=[pk, key]) + suffix,
        organisation_id=str(organisation.pk),
    )


@public_page
def transparency_organisation_csv(request: HttpRequest, pk, key: str) -> HttpResponse:
    organisation = organisation_get_published(pk)
    return table_download(
        PublicFilterForm(request.GET),
        key,
        organisation.name,
        organisation_id=str(organisation.pk),
    )
