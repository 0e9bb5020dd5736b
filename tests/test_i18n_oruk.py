"""ORUK keeps English in the standard fields and carries other languages in
``x_translations``, which the UK profile's schemas allow (no additionalProperties: false)."""

from __future__ import annotations

import pytest

from directory import models as m
from directory.oruk import schemas
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_translations_travel_in_an_extension_and_validate(client):
    service = ServiceFactory(name="Chai and Chat", description="A weekly group.")
    m.ServiceTranslation.objects.create(
        service=service, language="ur", name="چائے اور گپ شپ", application_process="فون کریں"
    )
    m.ServiceTranslation.objects.create(service=service, language="pa", name="ਚਾਹ ਤੇ ਗੱਲਬਾਤ")
    m.OrganisationTranslation.objects.create(
        organisation=service.organisation, language="ur", name="سہارا"
    )
    detail = client.get(f"/oruk/services/{service.pk}").json()
    assert schemas.errors("compiled/service.json", detail) == []
    assert detail["name"] == "Chai and Chat"  # English stays in the standard field
    assert detail["x_translations"] == [
        {"language": "pa", "name": "ਚਾਹ ਤੇ ਗੱਲਬਾਤ"},
        {"language": "ur", "name": "چائے اور گپ شپ", "application_process": "فون کریں"},
    ]
    assert detail["organization"]["x_translations"] == [{"language": "ur", "name": "سہارا"}]
    page = client.get("/oruk/services").json()
    assert schemas.page_errors("compiled/service_list.json", page) == []
    assert page["contents"][0]["x_translations"][0]["language"] == "pa"


def test_no_translations_is_an_empty_list(client):
    service = ServiceFactory()
    detail = client.get(f"/oruk/services/{service.pk}").json()
    assert detail["x_translations"] == []
    assert detail["organization"]["x_translations"] == []


def test_pages_of_services_cost_the_same_queries_with_translations(
    client, django_assert_max_num_queries
):
    for n in range(5):
        service = ServiceFactory(name=f"Group {n}")
        m.ServiceTranslation.objects.create(service=service, language="pl", name=f"Grupa {n}")
    with django_assert_max_num_queries(25):
        assert len(client.get("/oruk/services?per_page=5").json()["contents"]) == 5
