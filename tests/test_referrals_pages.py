"""Referral pages, by persona: the start page and the three forms, the private status
page, the group inbox, the referral page with its actions, and "My referrals". Every
refusal keeps what was typed; every page refuses the personas without the right (404 for
a referral, sign-in for the anonymous)."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.testing import login_verified
from notifications.models import OutboxMessage
from referrals import services
from referrals.models import (
    ContactMethod,
    LinkHolder,
    Referral,
    ReferralAccessLog,
    ReferralEvent,
    ReferralNote,
    Route,
    Status,
)
from referrals.selectors import referral_get_by_status_token
from tests.factories import ServiceFactory
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    consent,
    friend,
    make_referral_personas,
    person,
    person_token,
    refer_professionally,
)

pytestmark = pytest.mark.django_db

NO_WAIT = override_settings(REFERRALS_FORM_MIN_SECONDS=0)


@pytest.fixture
def p():
    return make_referral_personas()


def url(name: str, *args) -> str:
    return reverse(f"referrals:{name}", args=args)


def started(*, seconds_ago: float) -> str:
    """The signed start time the form page puts in the form."""
    return signing.dumps(time.time() - seconds_ago, salt="referrals.form-started")


def self_form(**overrides) -> dict:
    data = {
        "name": "Jas",
        "pronouns": "he/him",
        "contact_methods": [ContactMethod.SMS, ContactMethod.PHONE_CALL],
        "phone": "07700 900123",
        "email": "",
        "address": "",
        "postcode": "",
        "safe_times": "Weekdays after 6pm",
        "ok_to_leave_message": "no",
        "ok_to_say_who_is_calling": "yes",
        "preferred_language": "Punjabi",
        "interpreter": "",
        "access_needs": "Step-free access",
        "help_wanted": "Would like to meet others after losing my job",
        "age": "42",
        "gender": "men",
        "local_area": "",
        "updates_to_person": "1",
        "consent": "1",
        "consent_version": "share-2025-01",
        "website_url": "",
        "started": started(seconds_ago=60),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def peer_form(**overrides) -> dict:
    data = self_form(consent=None, consent_version=None)
    data.update({"referrer_name": "Harpreet Kaur", "referrer_phone": "07700 900456"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def professional_form(**overrides) -> dict:
    data = self_form(website_url=None, started=None, consent_method="verbal")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def sent_token(client, service) -> str:
    page = client.get(url("refer_sent", service.pk)).content.decode()
    return re.search(r"/r/([A-Za-z0-9_-]+)/", page).group(1)


# --- Start page ------------------------------------------------------------------------


def test_start_page_offers_the_routes_the_service_takes(client, p):
    page = client.get(url("refer_start", p.service_a.pk)).content.decode()
    assert "Refer myself" in page
    assert "Refer a friend" in page
    assert "Sign in to make a professional referral" in page


def test_start_page_of_a_peer_only_service_has_no_self_route(client, p):
    service = ServiceFactory(organisation=p.group_a, referral_routes=["peer"])
    page = client.get(url("refer_start", service.pk)).content.decode()
    assert "Refer myself" not in page
    assert "Refer a friend" in page
    assert "introduced by a friend" in page
    assert client.get(url("refer_self", service.pk)).status_code == 404
    assert client.get(url("refer_professional", service.pk)).status_code == 404


def test_start_page_tells_a_non_professional_why_not(client, p):
    login_verified(client, p.dev)
    page = client.get(url("refer_start", p.service_a.pk)).content.decode()
    assert "not an approved professional account" in page


def test_start_page_of_an_unknown_service_is_404(client, p):
    service = ServiceFactory(status="inactive")
    assert client.get(url("refer_start", service.pk)).status_code == 404


# --- Self-referral ---------------------------------------------------------------------


@NO_WAIT
def test_self_referral_sends_and_shows_the_private_link_once(client, p):
    assert client.get(url("refer_self", p.service_a.pk)).status_code == 200
    response = client.post(url("refer_self", p.service_a.pk), self_form())
    assert response.status_code == 302
    assert response["Location"] == url("refer_sent", p.service_a.pk)
    referral = Referral.objects.get()
    assert referral.route == Route.SELF
    assert referral.status == Status.SUBMITTED
    assert referral.name == "Jas"
    assert referral.email == ""
    assert referral.ok_to_leave_message is False
    assert referral.consents.get().wording_version == "share-2025-01"
    token = sent_token(client, p.service_a)
    assert referral_get_by_status_token(token) == referral
    # Only once: the session forgets it.
    assert "/r/" not in client.get(url("refer_sent", p.service_a.pk)).content.decode()


@NO_WAIT
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"contact_methods": None}, "Choose at least one way to contact the person"),
        ({"consent": None}, "only send your referral if you agree"),
        ({"phone": ""}, "Give the details needed to contact the person"),
        ({"help_wanted": "x" * 1001}, "at most 1000 characters"),
        ({"age": "200"}, "less than or equal to 120"),
        ({"email": "not-an-email", "contact_methods": ["email"]}, "valid email"),
        ({"age": "12"}, "may not be right for the person"),
        ({"consent_version": "share-1999"}, "The consent wording has changed"),
    ],
)
def test_self_referral_errors_keep_what_was_typed(client, p, overrides, message):
    response = client.post(url("refer_self", p.service_a.pk), self_form(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "govuk-error-summary" in page
    assert "Step-free access" in page
    assert "Weekdays after 6pm" in page
    assert not Referral.objects.exists()


@NO_WAIT
def test_self_referral_shows_the_eligibility_mismatch(client, p):
    page = client.post(url("refer_self", p.service_a.pk), self_form(age="12")).content.decode()
    assert "Age is outside the ages the service is for" in page


@pytest.mark.parametrize("when", ["now", "", "forged"])
def test_self_referral_sent_too_quickly_is_shown_again(client, p, when):
    when = started(seconds_ago=0) if when == "now" else when
    page = client.post(url("refer_self", p.service_a.pk), self_form(started=when)).content.decode()
    assert "Please check your answers and send the form again" in page
    assert "Would like to meet others after losing my job" in page
    assert not Referral.objects.exists()


def test_self_referral_with_the_honeypot_filled_stores_nothing(client, p):
    response = client.post(
        url("refer_self", p.service_a.pk), self_form(website_url="http://spam.example")
    )
    assert response.status_code == 302
    assert not Referral.objects.exists()
    assert "/r/" not in client.get(url("refer_sent", p.service_a.pk)).content.decode()


@NO_WAIT
@override_settings(REFERRALS_LIMIT_PER_ADDRESS_PER_HOUR=1)
def test_self_referral_rate_limit_message_keeps_input(client, p):
    client.post(url("refer_self", p.service_a.pk), self_form())
    response = client.post(
        url("refer_self", p.service_a.pk), self_form(phone="07700 900999", name="Sam")
    )
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many referrals have been made from here" in page
    assert 'value="Sam"' in page
    assert Referral.objects.count() == 1


@NO_WAIT
def test_self_referral_to_a_service_without_the_route_is_404(client, p):
    service = ServiceFactory(referral_routes=["professional"])
    assert client.post(url("refer_self", service.pk), self_form()).status_code == 404


@NO_WAIT
def test_personal_details_never_reach_a_url(client, p):
    response = client.post(url("refer_self", p.service_a.pk), self_form())
    for secret in ("Jas", "07700", "Punjabi"):
        assert secret not in response["Location"]


# --- Peer referral and the private status page -----------------------------------------


@NO_WAIT
def test_peer_referral_waits_for_the_person_then_they_confirm(client, p):
    response = client.post(url("refer_peer", p.service_a.pk), peer_form())
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Status.PENDING_CONSENT
    friend_token = sent_token(client, p.service_a)
    friend_page = client.get(url("status", friend_token)).content.decode()
    assert "waiting for your friend to confirm" in friend_page
    assert "Confirm and send" not in friend_page
    # The group sees nothing yet.
    login_verified(client, p.dev)
    inbox = client.get(url("inbox", p.group_a.pk)).content.decode()
    assert f"Referral {referral.pk}" not in inbox
    client.logout()

    token = person_token(referral)
    page = client.get(url("status", token)).content.decode()
    assert "Confirm and send to the group" in page
    refused = client.post(url("status_confirm", token), {"consent_version": "share-2025-01"})
    assert "only send the referral if the person agrees" in refused.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.PENDING_CONSENT
    done = client.post(
        url("status_confirm", token), {"consent": "1", "consent_version": "share-2025-01"}
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


@NO_WAIT
def test_peer_form_needs_a_way_to_send_the_friend_the_link(client, p):
    page = client.post(
        url("refer_peer", p.service_a.pk),
        peer_form(contact_methods=[ContactMethod.PHONE_CALL]),
    ).content.decode()
    assert "Your friend needs to confirm the referral themselves" in page
    assert "Harpreet Kaur" in page


def test_a_peer_referrer_cannot_withdraw_or_confirm(client, p):
    created = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="x"
    )
    assert client.get(url("status_withdraw", created.status_token)).status_code == 404
    assert client.post(url("status_confirm", created.status_token)).status_code == 404


def test_status_page_is_private(client, p):
    created = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="x"
    )
    response = client.get(url("status", created.status_token))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    assert '<meta name="referrer" content="strict-origin">' in response.content.decode()
    assert "Sent to the group" in response.content.decode()


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "a" * 200])
def test_wrong_token_is_404(client, p, token):
    assert client.get(url("status", token)).status_code == 404
    assert client.get(url("status_withdraw", token)).status_code == 404


def test_self_referrer_withdraws_through_the_link(client, p):
    created = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="x"
    )
    token = created.status_token
    assert "Withdraw the referral" in client.get(url("status", token)).content.decode()
    assert client.get(url("status_withdraw", token)).status_code == 200
    refused = client.post(url("status_withdraw", token), {})
    assert "Tick the box to confirm" in refused.content.decode()
    response = client.post(url("status_withdraw", token), {"confirm": "1"})
    assert response.status_code == 302
    referral = created.referral
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.name == ""
    page = client.get(url("status", token)).content.decode()
    assert "The group no longer sees the details" in page
    assert client.get(url("status_withdraw", token)).status_code == 404
    # The group sees no details either.
    login_verified(client, p.dev)
    group_page = client.get(url("referral", referral.pk)).content.decode()
    assert "Jas" not in group_page
    assert "details have been removed" in group_page


# --- Professional route ------------------------------------------------------------------


def test_professional_form_sends_anonymous_to_sign_in(client, p):
    response = client.get(url("refer_professional", p.service_a.pk))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_professional_form_refuses_a_non_professional(client, p):
    login_verified(client, p.dev)
    assert client.get(url("refer_professional", p.service_a.pk)).status_code == 403


def test_professional_refers_and_may_proceed_with_a_reason(client, p):
    login_verified(client, p.priya)
    assert client.get(url("refer_professional", p.service_a.pk)).status_code == 200
    first = client.post(url("refer_professional", p.service_a.pk), professional_form(age="12"))
    page = first.content.decode()
    assert "Age is outside the ages the service is for" in page
    assert "You can still send the referral if you say why" in page
    assert not Referral.objects.exists()
    response = client.post(
        url("refer_professional", p.service_a.pk),
        professional_form(age="12", eligibility_reason="Mature; group agreed by phone"),
    )
    referral = Referral.objects.get()
    assert response["Location"] == url("referral", referral.pk)
    assert referral.referrer == p.priya
    assert referral.eligibility_reason == "Mature; group agreed by phone"
    assert "Referral sent to" in client.get(response["Location"]).content.decode()


def test_professional_form_needs_a_consent_method(client, p):
    login_verified(client, p.priya)
    page = client.post(
        url("refer_professional", p.service_a.pk), professional_form(consent_method=None)
    ).content.decode()
    assert "Say how the person gave their consent" in page
    assert "Step-free access" in page


# --- Inbox ---------------------------------------------------------------------------


def test_inbox_tabs_counts_and_overdue(client, p):
    old = refer_professionally(p)
    Referral.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=10))
    fresh = refer_professionally(p)
    waiting = refer_professionally(p)
    services.referral_open(referral=waiting, by=p.dev)
    services.referral_waitlist(referral=waiting, by=p.dev)
    login_verified(client, p.dev)
    page = client.get(url("inbox", p.group_a.pk)).content.decode()
    assert "New (2)" in page
    assert "Waiting list (1)" in page
    assert "Open (0)" in page
    assert page.count("Overdue") == 1
    assert f"Referral {old.pk}" in page and f"Referral {fresh.pk}" in page
    assert "Jas" not in page  # details only on the (logged) referral page
    waiting_tab = client.get(url("inbox", p.group_a.pk) + "?tab=waiting").content.decode()
    assert f"Referral {waiting.pk}" in waiting_tab
    assert f"Referral {old.pk}" not in waiting_tab


@override_settings(REFERRALS_OVERDUE_WORKING_DAYS=20)
def test_overdue_threshold_is_a_setting(client, p):
    old = refer_professionally(p)
    Referral.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=10))
    login_verified(client, p.dev)
    assert "Overdue" not in client.get(url("inbox", p.group_a.pk)).content.decode()


def test_inbox_paginates(client, p, monkeypatch):
    monkeypatch.setattr("referrals.views_inbox.PAGE_SIZE", 2)
    for _ in range(3):
        refer_professionally(p)
    login_verified(client, p.dev)
    page = client.get(url("inbox", p.group_a.pk) + "?page=2").content.decode()
    assert page.count('<tr class="govuk-table__row">') == 2  # header + one row


@pytest.mark.parametrize("persona", ["grace", "priya", "cam"])
def test_inbox_of_another_group_is_404(client, p, persona):
    login_verified(client, getattr(p, persona))
    assert client.get(url("inbox", p.group_a.pk)).status_code == 404


def test_inbox_sends_anonymous_to_sign_in(client, p):
    response = client.get(url("inbox", p.group_a.pk))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_workspace_links_to_the_inbox_with_the_new_count(client, p):
    refer_professionally(p)
    login_verified(client, p.dev)
    page = client.get(reverse("directory:manage_organisation", args=[p.group_a.pk]))
    assert "Referrals (1 new)" in page.content.decode()
    assert url("inbox", p.group_a.pk) in page.content.decode()


# --- Referral page -------------------------------------------------------------------


def test_group_opens_on_first_view_and_reads_details(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.dev)
    page = client.get(url("referral", referral.pk)).content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.OPENED
    assert "Jas" in page and "07700 900123" in page and "Step-free access" in page
    assert "Accept" in page and "Decline the referral" in page
    assert ReferralAccessLog.objects.filter(referral=referral, user=p.dev).exists()
    client.get(url("referral", referral.pk))
    assert ReferralEvent.objects.filter(referral=referral, to_status=Status.OPENED).count() == 1


def test_group_accepts_then_referrer_sees_it_and_is_told(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.dev)
    client.get(url("referral", referral.pk))
    response = client.post(url("referral_action", referral.pk, "accept"))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert OutboxMessage.objects.filter(key__startswith=f"referral:{referral.pk}:status:accepted")
    client.logout()
    login_verified(client, p.priya)
    mine = client.get(url("my_referrals")).content.decode()
    assert "Accepted" in mine and f"Referral {referral.pk}" in mine


def test_invalid_transition_is_a_clear_message(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.dev)
    client.get(url("referral", referral.pk))
    response = client.post(url("referral_action", referral.pk, "met"))
    assert response.status_code == 409
    assert "cannot be marked as first session attended" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.OPENED


def test_decline_needs_a_reason_and_text_for_other(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.dev)
    client.get(url("referral", referral.pk))
    page = client.post(url("referral_action", referral.pk, "decline"), {}).content.decode()
    assert "Choose a reason for declining" in page
    page = client.post(
        url("referral_action", referral.pk, "decline"), {"reason": "other"}
    ).content.decode()
    assert "Say why the referral is declined" in page
    client.post(url("referral_action", referral.pk, "decline"), {"reason": "no_capacity"})
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    page = client.post(url("referral_action", referral.pk, "close"), {}).content.decode()
    assert "Choose an outcome" in page
    client.post(
        url("referral_action", referral.pk, "close"), {"outcome": "other", "text": "Moved away"}
    )
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED
    assert referral.outcome_text == "Moved away"


def test_full_path_contacted_met_closed(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.dev)
    client.get(url("referral", referral.pk))
    for action in ("accept", "contacted", "met"):
        client.post(url("referral_action", referral.pk, action))
    client.post(url("referral_action", referral.pk, "close"), {"outcome": "getting_support"})
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED
    assert [e.to_status for e in referral.events.all()] == [
        Status.SUBMITTED,
        Status.OPENED,
        Status.ACCEPTED,
        Status.CONTACTED,
        Status.MET,
        Status.CLOSED,
    ]


def test_internal_notes_are_for_the_group_only(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.dev)
    empty = client.post(url("referral_action", referral.pk, "note"), {"text": ""})
    assert "Write the note first" in empty.content.decode()
    client.post(url("referral_action", referral.pk, "note"), {"text": "Call on Tuesday"})
    assert ReferralNote.objects.get().text == "Call on Tuesday"
    assert "Call on Tuesday" in client.get(url("referral", referral.pk)).content.decode()
    client.logout()
    login_verified(client, p.priya)
    page = client.get(url("referral", referral.pk)).content.decode()
    assert "Call on Tuesday" not in page
    assert "Internal notes" not in page
    assert (
        client.post(url("referral_action", referral.pk, "note"), {"text": "Sneaky"}).status_code
        == 404
    )
    assert client.post(url("referral_action", referral.pk, "accept")).status_code == 404


def test_referrer_withdraws_at_the_persons_request(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.priya)
    page = client.post(url("referral_action", referral.pk, "withdraw"), {}).content.decode()
    assert "Tick the box to confirm" in page
    client.post(url("referral_action", referral.pk, "withdraw"), {"confirm": "1"})
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.name == ""


def test_referrer_reroutes_to_another_service(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.priya)
    bad = client.post(
        url("referral_action", referral.pk, "reroute"),
        {"service": "nonsense", "consent": "1", "consent_method": "verbal"},
    )
    assert "Give the address of the service" in bad.content.decode()
    response = client.post(
        url("referral_action", referral.pk, "reroute"),
        {
            "service": f"http://testserver/services/{p.service_b.pk}/",
            "consent": "1",
            "consent_method": "verbal",
            "consent_version": "share-2025-01",
        },
    )
    new = Referral.objects.get(rerouted_from=referral)
    assert response["Location"] == url("referral", new.pk)
    assert new.service == p.service_b
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED


@pytest.mark.parametrize("persona", ["grace", "olu", "cam"])
def test_referral_page_is_404_for_others(client, p, persona):
    referral = refer_professionally(p)
    login_verified(client, getattr(p, persona))
    assert client.get(url("referral", referral.pk)).status_code == 404
    assert client.post(url("referral_action", referral.pk, "accept")).status_code == 404


def test_referral_page_of_an_unconfirmed_peer_referral_is_404_for_the_group(client, p):
    created = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="x"
    )
    login_verified(client, p.dev)
    assert client.get(url("referral", created.referral.pk)).status_code == 404


def test_referral_page_sends_anonymous_to_sign_in(client, p):
    referral = refer_professionally(p)
    response = client.get(url("referral", referral.pk))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_site_admin_reads_and_is_logged_but_cannot_act(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.ada)
    assert client.get(url("referral", referral.pk)).status_code == 200
    assert ReferralAccessLog.objects.filter(user=p.ada).exists()
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED  # only the group opens it
    assert client.post(url("referral_action", referral.pk, "accept")).status_code == 404


def test_unknown_action_is_404(client, p):
    referral = refer_professionally(p)
    login_verified(client, p.dev)
    assert client.post(url("referral_action", referral.pk, "explode")).status_code == 404


# --- My referrals ----------------------------------------------------------------------


def test_my_referrals_filters_by_status(client, p):
    first = refer_professionally(p)
    second = refer_professionally(p)
    services.referral_open(referral=second, by=p.dev)
    services.referral_accept(referral=second, by=p.dev)
    login_verified(client, p.priya)
    page = client.get(url("my_referrals") + "?status=accepted").content.decode()
    assert f"Referral {second.pk}" in page
    assert f"Referral {first.pk}" not in page


def test_my_referrals_shows_only_ones_own(client, p):
    refer_professionally(p)
    login_verified(client, p.olu)
    assert "No referrals to show" in client.get(url("my_referrals")).content.decode()


def test_my_referrals_refuses_non_professionals(client, p):
    login_verified(client, p.dev)
    assert client.get(url("my_referrals")).status_code == 403
    client.logout()
    assert client.get(url("my_referrals")).status_code == 302


def test_link_holder_route_is_recorded(p):
    # The status page's withdraw rights come from the link holder.
    created = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="x"
    )
    assert referral_get_by_status_token(created.status_token).link_holder == LinkHolder.REFERRER


def test_overdue_counts_working_days_and_skips_bank_holidays():
    from referrals.selectors import overdue_cutoff

    london = timezone.get_current_timezone()
    # Wednesday 10:00: two working days back is Monday 10:00.
    wednesday = dt.datetime(2025, 3, 12, 10, 0, tzinfo=london)
    assert overdue_cutoff(wednesday) == dt.datetime(2025, 3, 10, 10, 0, tzinfo=london)
    # Monday 10:00: the weekend does not count.
    monday = dt.datetime(2025, 3, 17, 10, 0, tzinfo=london)
    assert overdue_cutoff(monday) == dt.datetime(2025, 3, 13, 10, 0, tzinfo=london)
    # Tuesday after Easter Monday (21 April 2025): Good Friday and Easter Monday are off.
    tuesday = dt.datetime(2025, 4, 22, 10, 0, tzinfo=london)
    assert overdue_cutoff(tuesday) == dt.datetime(2025, 4, 16, 10, 0, tzinfo=london)
