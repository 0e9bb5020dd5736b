"""Reads of the directory. Views, the API and commands fetch through these."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from directory.models import (
    ContentVersion,
    Language,
    Organisation,
    Service,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)


def services_public() -> QuerySet[Service]:
    """Services the public may see: active ones."""
    return Service.objects.filter(status=ServiceStatus.ACTIVE)


def service_get_public(pk) -> Service:
    return get_object_or_404(
        services_public()
        .select_related("organisation")
        .prefetch_related(
            "terms__taxonomy",
            "languages",
            "schedules",
            "cost_options",
            "phones",
            "service_areas",
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
            "service_at_locations__schedules",
        ),
        pk=pk,
    )


def organisation_get_public(pk) -> Organisation:
    return get_object_or_404(Organisation.objects.all(), pk=pk)


def organisation_services_public(organisation: Organisation) -> QuerySet[Service]:
    return services_public().filter(organisation=organisation)


def directory_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "services": services_public().count(),
    }


def service_types_public() -> QuerySet[TaxonomyTerm]:
    """The service types, in their curated order, for browsing links on the home page."""
    return TaxonomyTerm.objects.filter(taxonomy__slug=Taxonomy.SERVICE_TYPES)


def languages_in_use() -> list[tuple[str, str]]:
    """(code, name) of the languages public services work in, for the language filter."""
    rows = (
        Language.objects.filter(service__in=services_public())
        .values_list("code", "name")
        .order_by("name")
        .distinct()
    )
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code.lower(), name)
    return sorted(seen.items(), key=lambda item: item[1])


def directory_content_version() -> int | None:
    """The directory's content version (bumped by triggers on every write), or None when
    its row is missing (e.g. a test database just flushed)."""
    return ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def languages_in_use_cached() -> list[tuple[str, str]]:
    """``languages_in_use`` cached until the directory changes."""
    from django.core.cache import cache

    version = directory_content_version()
    if version is None:
        return languages_in_use()
    return cache.get_or_set(f"languages-in-use:{version}", languages_in_use, 3600)
