"""Lockout after repeated failures, session timeouts, new session keys, disabling accounts."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import ProfessionalStatus, UserSession
from accounts.testing import login_verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def dev():
    return UserFactory(username="dev")


@pytest.fixture
def cam():
    return UserFactory(username="cam", is_curator=True)


@pytest.fixture
def priya():
    return UserFactory(username="priya", professional_status=ProfessionalStatus.APPROVED)


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/sign-in/", {"username": username, "password": password})


class Clock:
    """A fixed clock for timezone.now(), moved on by hand."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    """Freezes the time for this app and Django, and for django-axes, which imported
    ``now`` by name."""
    clock = Clock(START)
    with (
        mock.patch.object(timezone, "now", lambda: clock.now),
        mock.patch("axes.attempts.now", lambda: clock.now),
        mock.patch("axes.handlers.proxy.now", lambda: clock.now),
    ):
        yield clock


# --- Lockout ----------------------------------------------------------------------------


def test_five_failures_lock_the_account_with_a_plain_english_page(client, dev):
    for _attempt in range(4):
        assert sign_in(client, "dev", "wrong guess here").status_code == 200
    locked = sign_in(client, "dev", "wrong guess here")
    assert locked.status_code == 429
    assert b"Sign-in is locked for now" in locked.content
    assert b"Wait 15 minutes" in locked.content
    # Even the right password is refused while locked, by email address too.
    assert sign_in(client, "dev").status_code == 429
    assert sign_in(client, dev.email).status_code == 429
    assert "_auth_user_id" not in client.session


def test_guesses_by_username_and_email_count_together(client, dev):
    for attempt in range(5):
        identifier = "dev" if attempt % 2 else dev.email
        response = sign_in(client, identifier, "wrong guess here")
    assert response.status_code == 429


def test_lockout_ends_after_the_cool_off(client, dev, clock, settings):
    for _attempt in range(5):
        sign_in(client, "dev", "wrong guess here")
    assert sign_in(client, "dev").status_code == 429
    clock.advance(minutes=16)
    response = sign_in(client, "dev")
    assert response.status_code == 302


def test_a_success_resets_the_count(client, dev):
    for _attempt in range(4):
        sign_in(client, "dev", "wrong guess here")
    assert sign_in(client, "dev").status_code == 302
    client.post("/accounts/sign-out/")
    for _attempt in range(4):
        assert sign_in(client, "dev", "wrong guess here").status_code == 200


def test_one_locked_account_does_not_lock_another_on_another_address(dev, priya):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _attempt in range(5):
        sign_in(attacker, "dev", "wrong guess here")
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), "priya").status_code == 302


# --- Sessions ---------------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key(client, dev):
    client.get("/accounts/sign-in/")
    client.session["before"] = 1
    session = client.session
    session["something"] = "before sign-in"
    session.save()
    before = session.session_key
    sign_in(client, "dev")
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert UserSession.objects.filter(user=dev, session_key=after).exists()


def test_inactivity_signs_out(client, dev, clock):
    sign_in(client, "dev")
    clock.advance(minutes=29)
    assert client.get("/accounts/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/accounts/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    page = client.get(response["Location"])
    assert b"had not used the service for a while" in page.content


def test_the_absolute_lifetime_signs_out_however_active(client, dev, clock, settings):
    settings.ACCOUNTS_SESSION_MAX_AGE = 60 * 60
    sign_in(client, "dev")
    for _step in range(2):
        clock.advance(minutes=25)
        assert client.get("/accounts/").status_code == 200
    clock.advance(minutes=11)
    assert client.get("/accounts/").status_code == 302
    assert b"signed in for a long time" in client.get("/accounts/sign-in/").content


def test_timeouts_are_settings(client, dev, clock, settings):
    settings.ACCOUNTS_SESSION_IDLE_TIMEOUT = 5 * 60
    sign_in(client, "dev")
    clock.advance(minutes=6)
    assert client.get("/accounts/").status_code == 302


def test_sign_out_forgets_the_tracked_session(client, dev):
    sign_in(client, "dev")
    assert UserSession.objects.filter(user=dev).count() == 1
    client.post("/accounts/sign-out/")
    assert UserSession.objects.filter(user=dev).count() == 0


# --- Disabling --------------------------------------------------------------------------


def test_disabling_ends_every_session_at_once(dev, cam):
    clients = [Client(), Client(), Client()]
    sign_in(clients[0], "dev")
    sign_in(clients[1], dev.email)
    clients[2].force_login(dev)
    other = Client()
    login_verified(other, cam)
    for client in clients:
        assert client.get("/accounts/").status_code == 200
    keys = list(UserSession.objects.filter(user=dev).values_list("session_key", flat=True))
    assert len(keys) == 3

    services.user_disable(user=dev, by=cam)

    dev.refresh_from_db()
    assert dev.is_active is False
    assert not Session.objects.filter(session_key__in=keys).exists()
    for client in clients:
        assert client.get("/accounts/").status_code == 302
    assert other.get("/accounts/").status_code == 200
    assert sign_in(Client(), "dev").status_code == 200


@pytest.mark.parametrize("persona", ["dev", "priya"])
def test_only_curators_and_admins_disable_accounts(persona, request, dev):
    actor = request.getfixturevalue(persona)
    target = UserFactory()
    with pytest.raises(PermissionDenied):
        services.user_disable(user=target, by=actor)
    target.refresh_from_db()
    assert target.is_active


def test_admin_action_disables_and_signs_out(client, dev):
    ada = UserFactory(username="ada", is_staff=True, is_superuser=True)
    victim = Client()
    sign_in(victim, "dev")
    login_verified(client, ada)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "disable_accounts", "_selected_action": [dev.pk, ada.pk]},
    )
    assert response.status_code == 302
    dev.refresh_from_db()
    ada.refresh_from_db()
    assert not dev.is_active and ada.is_active
    assert victim.get("/accounts/").status_code == 302
