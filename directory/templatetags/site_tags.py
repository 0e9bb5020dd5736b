"""Site settings for templates rendered without a request, such as 500.html.

Django renders the server-error page with an empty context (so that a broken context
processor cannot break it too), which leaves out SITE_NAME and QUICK_EXIT_URL.
"""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()

# Only these may be read, so a template cannot print a secret by name.
PUBLIC_SETTINGS = frozenset({"SITE_NAME", "QUICK_EXIT_URL"})


@register.simple_tag
def site_setting(name: str) -> str:
    if name not in PUBLIC_SETTINGS:
        raise template.TemplateSyntaxError(f"{name} is not a public setting")
    return getattr(settings, name)
