from __future__ import annotations

from django.conf import settings


def site(request):
    """Names and links every page needs (the service name is set per deployment)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_AREA": settings.SITE_AREA,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }
