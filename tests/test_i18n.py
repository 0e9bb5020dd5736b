"""The site in eight languages: addresses, the switcher, negotiation, ``lang``/``dir``,
listings in the visitor's language, the page cache and the curators' translations page.

Personas: the public (no account), Cam (curator), Dev (group member)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.testing import login_verified
from directory import models as m
from tests.factories import LanguageFactory, OrganisationFactory, ServiceFactory
from tests.test_listings_services import make_personas

pytestmark = pytest.mark.django_db

LANGUAGES = ["cy", "pl", "ur", "pa", "bn", "so", "ar"]
RTL = {"ur", "ar"}
# The home page heading in each language, as the catalogues have it.
HEADINGS = {
    "cy": "Dod o hyd i grŵp yn agos atoch chi",
    "pl": "Znajdź grupę w pobliżu",
    "ur": "اپنے قریب کوئی گروپ تلاش کریں",
    "pa": "ਆਪਣੇ ਨੇੜੇ ਕੋਈ ਗਰੁੱਪ ਲੱਭੋ",
    "bn": "আপনার কাছাকাছি একটি গ্রুপ খুঁজুন",
    "so": "Hel koox kuu dhow",
    "ar": "ابحث عن مجموعة قريبة منك",
}


@pytest.fixture
def service():
    organisation = OrganisationFactory(name="Sahara Men's Circle", description="A circle.")
    service = ServiceFactory(
        organisation=organisation,
        name="Chai and Chat",
        description="A weekly peer group for Punjabi men.",
        application_process="Call Dev on a Tuesday.",
    )
    LanguageFactory(service=service, name="Punjabi", code="pa")
    LanguageFactory(service=service, name="Urdu", code="ur")
    return service


def url(obj) -> str:
    """The English address (a request leaves its language active in the test thread)."""
    with translation.override("en"):
        return obj.get_absolute_url()


def html(response) -> str:
    assert response.status_code == 200, response
    return response.content.decode()


# --- Addresses and negotiation --------------------------------------------------------


def test_english_keeps_the_bare_urls(client):
    assert reverse("directory:search") == "/search/"
    assert reverse("directory:home") == "/"
    page = html(client.get("/search/?q=peer"))
    assert '<html lang="en" dir="ltr"' in page


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_its_own_addresses(client, code):
    page = html(client.get(f"/{code}/"))
    direction = "rtl" if code in RTL else "ltr"
    assert f'<html lang="{code}" dir="{direction}"' in page
    assert HEADINGS[code] in page
    # Links and forms on the page keep the language.
    assert f'action="/{code}/search/"' in page
    with translation.override(code):
        assert reverse("directory:search") == f"/{code}/search/"


def test_a_shared_link_opens_in_its_language_whatever_the_browser_says(client):
    page = html(client.get("/pa/search/?q=men", HTTP_ACCEPT_LANGUAGE="pl"))
    assert '<html lang="pa"' in page


def test_browser_language_sends_a_bare_url_to_that_language(client):
    response = client.get("/search/?q=men", HTTP_ACCEPT_LANGUAGE="ur-PK,ur;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/ur/search/?q=men"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_english_or_unknown_browser_language_stays_on_the_bare_url(client):
    for header in ("en-GB,en;q=0.9", "de-DE", ""):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == 200, header
        assert "Accept-Language" in response["Vary"]


def test_the_chosen_language_wins_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ur").status_code == 200
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "so"
    response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/so/privacy/"


def test_posts_and_pages_without_language_addresses_are_not_redirected(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/oruk/").status_code != 302
    assert client.post(reverse("directory:suggest_group"), {}).status_code == 200


def test_switching_language_sets_the_cookie_and_opens_the_same_page(client):
    response = client.get(reverse("language_choose", args=["ur"]), {"next": "/search/?q=x"})
    assert response.status_code == 302
    assert response["Location"] == "/ur/search/?q=x"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ur"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    back = client.get(reverse("language_choose", args=["en"]), {"next": "/ur/search/?q=x"})
    assert back["Location"] == "/search/?q=x"
    assert client.get("/search/?q=x").status_code == 200  # English chosen: no redirect


def test_switching_refuses_other_sites_and_unknown_languages(client):
    response = client.get(
        reverse("language_choose", args=["xx"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


# --- The switcher and the correction note ---------------------------------------------


def test_switcher_is_links_in_each_languages_own_script(client):
    page = html(client.get("/pl/search/?q=a"))
    assert "csrfmiddlewaretoken" not in page  # cached pages must carry no token
    current = 'class="app-language-switcher__current" lang="pl" aria-current="true">Polski<'
    assert current in page
    next_param = re.escape("?next=%2Fpl%2Fsearch%2F%3Fq%3Da")
    for code, name in settings.LANGUAGES:
        if code != "pl":
            link = rf'href="/language/{code}/{next_param}" lang="{code}" hreflang="{code}">'
            assert re.search(link + re.escape(name) + "</a>", page), code


def test_non_english_pages_invite_corrections(client):
    page = html(client.get("/bn/"))
    help_url = "/bn/help-with-translations/"
    assert f'href="{help_url}"' in page
    assert "এই অনুবাদটি নতুন" in page
    assert "may have mistakes" not in html(client.get("/"))
    assert "কোনো ভুলের কথা আমাদের জানান" in html(client.get(help_url))


def test_not_found_page_is_in_the_visitors_language(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert "لم يتم العثور على الصفحة" in response.content.decode()


def test_public_form_errors_are_translated(client):
    page = client.post("/pl/suggest-a-group/", {"name": "", "description": ""}).content.decode()
    assert "Wpisz nazwę grupy" in page and "Napisz, czym zajmuje się grupa" in page


@pytest.mark.parametrize(
    ("code", "counts"),
    [
        ("cy", {1: "1 filltir", 2: "2 filltir", 3: "3 milltir", 8: "8 milltir"}),
        ("pl", {1: "1 mila", 3: "3 mile", 5: "5 mil", 22: "22 mile"}),
        ("ar", {1: "1 ميل", 3: "3 أميال", 11: "11 ميلًا", 100: "100 ميل"}),
    ],
)
def test_plural_forms_follow_each_language(code, counts):
    with translation.override(code):
        for n, expected in counts.items():
            got = translation.ngettext("%(miles)s mile", "%(miles)s miles", n) % {"miles": n}
            assert got == expected, (n, got)


# --- Listings in the visitor's language ---------------------------------------------


def test_english_listing_on_an_urdu_page_is_marked_english(client, service):
    page = html(client.get(f"/ur{url(service)}"))
    assert '<h1 class="govuk-heading-xl" lang="en" dir="ltr">Chai and Chat</h1>' in page
    assert '<div class="govuk-body" lang="en" dir="ltr"><p>A weekly peer group' in page
    assert "یہ تفصیلات انگریزی میں ہیں۔ یہ گروپ یہ زبانیں بولتا ہے: ਪੰਜਾਬੀ, اردو" in page


def test_english_listing_on_an_english_page_has_no_lang_marks(client, service):
    page = html(client.get(url(service)))
    assert '<h1 class="govuk-heading-xl">Chai and Chat</h1>' in page
    assert "These details are in English" not in page


def test_listing_translation_is_shown_in_its_language(client, service):
    m.ServiceTranslation.objects.create(
        service=service,
        language="pa",
        name="ਚਾਹ ਤੇ ਗੱਲਬਾਤ",
        description="ਪੰਜਾਬੀ ਮਰਦਾਂ ਲਈ ਹਫ਼ਤਾਵਾਰੀ ਗਰੁੱਪ।",
    )
    page = html(client.get(f"/pa{url(service)}"))
    assert '<h1 class="govuk-heading-xl">ਚਾਹ ਤੇ ਗੱਲਬਾਤ</h1>' in page
    assert "ਪੰਜਾਬੀ ਮਰਦਾਂ ਲਈ" in page
    # Fields the group left empty fall back to English, marked as English.
    assert 'lang="en">Call Dev on a Tuesday.' in page
    assert "ਇਹ ਵੇਰਵੇ ਅੰਗਰੇਜ਼ੀ ਵਿੱਚ ਹਨ" not in page
    # Other languages still see English.
    assert "ਚਾਹ ਤੇ ਗੱਲਬਾਤ" not in html(client.get(url(service)))
    assert "ਚਾਹ ਤੇ ਗੱਲਬਾਤ" not in html(client.get(f"/ur{url(service)}"))


def test_results_and_organisation_pages_use_translations(client, service):
    m.ServiceTranslation.objects.create(service=service, language="ur", name="چائے اور گپ شپ")
    m.OrganisationTranslation.objects.create(
        organisation=service.organisation, language="ur", name="سہارا مردوں کا حلقہ"
    )
    results = html(client.get("/ur/search/?q=chai"))
    assert '<a class="govuk-link" href="/ur/services/' in results
    assert "چائے اور گپ شپ" in results
    organisation = html(client.get(f"/ur{url(service.organisation)}"))
    assert '<h1 class="govuk-heading-xl">سہارا مردوں کا حلقہ</h1>' in organisation
    assert "چائے اور گپ شپ" in organisation


def test_page_cache_keeps_languages_apart(client, service, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    english = html(client.get("/search/?q=chai"))
    urdu = html(client.get("/ur/search/?q=chai"))
    again = html(client.get("/search/?q=chai"))
    assert '<html lang="en"' in english and '<html lang="en"' in again
    assert '<html lang="ur"' in urdu


# --- Curators' translations page -------------------------------------------------------


@pytest.fixture
def p():
    return make_personas()


def signed_in(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def test_curator_sees_each_language_and_its_review_state(p):
    page = html(signed_in(p.cam).get(reverse("directory:curate_translations")))
    for code, name in settings.LANGUAGES:
        if code != "en":
            assert f'<span lang="{code}">{name}</span> ({code})' in page
    assert page.count("needs community review") == len(LANGUAGES)
    assert page.count(">100%<") == len(LANGUAGES)  # public pages complete


@pytest.mark.parametrize("who", ["dev", "public"])
def test_non_curators_are_refused_the_translations_page(p, who):
    assert (
        signed_in(getattr(p, who)).get(reverse("directory:curate_translations")).status_code == 403
    )


def test_anonymous_is_sent_to_sign_in_from_the_translations_page():
    assert Client().get(reverse("directory:curate_translations")).status_code == 302
