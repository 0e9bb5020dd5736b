"""A group gives its listing in other languages through the same moderated edits: Dev
(group A) proposes, Cam (curator) sees the diff and approves, the public sees it in that
language. Dev cannot write group B's translations, and bad rows are refused clearly."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from directory import models as m
from tests.test_i18n import url as english_url
from tests.test_listings_full_edit import as_user, propose, review_and_approve
from tests.test_listings_services import make_personas
from tests.test_listings_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


def service_edit(service) -> str:
    with translation.override("en"):
        return reverse("directory:manage_service_edit", args=[service.pk])


def test_service_translation_goes_through_moderation(client, p):
    service = p.service_a
    change = propose(
        client,
        p,
        service_edit(service),
        {
            "translations-0-language": "pa",
            "translations-0-name": "ਚਾਹ ਤੇ ਗੱਲਬਾਤ",
            "translations-0-description": "ਪੰਜਾਬੀ ਮਰਦਾਂ ਲਈ ਹਫ਼ਤਾਵਾਰੀ ਗਰੁੱਪ।",
        },
    )
    # Nothing is public until a curator approves.
    assert not m.ServiceTranslation.objects.exists()
    review_and_approve(client, p, change, "In other languages", "ਚਾਹ ਤੇ ਗੱਲਬਾਤ")
    row = m.ServiceTranslation.objects.get(service=service)
    assert (row.language, row.name) == ("pa", "ਚਾਹ ਤੇ ਗੱਲਬਾਤ")
    client.logout()
    page = client.get(f"/pa{english_url(service)}").content.decode()
    assert "ਚਾਹ ਤੇ ਗੱਲਬਾਤ" in page


def test_organisation_translation_goes_through_moderation(client, p):
    url = reverse("directory:manage_organisation_edit", args=[p.group_a.pk])
    change = propose(
        client,
        p,
        url,
        {
            "organisation_translations-0-language": "ur",
            "organisation_translations-0-name": "سہارا حلقہ",
        },
    )
    review_and_approve(client, p, change, "سہارا حلقہ")
    assert m.OrganisationTranslation.objects.get(organisation=p.group_a).name == "سہارا حلقہ"


def test_removing_a_translation_is_moderated_too(client, p):
    service = p.service_a
    m.ServiceTranslation.objects.create(service=service, language="pl", name="Grupa")
    as_user(client, p.dev)
    data = form_data(client.get(service_edit(service)))
    assert data["translations-0-language"] == ["pl"] or data["translations-0-language"] == "pl"
    change = propose(client, p, service_edit(service), {"translations-0-DELETE": "on"})
    assert m.ServiceTranslation.objects.filter(service=service).exists()
    review_and_approve(client, p, change)
    assert not m.ServiceTranslation.objects.filter(service=service).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"translations-0-language": "pa"}, "Write something in this language, or remove it."),
        ({"translations-0-language": "xx", "translations-0-name": "X"}, "Select a valid choice"),
        (
            {
                "translations-TOTAL_FORMS": "2",
                "translations-0-language": "ur",
                "translations-0-name": "ایک",
                "translations-1-language": "ur",
                "translations-1-name": "دو",
            },
            "This language is listed twice. Remove one.",
        ),
    ],
)
def test_bad_translation_rows_are_refused_and_kept(client, p, changes, message):
    service = p.service_a
    as_user(client, p.dev)
    data = form_data(client.get(service_edit(service)))
    data.update(changes)
    response = client.post(service_edit(service), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not m.PendingChange.objects.filter(status="pending").exists()


def test_a_member_cannot_edit_another_groups_translations(client, p):
    service_b = p.service_b
    as_user(client, p.dev)
    response = client.post(service_edit(service_b), {"translations-0-language": "ur"})
    assert response.status_code in (403, 404)
    assert not m.ServiceTranslation.objects.exists()
