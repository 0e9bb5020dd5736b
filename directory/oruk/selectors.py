"""What the ORUK API and the exporter read: public records only, with every related
record prefetched so a page costs a fixed number of queries however long it is."""

from __future__ import annotations

from django.db.models import FloatField, Prefetch, QuerySet, Value
from django.shortcuts import get_object_or_404

from directory.models import (
    Attribute,
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.oruk.params import OrukQuery
from directory.search import services_search, sql
from directory.selectors import services_public

PHONES = Prefetch("phones", queryset=Phone.objects.prefetch_related("languages"))
LOCATION_RELATED = ("addresses", "accessibility", PHONES, "languages")


def _locations() -> QuerySet[Location]:
    return Location.objects.prefetch_related(*LOCATION_RELATED)


def with_nested(queryset: QuerySet[Service], *, locations: bool = True) -> QuerySet[Service]:
    """Services with everything ``mapping.service_to_oruk`` reads, prefetched."""
    related = [
        "organisation__identifiers",
        "organisation__translations",
        "translations",
        "schedules",
        "service_areas",
        "languages",
        "funding",
        "cost_options",
        Prefetch("contacts", queryset=Contact.objects.prefetch_related(PHONES)),
        PHONES,
        Prefetch(
            "attributes",
            queryset=Attribute.objects.select_related("taxonomy_term__taxonomy"),
        ),
    ]
    if locations:
        related.append(
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.prefetch_related(
                    Prefetch("location", queryset=_locations()), "schedules"
                ),
            )
        )
    # Drop the search page's own prefetches: these replace them.
    return (
        queryset.defer("search_vector")
        .select_related("organisation")
        .prefetch_related(None)
        .prefetch_related(*related)
    )


def services_oruk(*, query: OrukQuery) -> QuerySet[Service]:
    """Public services matching the ORUK parameters, through the same search selector as
    the web pages; the ORUK-only parameters narrow its result."""
    result = services_search(params=query.search_params())
    queryset = result.queryset
    if query.taxonomy_term_id:
        queryset = queryset.filter(
            pk__in=Attribute.objects.filter(taxonomy_term_id=query.taxonomy_term_id).values(
                "service_id"
            )
        )
    if query.taxonomy_id:
        queryset = queryset.filter(
            pk__in=Attribute.objects.filter(taxonomy_term__taxonomy_id=query.taxonomy_id).values(
                "service_id"
            )
        )
    if query.minimum_age is not None:
        queryset = queryset.filter(minimum_age__gte=query.minimum_age)
    if query.maximum_age is not None:
        queryset = queryset.filter(maximum_age__lte=query.maximum_age)
    if query.modified_after is not None:
        queryset = queryset.filter(last_modified__gte=query.modified_after)
    if query.start_time is not None or query.end_time is not None:
        queryset = queryset.filter(pk__in=_services_with_times(query))
    return queryset


def _services_with_times(query: OrukQuery):
    """Services with a schedule (their own or at a location) opening at or after
    ``start_time`` and closing at or before ``end_time``, on ``day`` when given."""
    schedules = Schedule.objects.all()
    if query.start_time is not None:
        schedules = schedules.filter(opens_at__gte=query.start_time)
    if query.end_time is not None:
        schedules = schedules.filter(closes_at__lte=query.end_time)
    if query.day:
        schedules = schedules.filter(byday__regex=rf"(^|,)[-+]?[0-9]?{query.day}(,|$)")
    return (
        schedules.filter(service__isnull=False)
        .values("service_id")
        .union(
            schedules.filter(service_at_location__isnull=False).values(
                "service_at_location__service_id"
            )
        )
    )


def service_get_oruk(pk) -> Service:
    """A public service, fully nested, or 404."""
    return get_object_or_404(with_nested(services_public()), pk=pk)


def services_at_locations_oruk(*, query: OrukQuery) -> QuerySet[ServiceAtLocation]:
    """Services at locations of the matching public services, nearest first when a
    postcode was given; ``proximity`` (metres) keeps only locations that close."""
    services = services_oruk(query=query)
    queryset = ServiceAtLocation.objects.filter(service__in=services.order_by().values("pk"))
    place = query.place
    if place is not None:
        centre = sql.place_point(place.latitude, place.longitude)
        point = sql.location_point("location__")
        queryset = queryset.annotate(distance_m=sql.EarthDistance(centre, point))
        if query.proximity is not None:
            queryset = queryset.filter(
                location__latitude__isnull=False, distance_m__lte=query.proximity
            )
        order = ["distance_m", "service__name", "pk"]
    else:
        queryset = queryset.annotate(distance_m=Value(None, output_field=FloatField()))
        order = ["service__name", "location__name", "pk"]
    return sal_with_nested(queryset).order_by(*order)


def sal_with_nested(queryset: QuerySet[ServiceAtLocation]) -> QuerySet[ServiceAtLocation]:
    services = with_nested(Service.objects.all(), locations=False)
    return queryset.prefetch_related(
        Prefetch("location", queryset=_locations()),
        "schedules",
        Prefetch("service", queryset=services),
    )


def service_at_location_get_oruk(pk) -> ServiceAtLocation:
    public = ServiceAtLocation.objects.filter(service__in=services_public().values("pk"))
    return get_object_or_404(sal_with_nested(public), pk=pk)


def taxonomies_oruk() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "pk")


def taxonomy_terms_oruk(*, taxonomy_id=None) -> QuerySet[TaxonomyTerm]:
    queryset = TaxonomyTerm.objects.select_related("taxonomy")
    if taxonomy_id:
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    return queryset.order_by("taxonomy__name", "display_order", "name", "pk")
