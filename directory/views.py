from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.functional import cached_property

from directory import selectors
from directory.caching import cache_public_page
from directory.search import services_search
from directory.search.filters import DEFAULT_RADIUS_MILES, RADIUS_CHOICES
from directory.signals import search_no_results
from directory.translations import translations_prefetch

RESULTS_PER_PAGE = 20
ALTERNATIVES_SHOWN = 5
# Parameters that describe where and what; everything else narrows the results.
_WHAT_AND_WHERE = {"q", "postcode", "radius", "sort", "page"}
_SHOW_ONLY = ("accepting", "free", "open_now")


class CappedPaginator(Paginator):
    """Counts at most ``cap`` results: counting every match of a broad search costs as
    much as ranking them, and nobody reads past page 50. The page says "more than 1,000"."""

    @property
    def cap(self) -> int:
        return settings.SEARCH_RESULTS_COUNT_CAP

    @cached_property
    def count(self) -> int:
        return min(self.object_list.order_by()[: self.cap + 1].count(), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        shown = min(self.count, self.cap)
        return max(1, -(-shown // self.per_page))


@cache_public_page
def home(request):
    return TemplateResponse(
        request,
        "directory/home.html",
        {
            "counts": selectors.directory_counts(),
            "service_types": selectors.service_types_public(),
        },
    )


@cache_public_page
def search(request):
    result = services_search(params=request.GET)
    form = result.form
    flags = [form[name] for name in _SHOW_ONLY]
    context = {
        "result": result,
        "form": form,
        "place": result.place,
        "flag_fields": [(f, f.field.widget.check_test(f.value())) for f in flags],
        "flag_errors": any(f.errors for f in flags),
        "default_radius": DEFAULT_RADIUS_MILES,
        "language_choices": selectors.languages_in_use_cached(),
    }
    if result.is_bound and result.is_valid:
        paginator = CappedPaginator(result.queryset, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        # The page's language only: one query for the whole page.
        page_obj.object_list = list(page_obj.object_list)
        prefetch_related_objects(
            page_obj.object_list, translations_prefetch(translation.get_language())
        )
        context["page_obj"] = page_obj
        context["filters_applied"] = _filters_applied(request.GET)
        if paginator.count == 0:
            context.update(_widening(request.GET, result))
            search_no_results.send(search, form_data=result.form.cleaned_data, place=result.place)
    return TemplateResponse(request, "directory/search.html", context)


def _filters_applied(params) -> bool:
    return any(
        value for key in params if key not in _WHAT_AND_WHERE for value in params.getlist(key)
    )


def _widening(params, result) -> dict:
    """Ways out of an empty page: a wider radius, fewer filters, and services nearby or
    online that would have matched a broader search."""
    radius_options = [miles for miles, _ in RADIUS_CHOICES]
    data = result.form.cleaned_data
    wider_radius = None
    if result.place is not None:
        current = data.get("radius") or 10
        wider_radius = next((m for m in radius_options if m > current), None)
    alternatives = []
    if data.get("q") or _filters_applied(params):
        broader = {"access_mode": ["online", "phone"], "q": data.get("q") or ""}
        alternatives = list(services_search(params=broader).queryset[:ALTERNATIVES_SHOWN])
    nearby = []
    if result.place is not None:
        nearby = list(
            services_search(params={"postcode": params.get("postcode"), "radius": "25"}).queryset[
                :ALTERNATIVES_SHOWN
            ]
        )
    return {
        "wider_radius": wider_radius,
        "online_alternatives": alternatives,
        "nearby_alternatives": nearby,
    }


def service_detail(request, pk):
    service = selectors.service_get_public(pk)
    return TemplateResponse(request, "directory/service_detail.html", {"service": service})


def organisation_detail(request, pk):
    organisation = selectors.organisation_get_public(pk)
    return TemplateResponse(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "services": _with_translations(selectors.organisation_services_public(organisation)),
        },
    )


def _with_translations(services):
    services = list(services)
    prefetch_related_objects(services, translations_prefetch(translation.get_language()))
    return services
