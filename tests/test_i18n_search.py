"""Search across languages: a group's own words in Punjabi, Urdu or Arabic find it, and
common words in the site's languages find English listings through synonyms."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation

from directory import models as m
from directory import selectors
from directory.search import services_search
from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def found(q: str, language: str = "en") -> list[str]:
    with translation.override(language):
        return [s.name for s in services_search(params={"q": q}).queryset]


@pytest.fixture
def listings():
    organisation = OrganisationFactory(name="Sahara Circle")
    punjabi = ServiceFactory(
        organisation=organisation,
        name="Punjabi men's group",
        description="A weekly group for Punjabi men.",
    )
    m.ServiceTranslation.objects.create(
        service=punjabi,
        language="pa",
        name="ਪੰਜਾਬੀ ਮਰਦਾਂ ਦਾ ਗਰੁੱਪ",
        description="ਚਾਹ ਅਤੇ ਸਮੋਸੇ ਮਿਲਦੇ ਹਨ। ਤਣਾਅ ਬਾਰੇ ਗੱਲ ਕਰਨ ਦੀ ਥਾਂ।",
    )
    work = ServiceFactory(
        organisation=OrganisationFactory(name="Road to Work"),
        name="Road to work",
        description="Employment support: help to find and keep a job.",
    )
    arabic = ServiceFactory(
        organisation=OrganisationFactory(name="Welcome Table"),
        name="Welcome table",
        description="A shared meal for new arrivals.",
    )
    m.ServiceTranslation.objects.create(
        service=arabic,
        language="ar",
        name="مائدة الترحيب",
        description="وجبة مشتركة للقادمين الجدد",
    )
    return {"punjabi": punjabi, "work": work, "arabic": arabic}


def test_punjabi_script_finds_a_service_described_in_punjabi(listings):
    assert found("ਸਮੋਸੇ", "pa") == ["Punjabi men's group"]
    assert found("ਤਣਾਅ") == ["Punjabi men's group"]  # typed on an English page too
    assert found("ਪੰਜਾਬੀ ਗਰੁੱਪ", "pa") == ["Punjabi men's group"]


def test_an_urdu_synonym_finds_an_english_listing(listings):
    assert found("نوکری", "ur") == ["Road to work"]
    assert found("نوکری") == ["Road to work"]


def test_other_languages_synonyms_find_english_listings(listings):
    for word, language in [("praca", "pl"), ("ਨੌਕਰੀ", "pa"), ("shaqo", "so"), ("swydd", "cy")]:
        assert found(word, language) == ["Road to work"], word


def test_arabic_words_find_an_arabic_description(listings):
    assert found("وجبة", "ar") == ["Welcome table"]
    assert found("الترحيب", "ar") == ["Welcome table"]


def test_english_search_is_unchanged(listings):
    assert found("job") == ["Road to work"]
    assert found("samosas") == []


def test_editing_a_translation_updates_search_and_the_page_cache_version(listings):
    version = selectors.directory_content_version()
    row = m.ServiceTranslation.objects.get(service=listings["punjabi"])
    row.description = "ਸੈਰ ਅਤੇ ਲੰਗਰ"
    row.save()
    assert selectors.directory_content_version() > version
    assert found("ਸਮੋਸੇ", "pa") == []
    assert found("ਲੰਗਰ", "pa") == ["Punjabi men's group"]
    row.delete()
    assert found("ਲੰਗਰ", "pa") == []


def test_organisation_translation_name_is_searchable(listings):
    m.OrganisationTranslation.objects.create(
        organisation=listings["punjabi"].organisation, language="ur", name="سہارا حلقہ"
    )
    assert found("سہارا", "ur") == ["Punjabi men's group"]


@pytest.mark.parametrize(
    ("code", "config"),
    [
        ("ar", "arabic"),
        ("pa", "simple"),
        ("ur", "simple"),
        ("pl", "simple"),
        ("cy", "simple"),
        ("bn", "simple"),
        ("so", "simple"),
        ("en", "fyp_english"),
    ],
)
def test_text_search_configuration_per_language(code, config):
    with connection.cursor() as cursor:
        cursor.execute("SELECT fyp_language_ts_config(%s)::text", [code])
        assert cursor.fetchone()[0] == config
