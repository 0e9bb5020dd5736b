"""Messages people receive go out in the language they chose at referral: by default the
language of the page they referred on, or another they pick on the form."""

from __future__ import annotations

import pytest
from django.utils import translation

from notifications.models import OutboxMessage
from notifications.rendering import message_render
from referrals.models import Referral
from tests.test_referrals_pages import p, self_form, url  # noqa: F401 (fixture)
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
)

pytestmark = pytest.mark.django_db


def test_a_self_referral_on_the_somali_pages_is_answered_in_somali(client, p):  # noqa: F811
    with translation.override("so"):
        somali_form = url("refer_self", p.service_a.pk)
    assert somali_form.startswith("/so/")
    page = client.get(somali_form)
    assert page.status_code == 200
    assert 'value="so" selected' in page.content.decode()

    data = self_form()
    data.pop("message_language", None)
    response = client.post(somali_form, {**data, "message_language": "so"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.message_language == "so"
    message = OutboxMessage.objects.get(key=f"referral:{referral.pk}:link:referrer")
    assert message.language == "so"


def test_the_person_may_choose_another_language_than_the_page(client, p):  # noqa: F811
    response = client.post(url("refer_self", p.service_a.pk), self_form(message_language="pl"))
    assert response.status_code == 302
    assert Referral.objects.get().message_language == "pl"


def test_an_unknown_language_is_refused_with_a_message_and_keeps_the_input(client, p):  # noqa: F811
    page = client.post(url("refer_self", p.service_a.pk), self_form(message_language="xx"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Select a valid choice" in html and "Weekdays after 6pm" in html
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "template", ["referral_status_link", "referral_status", "followup_checkin"]
)
def test_a_message_template_renders_in_somali(template):
    context = {
        "link": "https://example.org/r/abc/",
        "service_name": "",
        "status": "accepted",
        "first_name": "Jas",
        "days": 14,
    }
    english = message_render(template=template, channel="sms", language="en", context=context)
    somali = message_render(template=template, channel="sms", language="so", context=context)
    assert somali.body and somali.body != english.body


def test_links_sent_to_people_open_in_their_language(client, p):  # noqa: F811
    client.post(url("refer_self", p.service_a.pk), self_form(message_language="ur"))
    referral = Referral.objects.get()
    message = OutboxMessage.objects.get(key=f"referral:{referral.pk}:link:referrer")
    assert "/ur/r/" in message.context["link"]
    token = message.context["link"].rstrip("/").rsplit("/", 1)[1]
    page = client.get(f"/ur/r/{token}/")
    assert page.status_code == 200 and '<html lang="ur" dir="rtl"' in page.content.decode()


def test_links_in_english_have_no_prefix(client, p):  # noqa: F811
    client.post(url("refer_self", p.service_a.pk), self_form(message_language="en"))
    message = OutboxMessage.objects.get(key__endswith=":link:referrer")
    assert "/r/" in message.context["link"] and "/en/" not in message.context["link"]
