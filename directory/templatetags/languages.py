"""Template tags for pages in several languages: the switcher and ``lang`` on content."""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.html import format_html

from directory import languages, translations

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    return languages.switcher_links(context.get("request"))


@register.simple_tag
def content_lang(code: str | None) -> str:
    """` lang="en"` (and `dir`) for content whose language differs from the page's.

    Listings are written by groups, mostly in English: on an Urdu page their text is
    marked up as English so screen readers pronounce it right and it runs left to right.
    """
    page = translation.get_language() or languages.default_language()
    code = code or languages.default_language()
    if code.split("-")[0] == page.split("-")[0]:
        return ""
    direction = "rtl" if languages.language_is_bidi(code) else "ltr"
    if direction == ("rtl" if languages.language_is_bidi(page) else "ltr"):
        return format_html(' lang="{}"', code)
    return format_html(' lang="{}" dir="{}"', code, direction)


@register.simple_tag
def language_name(code: str) -> str:
    return languages.language_name(code)


@register.simple_tag
def listing_text(obj) -> translations.ListingText:
    """``{% listing_text service as text %}``: the listing's words in the page's language
    where the group gave them (see directory.translations)."""
    return translations.listing_text(obj, translation.get_language())


@register.simple_tag
def spoken_languages(service) -> str:
    """The languages a group works in, each named in its own script where the site knows
    it ("ਪੰਜਾਬੀ, اردو"), for the note under a listing shown in English."""
    names = []
    for language in service.languages.all():
        code = language.code.lower()
        names.append(
            languages.language_name(code) if languages.is_supported(code) else language.name
        )
    return ", ".join(dict.fromkeys(names))


@register.filter
def in_english(value) -> str:
    """English listing text inside a translated sentence, marked up as English."""
    attributes = content_lang("en")
    if not attributes:
        return value
    return format_html("<span{}>{}</span>", attributes, value)
