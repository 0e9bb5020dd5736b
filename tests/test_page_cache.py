"""Anonymous pages are cached, and any directory write makes the cache miss at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import models as m
from directory.selectors import directory_content_version
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _queries(client, url, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url, params).content.decode()
    return len(ctx.captured_queries), html


def test_every_write_bumps_the_version():
    before = directory_content_version()
    service = f.ServiceFactory()
    after_insert = directory_content_version()
    m.Service.objects.filter(pk=service.pk).update(capacity_status="not_accepting")
    after_update = directory_content_version()
    m.Attribute.objects.bulk_create(
        [m.Attribute(service=service, taxonomy_term=m.TaxonomyTerm.objects.first())]
    )
    after_bulk = directory_content_version()
    assert before < after_insert < after_update < after_bulk


def test_second_visit_is_served_from_the_cache(client):
    f.ServiceFactory(name="Peer circle")
    first, html1 = _queries(client, "/search/", q="peer")
    second, html2 = _queries(client, "/search/", q="peer")
    assert html1 == html2
    assert second == 1, "only the content version is read"
    assert first > second


def test_capacity_change_shows_at_once(client):
    service = f.ServiceFactory(name="Peer circle")
    assert "Accepting new people" in client.get("/search/", {"q": "peer"}).content.decode()
    service.capacity_status = m.CapacityStatus.NOT_ACCEPTING
    service.save(update_fields=["capacity_status"])
    html = client.get("/search/", {"q": "peer"}).content.decode()
    assert "Not accepting new people" in html


def test_signed_in_users_are_never_served_cached_pages(client):
    f.ServiceFactory(name="Peer circle")
    client.get("/search/", {"q": "peer"})
    client.force_login(f.UserFactory())
    count, _ = _queries(client, "/search/", q="peer")
    assert count > 2


def test_parameter_order_does_not_matter(client):
    f.ServiceFactory(name="Peer circle")
    client.get("/search/?q=peer&accepting=1")
    count, _ = _queries(client, "/search/?accepting=1&q=peer")
    assert count == 1


def test_open_now_is_keyed_by_the_minute(client):
    from django.test import RequestFactory

    from directory.caching import _cache_key

    request = RequestFactory().get("/search/", {"open_now": "1"})
    assert _cache_key(request, 1) != _cache_key(RequestFactory().get("/search/"), 1)


def test_results_page_works_with_the_cache_on(client):
    f.ServiceFactory(name="Peer circle")
    for _ in range(2):
        response = client.get("/search/", {"q": "peer", "page": "1"})
        assert response.status_code == 200
        assert "Peer circle" in response.content.decode()
    assert client.get("/").status_code == 200
