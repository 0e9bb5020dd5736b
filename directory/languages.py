"""The site's languages: which one a page is in, and how a visitor changes it.

Public pages live under a language prefix (``/ur/search/``) except English, which keeps
the bare URLs (``i18n_patterns(prefix_default_language=False)``), so a link shared in a
community group opens in the language it was copied in. The visitor's choice is also kept
in the language cookie, and a bare URL sends someone who chose (or whose browser asks
for) another language to that language's address. See docs/decisions/008-languages.md.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def default_language() -> str:
    return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


def language_name(code: str) -> str:
    """The language's name in its own script ("اردو"), as settings.LANGUAGES gives it."""
    return str(dict(settings.LANGUAGES).get(code, code))


def language_is_bidi(code: str) -> bool:
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def is_supported(code: str | None) -> bool:
    return bool(code) and code in dict(settings.LANGUAGES)


def _path_language(path: str) -> str | None:
    return translation.get_language_from_path(path)


def url_in_language(url: str, code: str) -> str:
    """The same page in another language: "/ur/search/?q=x" → "/pl/search/?q=x".

    Pages outside the language prefixes (a group's workspace, the API) come back as they
    are: they have one address whatever the language.
    """
    with translation.override(_path_language(url.split("?")[0]) or default_language()):
        return translate_url(url, code)


def switcher_links(request) -> list[dict]:
    """One link a language, for the switcher: it records the choice, then opens this page."""
    current = translation.get_language()
    next_url = request.get_full_path() if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        query = urlencode({"next": next_url})
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "url": f"{reverse('language_choose', args=[code])}?{query}",
                "current": code == current,
            }
        )
    return links


def language_choose(request, code: str):
    """Remember ``code`` in the language cookie and open ``next`` in that language.

    A GET link rather than Django's POST form: it works without JavaScript and puts no
    CSRF token in pages that the page cache shares between visitors.
    """
    if not is_supported(code):
        code = default_language()
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(url_in_language(next_url, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class PreferredLanguageMiddleware:
    """Send a bare public URL to the visitor's language when it is not English.

    The preference is the language cookie (set by the switcher), else the browser's
    Accept-Language. Only GETs of pages that have per-language addresses are redirected;
    an English choice, or no preference, serves the bare URL as it is. Place it after
    django.middleware.locale.LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._redirect(request)
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and _path_language(request.path_info) is None:
            # The same bare URL answers differently by cookie and browser language.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _redirect(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if _path_language(request.path_info) is not None:
            return None
        preferred = translation.get_language_from_request(request, check_path=False)
        if preferred == default_language() or not is_supported(preferred):
            return None
        target = url_in_language(request.get_full_path(), preferred)
        if target == request.get_full_path():
            return None  # a page with one address for every language
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
