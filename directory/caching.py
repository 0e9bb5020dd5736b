"""Whole-page caching for anonymous visitors, keyed by the directory's content version.

The version (directory.ContentVersion) goes up in the same transaction as any write to a
public directory table, so a cached page is never older than the data: a capacity change
or an approved edit shows at once. Only anonymous GETs that set no cookie and carry no
CSRF token are cached, so nothing personal or single-use is ever shared.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from directory import selectors

# Parameters whose meaning depends on the clock: the key then includes the minute.
_CLOCK_PARAMS = ("open_now",)


def _cache_key(request, version: int) -> str:
    local_now = timezone.localtime()
    clock = local_now.strftime("%Y-%m-%d")
    if any(request.GET.get(name) for name in _CLOCK_PARAMS):
        clock = local_now.strftime("%Y-%m-%dT%H:%M")
    params = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = repr((request.path, params, getattr(request, "LANGUAGE_CODE", ""), clock))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"page:{version}:{digest}"


def _cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Set-Cookie")
    )


def cache_public_page(view):
    """Serve anonymous GETs of ``view`` from the cache while the directory is unchanged."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        version = selectors.directory_content_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = _cache_key(request, version)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _cacheable(request, response):
            cache.set(key, (response.content, response["Content-Type"]), timeout)
        return response

    return wrapped
