"""Cam (a curator) disables and re-enables accounts from /curate/; Dev (a member) and Pat
(the public) are refused; a disabled person's open session stops working at once."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import ProfessionalStatus
from accounts.services import user_enable
from accounts.testing import login_verified
from tests.test_listings_services import make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


def signed_in(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def account_url(user) -> str:
    return reverse("directory:curate_account", args=[user.pk])


def test_curator_finds_an_account(p):
    cam = signed_in(p.cam)
    page = cam.get(reverse("directory:curate_accounts"), {"q": "raj@"}).content.decode()
    assert "raj@example.org" in page and "dev@example.org" not in page
    assert (
        "Disable or re-enable an account"
        in cam.get(reverse("directory:curate_home")).content.decode()
    )


def test_disabling_ends_the_persons_session_at_once(p):
    raj = signed_in(p.raj)
    session_key = raj.session.session_key
    workspace = reverse("directory:manage_organisation", args=[p.group_a.pk])
    assert raj.get(workspace).status_code == 200

    cam = signed_in(p.cam)
    response = cam.post(account_url(p.raj), {"action": "disable"})
    assert response.status_code == 302
    p.raj.refresh_from_db()
    assert not p.raj.is_active
    assert "account is disabled" in cam.get(account_url(p.raj)).content.decode()

    after = raj.get(workspace)
    assert after.status_code == 302 and reverse("accounts:sign_in") in after["Location"]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert not store().exists(session_key)


def test_re_enabled_account_signs_in_again(p):
    cam = signed_in(p.cam)
    cam.post(account_url(p.raj), {"action": "disable"})
    response = cam.post(account_url(p.raj), {"action": "enable"})
    assert response.status_code == 302
    p.raj.refresh_from_db()
    assert p.raj.is_active
    raj = signed_in(p.raj)
    assert raj.get(reverse("directory:manage_home")).status_code == 200


@pytest.mark.parametrize("who", ["dev", "grace", "public"])
def test_non_curators_are_refused(p, who):
    client = signed_in(getattr(p, who))
    assert client.get(reverse("directory:curate_accounts")).status_code == 403
    assert client.get(account_url(p.raj)).status_code == 403
    assert client.post(account_url(p.raj), {"action": "disable"}).status_code == 403
    p.raj.refresh_from_db()
    assert p.raj.is_active


def test_anonymous_is_sent_to_sign_in(p):
    response = Client().post(account_url(p.raj), {"action": "disable"})
    assert response.status_code == 302
    p.raj.refresh_from_db()
    assert p.raj.is_active


def test_curator_cannot_disable_themselves(p):
    cam = signed_in(p.cam)
    response = cam.post(account_url(p.cam), {"action": "disable"})
    assert response.status_code == 400
    assert "your own account" in response.content.decode()
    p.cam.refresh_from_db()
    assert p.cam.is_active


def test_curator_cannot_disable_a_site_admin(p):
    p.public.is_superuser = True
    p.public.save()
    response = signed_in(p.cam).post(account_url(p.public), {"action": "disable"})
    assert response.status_code == 400
    p.public.refresh_from_db()
    assert p.public.is_active


def test_repeated_action_is_refused_with_a_message(p):
    cam = signed_in(p.cam)
    response = cam.post(account_url(p.raj), {"action": "enable"})
    assert response.status_code == 400
    assert "already changed" in response.content.decode()


def test_unconfirmed_sign_up_cannot_be_enabled(p):
    p.public.is_active = False
    p.public.professional_status = ProfessionalStatus.PENDING_CONFIRMATION
    p.public.save()
    with pytest.raises(ValidationError):
        user_enable(user=p.public, by=p.cam)
    response = signed_in(p.cam).post(account_url(p.public), {"action": "enable"})
    assert response.status_code == 400
    assert "not confirmed their email" in response.content.decode()
    p.public.refresh_from_db()
    assert not p.public.is_active


def test_unknown_account_is_404(p):
    assert (
        signed_in(p.cam).get(reverse("directory:curate_account", args=[999999])).status_code == 404
    )
