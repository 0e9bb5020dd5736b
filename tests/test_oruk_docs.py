"""The project's OpenAPI schema and its browsable docs, which must work under the CSP."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import modify_settings

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    # /oruk/ is described by the standard's own document, not this one.
    assert not any(path.startswith("/oruk/") for path in schema["paths"])


def test_the_docs_page_loads_only_same_origin_scripts_and_styles(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    # Nothing inline for the CSP to block, and nothing from another origin.
    assert "<style" not in html
    assert re.findall(r"<script>", html) == []
    sources = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'href="([^"]+)"', html)
    assert sources and all(src.startswith("/") and not src.startswith("//") for src in sources)
    script = [s for s in sources if "script" in s and "swagger" not in s.lower()][0]
    start = client.get(script.replace("&amp;", "&"))
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in start.content.decode()


@modify_settings(INSTALLED_APPS={"append": "drf_spectacular_sidecar"})
def test_the_swagger_assets_are_self_hosted():
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
