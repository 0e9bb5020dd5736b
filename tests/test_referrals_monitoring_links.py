"""The referral pages lead to the optional equality questions (insights app) only for the
person and the professional who made the referral, never for the receiving group."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.testing import login_verified
from referrals import services
from tests.test_referrals_pages import p, url  # noqa: F401 (fixture)
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    consent,
    person,
    refer_professionally,
)

pytestmark = pytest.mark.django_db

LINK = 'href="about-you/"'


def test_the_self_referrers_status_page_links_to_the_questions(client, p):  # noqa: F811
    created = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="x"
    )
    status = url("status", created.status_token)
    assert LINK in client.get(status).content.decode()
    assert client.get(f"{status}about-you/").status_code == 200

    services.referral_withdraw(referral=created.referral, link_holder="referrer")
    assert LINK not in client.get(status).content.decode()


def test_only_the_referring_professional_is_offered_the_questions(p):  # noqa: F811
    referral = refer_professionally(p)
    priya, dev = Client(), Client()
    login_verified(priya, p.priya)
    login_verified(dev, p.dev)
    page = url("referral", referral.pk)
    assert LINK in priya.get(page).content.decode()
    assert priya.get(f"{page}about-you/").status_code == 200
    assert LINK not in dev.get(page).content.decode()
    assert dev.get(f"{page}about-you/").status_code == 404
