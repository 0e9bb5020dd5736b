"""Browsable docs for the project's OpenAPI schema (/api/docs/) that work under the CSP.

drf-spectacular's Swagger page carries an inline ``<style>`` and its Redoc page inline
script and third-party fonts, which this site's Content-Security-Policy forbids. This
page uses the split view (the start-up script is fetched from the same URL with
``?script``) and self-hosted Swagger UI assets from drf-spectacular-sidecar.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template import engines
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <title>{{ title }}</title>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    {% if favicon_href %}<link rel="icon" href="{{ favicon_href }}">{% endif %}
    <link rel="stylesheet" href="{{ swagger_ui_css }}">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="{{ swagger_ui_bundle }}"></script>
    <script src="{{ swagger_ui_standalone }}"></script>
    <script src="{{ script_url }}"></script>
  </body>
</html>
"""


class ApiDocsView(SpectacularSwaggerSplitView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is not None:
            return response
        html = engines["django"].from_string(PAGE).render(response.data, request)
        return HttpResponse(html)
