"""Finding services: one selector behind the search page and the ORUK API.

    result = services_search(params=request.GET)
    result.form, result.errors      # the validated parameters, errors per field
    result.queryset                 # public services, ordered, annotated rank, distance_m
    result.place                    # the postcode's Place, or None

Modules: ``query`` reads the search text, ``synonyms`` widens it, ``filters`` holds the
FilterSet (usable on its own by the API), ``querysets`` builds the narrowing pieces and
``sql`` keeps every PostgreSQL-specific expression.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import FloatField, Prefetch, QuerySet, Value
from django.http import QueryDict

from directory.models import Service, ServiceAtLocation, TaxonomyTerm
from directory.search.filters import ServiceSearchFilterSet
from directory.search.querysets import TextSearch
from directory.selectors import services_public

if TYPE_CHECKING:
    from django.forms import Form

    from directory.postcodes import Place

__all__ = ["SearchResult", "ServiceSearchFilterSet", "services_search", "services_searchable"]


@dataclass(frozen=True)
class SearchResult:
    filterset: ServiceSearchFilterSet
    queryset: QuerySet[Service]
    place: Place | None
    text_search: TextSearch | None

    @property
    def form(self) -> Form:
        return self.filterset.form

    @property
    def errors(self):
        return self.filterset.form.errors

    @property
    def is_bound(self) -> bool:
        """True when any search parameter was given (an empty form shows no results)."""
        fields = self.filterset.form.fields
        return any(self.filterset.data.get(name) for name in fields)

    @property
    def is_valid(self) -> bool:
        return self.filterset.is_valid()

    @property
    def fuzzy(self) -> bool:
        """True when names similar to the words (typos) were included."""
        return bool(self.text_search and self.text_search.fuzzy)


def services_searchable() -> QuerySet[Service]:
    """Public services with what a results page shows, fetched in a fixed number of queries."""
    return (
        services_public()
        .defer("search_vector")
        .select_related("organisation")
        .prefetch_related(
            Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
            "languages",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            ),
        )
    )


def services_search(*, params: dict | QueryDict, now: dt.datetime | None = None) -> SearchResult:
    """Validate ``params`` and find the public services that match.

    ``now`` (timezone-aware) is the moment ``open_now`` and ``open_on`` refer to; it
    defaults to ``timezone.now()``. Invalid parameters give an empty queryset and errors
    on the form, never an exception.
    """
    filterset = ServiceSearchFilterSet(
        data=_as_query_dict(params), queryset=services_searchable(), now=now
    )
    if filterset.is_valid():
        queryset = filterset.qs
    else:
        queryset = (
            services_searchable()
            .none()
            .annotate(
                rank=Value(0.0, output_field=FloatField()),
                distance_m=Value(None, output_field=FloatField()),
            )
        )
    return SearchResult(
        filterset=filterset,
        queryset=queryset,
        place=filterset.place,
        text_search=filterset.text_search,
    )


def _as_query_dict(params: dict | QueryDict) -> QueryDict:
    """Read a plain dict like a query string: lists are repeated parameters, other values
    are text, so callers get the same validation as the web form."""
    if isinstance(params, QueryDict):
        return params
    data = QueryDict(mutable=True)
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        data.setlist(str(key), [str(v) for v in values if v is not None])
    return data
