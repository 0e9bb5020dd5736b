"""Which figures may be published: the areas the directory covers, and the organisations
that chose to publish theirs (``TransparencyOptIn``)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from directory.models import Location, Organisation
from directory.postcodes import PostcodeError, place_lookup
from insights.facts import area_of_place
from insights.models import TransparencyOptIn


def areas_in_directory() -> list[tuple[str, str]]:
    """(code, name) of each local authority a listed place is in, named as the figures name
    areas (``facts.area_of_place``): the ONS code where the postcode data has one, otherwise
    the council's name, so every area the directory covers has a page."""
    names = (
        Location.objects.exclude(local_authority="")
        .values_list("local_authority", flat=True)
        .distinct()
        .order_by("local_authority")
    )
    areas = dict(_area(name) for name in names)
    return sorted(areas.items(), key=lambda area: area[1])


def _area(name: str) -> tuple[str, str]:
    try:
        place = place_lookup(name)
    except PostcodeError:
        return name, name
    return area_of_place(place) or name, place.local_authority_name or name


def area_get(code: str) -> tuple[str, str]:
    """(code, name) of an area the directory covers, or 404."""
    for area in areas_in_directory():
        if area[0] == code:
            return area
    raise Http404


def organisations_published() -> QuerySet[Organisation]:
    return Organisation.objects.filter(transparency_opt_in__isnull=False).order_by("name")


def organisation_is_published(organisation: Organisation) -> bool:
    return TransparencyOptIn.objects.filter(organisation=organisation).exists()


def organisation_get_published(pk) -> Organisation:
    """An organisation that publishes its figures, or 404 (whether or not it exists)."""
    organisation = organisations_published().filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


@transaction.atomic
def transparency_set(*, organisation: Organisation, published: bool, by) -> None:
    """Publish the organisation's disclosed figures, or stop: opting out removes the row."""
    if not published:
        TransparencyOptIn.objects.filter(organisation=organisation).delete()
        return
    TransparencyOptIn.objects.get_or_create(
        organisation=organisation, defaults={"opted_in_at": timezone.now(), "opted_in_by": by}
    )
