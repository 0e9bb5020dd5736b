"""Listings in the visitor's language: the text a group gave in that language, field by
field, or the English text with its language marked (docs/decisions/008-languages.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from directory.models import OrganisationTranslation, ServiceTranslation

ENGLISH = "en"


@dataclass(frozen=True)
class Text:
    """A piece of listing text and the language it is written in."""

    value: str
    lang: str

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class ListingText:
    name: Text
    description: Text
    application_process: Text
    translated: bool


def _base_language(code: str | None) -> str:
    return (code or ENGLISH).split("-")[0]


def listing_text(obj, language: str | None) -> ListingText:
    """``obj`` (a Service or Organisation) as shown on a page in ``language``.

    Reads ``obj.translations.all()``, so prefetch them for lists
    (``translations_prefetch``). A field the group left empty in that language falls
    back to English.
    """
    language = _base_language(language)
    found = None
    if language != ENGLISH:
        found = next((t for t in obj.translations.all() if t.language == language), None)

    def pick(field: str) -> Text:
        english = getattr(obj, field, "") or ""
        translated = getattr(found, field, "") if found is not None else ""
        return Text(translated, language) if translated else Text(english, ENGLISH)

    return ListingText(
        name=pick("name"),
        description=pick("description"),
        application_process=pick("application_process"),
        translated=found is not None,
    )


def translations_prefetch(language: str | None, *, organisation: bool = False) -> Prefetch:
    """Only the page language's translations (one query for a whole list)."""
    model = OrganisationTranslation if organisation else ServiceTranslation
    return Prefetch(
        "translations", queryset=model.objects.filter(language=_base_language(language))
    )
