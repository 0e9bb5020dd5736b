"""Who a service is for, compared with what the referral says about the person."""

from __future__ import annotations

from django.conf import settings

from directory.models import Service
from referrals.models import Mismatch

# Service areas that cover everywhere this deployment serves.
_NATIONAL_AREAS = {"england", "uk", "united kingdom", "great britain", "national"}


def _normalise(area: str) -> str:
    return " ".join(area.lower().replace("-", " ").split())


def referral_mismatches(
    *, service: Service, age: int | None, gender: str = "", local_area: str = ""
) -> list[str]:
    """The eligibility mismatches (Mismatch values) to show before a referral is sent.

    Anything the person did not say is never a mismatch: age, gender and area are optional.
    ``gender`` is one of directory's Gender values; ``local_area`` a local authority name.
    """
    mismatches = []
    if age is not None and not service.accepts_age(age):
        mismatches.append(Mismatch.AGE)
    if gender and service.eligible_genders and gender not in service.eligible_genders:
        mismatches.append(Mismatch.GENDER)
    if local_area and not _covers(service, local_area):
        mismatches.append(Mismatch.AREA)
    return mismatches


def _covers(service: Service, local_area: str) -> bool:
    areas = {_normalise(a.name) for a in service.service_areas.all()}
    if not areas:
        return True
    national = _NATIONAL_AREAS | {_normalise(settings.SITE_AREA)}
    return bool(areas & national) or _normalise(local_area) in areas
