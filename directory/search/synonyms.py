"""Curated synonyms: the words people use, mapped to the words listings use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.functions import Lower

from directory.models import Synonym
from directory.search.query import normalise_phrase


def synonyms_for(phrases: Iterable[str]) -> dict[str, list[str]]:
    """Alternatives for whichever of ``phrases`` (normalised) curators have listed.

    One indexed query per search (on lower(phrase)), so curators' edits apply at once.
    """
    wanted = {normalise_phrase(p) for p in phrases} - {""}
    if not wanted:
        return {}
    rows = (
        Synonym.objects.annotate(key=Lower("phrase"))
        .filter(key__in=wanted)
        .values_list("key", "alternatives")
    )
    return {
        normalise_phrase(key): [a.strip() for a in alternatives.split(",") if a.strip()]
        for key, alternatives in rows
    }
