"""Referral services end to end, by route and persona. Priya is a social worker, Olu
another professional, Dev a member of group A (a Punjabi men's group), Grace a member of
group B (a women's centre), Cam a curator and Ada a site admin. ``make_referral_personas``
and the helpers below are shared by the other test_referrals_* modules."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import transaction

from accounts.models import ProfessionalStatus
from directory.models import MembershipRole, OrganisationMembership
from notifications.models import OutboxMessage
from notifications.models import Status as MessageStatus
from referrals import services
from referrals.models import (
    ActorRole,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ContactMethod,
    LinkHolder,
    Mismatch,
    Outcome,
    Referral,
    ReferralEvent,
    Route,
    Status,
    StatusLink,
)
from referrals.selectors import referral_get_by_status_token
from referrals.services import ConsentGiven, PeerReferrer, PersonDetails
from tests.factories import OrganisationFactory, ServiceAreaFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

VERBAL = ConsentMethod.VERBAL_TO_PROFESSIONAL


def make_referral_personas() -> SimpleNamespace:
    group_a = OrganisationFactory(name="Sahara Punjabi Men's Circle")
    group_b = OrganisationFactory(name="Wigan Women's Lantern Centre")
    service_a = ServiceFactory(
        organisation=group_a,
        name="Punjabi men's group",
        referral_routes=["self", "peer", "professional"],
        eligible_genders=["men"],
        minimum_age=18,
    )
    service_b = ServiceFactory(
        organisation=group_b, name="Lantern drop-in", referral_routes=["self", "professional"]
    )
    dev = UserFactory(username="dev", email="dev@example.org")
    grace = UserFactory(username="grace", email="grace@example.org")
    OrganisationMembership.objects.create(organisation=group_a, user=dev, role=MembershipRole.ADMIN)
    OrganisationMembership.objects.create(
        organisation=group_b, user=grace, role=MembershipRole.ADMIN
    )
    approved = {"professional_status": ProfessionalStatus.APPROVED}
    return SimpleNamespace(
        group_a=group_a,
        group_b=group_b,
        service_a=service_a,
        service_b=service_b,
        dev=dev,
        grace=grace,
        priya=UserFactory(username="priya", email="priya@wigan.gov.uk", **approved),
        olu=UserFactory(username="olu", email="olu@leeds.gov.uk", **approved),
        cam=UserFactory(username="cam", email="cam@example.org", is_curator=True),
        ada=UserFactory(username="ada", email="ada@example.org", is_staff=True, is_superuser=True),
    )


def person(**overrides) -> PersonDetails:
    """Jas, who can take texts and calls and has no email address."""
    values = {
        "name": "Jas",
        "contact_methods": (ContactMethod.SMS, ContactMethod.PHONE_CALL),
        "phone": "07700 900123",
        "pronouns": "he/him",
        "safe_times": "Weekdays after 6pm",
        "ok_to_leave_message": False,
        "ok_to_say_who_is_calling": True,
        "preferred_language": "Punjabi",
        "interpreter": "Punjabi",
        "access_needs": "Step-free access; uses a wheelchair",
        "help_wanted": "Feeling low since losing my job; would like to meet others",
        "age": 42,
        "gender": "men",
        "updates_to_person": True,
    }
    values.update(overrides)
    return PersonDetails(**values)


def consent(method: str = ConsentMethod.ONLINE, **overrides) -> ConsentGiven:
    return ConsentGiven(**{"share_with_group": True, "method": method, **overrides})


def friend(**overrides) -> PeerReferrer:
    return PeerReferrer(**{"name": "Harpreet Kaur", "phone": "07700 900456", **overrides})


def refer_professionally(p, service=None, **overrides) -> Referral:
    return services.referral_create_professional(
        service=service or p.service_a,
        by=p.priya,
        person=overrides.pop("person", person()),
        consent=overrides.pop("consent", consent(VERBAL)),
        **overrides,
    )


def person_token(referral: Referral) -> str:
    """The person's confirmation token, as only they receive it (in their message)."""
    message = OutboxMessage.objects.get(key=f"referral:{referral.pk}:link:person")
    return message.context["link"].rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def p() -> SimpleNamespace:
    return make_referral_personas()


@pytest.fixture(autouse=True)
def _referral_test_settings(settings, request):
    """Rate limits count in a cache of this test's own (the shared file cache is used by
    other test runs at the same time); personas' passwords hash quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"referrals-{request.node.nodeid}",
        }
    }


def keys(referral: Referral) -> set[str]:
    return set(
        OutboxMessage.objects.filter(key__startswith=f"referral:{referral.pk}:").values_list(
            "key", flat=True
        )
    )


# --- Professional route ---------------------------------------------------------------


def test_priya_refers_jas_and_the_group_is_told_without_details(p):
    referral = refer_professionally(p)

    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert referral.route == Route.PROFESSIONAL
    assert referral.referrer == p.priya
    assert referral.name == "Jas" and referral.email == ""
    assert referral.age_band == "35-44"
    consent_row = Consent.objects.get(referral=referral)
    assert consent_row.purpose == ConsentPurpose.SHARE_WITH_GROUP
    assert consent_row.method == VERBAL and consent_row.recorded_by == p.priya
    assert consent_row.wording_version == services.CONSENT_WORDING_CURRENT["share_with_group"]
    event = referral.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", Status.SUBMITTED, p.priya)
    message = OutboxMessage.objects.get(
        key=f"referral:{referral.pk}:status:submitted:member:{p.dev.pk}"
    )
    assert message.email == "dev@example.org"
    assert "Jas" not in str(message.context)


def test_only_approved_professionals_use_the_professional_route(p):
    p.olu.professional_status = ProfessionalStatus.PENDING_APPROVAL
    p.olu.save()
    for somebody in (p.olu, p.dev, p.cam):
        with pytest.raises(services.NotPermitted):
            services.referral_create_professional(
                service=p.service_a, by=somebody, person=person(), consent=consent(VERBAL)
            )
    assert not Referral.objects.exists()


def test_no_consent_no_referral(p):
    refused = [
        None,
        consent(VERBAL, share_with_group=False),
        consent(VERBAL, wording_version="made-up"),
        consent(ConsentMethod.ONLINE),  # not a way a professional records consent
    ]
    for given in refused:
        with pytest.raises(services.ConsentRequired) as error:
            refer_professionally(p, consent=given)
        assert error.value.message
    with pytest.raises(services.ConsentRequired):
        services.referral_create_self(
            service=p.service_a, person=person(), consent=None, client_key="1.2.3.4"
        )
    assert not Referral.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_equality_monitoring_consent_is_separate(p):
    referral = refer_professionally(p, consent=consent(VERBAL, equality_monitoring=True))
    assert set(referral.consents.values_list("purpose", flat=True)) == {
        ConsentPurpose.SHARE_WITH_GROUP,
        ConsentPurpose.EQUALITY_MONITORING,
    }
    assert refer_professionally(p).consents.count() == 1


def test_mismatches_need_a_professionals_reason(p):
    ServiceAreaFactory(service=p.service_a, name="Leeds")
    young_woman_in_wigan = person(age=16, gender="women", local_area="Wigan")
    with pytest.raises(services.NotEligible, match="(?i)age"):
        refer_professionally(p, person=young_woman_in_wigan)

    referral = refer_professionally(
        p, person=young_woman_in_wigan, eligibility_reason="The group agreed to meet her."
    )
    assert referral.mismatches == [Mismatch.AGE, Mismatch.GENDER, Mismatch.AREA]
    assert referral.eligibility_reason == "The group agreed to meet her."
    # Self-referrers cannot override: the page shows the mismatch instead.
    with pytest.raises(services.NotEligible):
        services.referral_create_self(
            service=p.service_a, person=young_woman_in_wigan, consent=consent(), client_key="x"
        )


def test_eligibility_ignores_what_was_not_said(p):
    ServiceAreaFactory(service=p.service_b, name="England")
    assert services.referral_mismatches(service=p.service_a, age=None) == []
    assert services.referral_mismatches(service=p.service_b, age=30, local_area="Leeds") == []


def test_no_email_is_ever_required_but_a_way_to_reach_them_is(p):
    letter_only = person(
        contact_methods=(ContactMethod.LETTER,),
        phone="",
        address_lines=("12 Mill Lane", "Wigan"),
        postcode="wn1 1aa",
    )
    assert refer_professionally(p, person=letter_only).postcode == "WN1 1AA"
    with pytest.raises(services.IncompleteDetails):
        refer_professionally(p, person=person(contact_methods=()))
    with pytest.raises(services.IncompleteDetails):
        refer_professionally(p, person=person(contact_methods=(ContactMethod.EMAIL,)))
    with pytest.raises(services.IncompleteDetails):
        refer_professionally(p, person=person(help_wanted="x" * 1001))


# --- Self route ------------------------------------------------------------------------


def test_jas_refers_himself_and_gets_a_private_link(p):
    created = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="203.0.113.9"
    )
    referral = created.referral
    assert referral.status == Status.SUBMITTED and referral.referrer is None
    assert created.status_url.endswith(f"/r/{created.status_token}/")
    link = StatusLink.objects.get(referral=referral)
    assert link.holder == LinkHolder.REFERRER
    assert created.status_token not in link.token_hash
    assert referral_get_by_status_token(created.status_token) == referral
    sms = OutboxMessage.objects.get(key=f"referral:{referral.pk}:link:referrer")
    assert sms.channel == "sms" and sms.phone_number == "07700 900123"
    assert sms.context["link"] == created.status_url


def test_self_referral_only_where_the_service_takes_them(p):
    peer_only = ServiceFactory(organisation=p.group_a, referral_routes=["peer"])
    professional_only = ServiceFactory(organisation=p.group_a, referral_routes=["professional"])
    for service in (peer_only, professional_only):
        with pytest.raises(services.RouteNotAllowed):
            services.referral_create_self(
                service=service, person=person(), consent=consent(), client_key="x"
            )
    with pytest.raises(services.RouteNotAllowed):
        refer_professionally(p, service=peer_only)
    peer_and_professional = ServiceFactory(
        organisation=p.group_a, referral_routes=["peer", "professional"]
    )
    assert peer_and_professional.is_peer_referral_only
    assert refer_professionally(p, service=peer_and_professional).pk
    with pytest.raises(services.RouteNotAllowed):
        services.referral_create_peer(
            service=professional_only, referrer=friend(), person=person(), client_key="x"
        )


# --- Peer route ------------------------------------------------------------------------


def test_a_friend_refers_jas_who_must_confirm_before_the_group_sees_anything(p):
    created = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="198.51.100.7"
    )
    referral = created.referral
    assert referral.status == Status.PENDING_CONSENT
    assert not referral.consents.exists()
    assert keys(referral) == {
        f"referral:{referral.pk}:link:person",
        f"referral:{referral.pk}:link:referrer",
    }, "the group is not told yet"
    invite = OutboxMessage.objects.get(key=f"referral:{referral.pk}:link:person")
    assert invite.phone_number == "07700 900123" and invite.context["referrer_name"] == "Harpreet"
    token = person_token(referral)
    assert token != created.status_token

    # The friend's own link cannot confirm for him.
    with pytest.raises(services.LinkInvalid):
        services.referral_confirm_peer(token=created.status_token, consent=consent())
    with pytest.raises(services.ConsentRequired):
        services.referral_confirm_peer(token=token, consent=None)
    referral.refresh_from_db()
    assert referral.status == Status.PENDING_CONSENT

    services.referral_confirm_peer(
        token=token, consent=consent(ConsentMethod.STATUS_LINK), updates_to_person=False
    )
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED and referral.updates_to_person is False
    assert referral.consents.get().method == ConsentMethod.STATUS_LINK
    event = referral.events.last()
    assert (event.from_status, event.to_status, event.actor_role) == (
        Status.PENDING_CONSENT,
        Status.SUBMITTED,
        ActorRole.PERSON,
    )
    assert f"referral:{referral.pk}:status:submitted:member:{p.dev.pk}" in keys(referral)
    with pytest.raises(services.InvalidTransition):
        services.referral_confirm_peer(token=token, consent=consent())


def test_a_peer_referral_needs_a_link_the_person_can_receive(p):
    calls_only = person(contact_methods=(ContactMethod.PHONE_CALL,))
    with pytest.raises(services.IncompleteDetails):
        services.referral_create_peer(
            service=p.service_a, referrer=friend(), person=calls_only, client_key="x"
        )
    with pytest.raises(services.IncompleteDetails):
        services.referral_create_peer(
            service=p.service_a, referrer=friend(phone=""), person=person(), client_key="x"
        )


def test_the_service_is_not_named_when_that_is_not_safe(p):
    created = services.referral_create_peer(
        service=p.service_a,
        referrer=friend(),
        person=person(ok_to_say_who_is_calling=False),
        client_key="x",
    )
    invite = OutboxMessage.objects.get(key=f"referral:{created.referral.pk}:link:person")
    assert invite.context["service_name"] == ""


# --- Withdrawal -----------------------------------------------------------------------


def test_withdrawal_hides_the_details_ends_consent_and_cancels_messages(p):
    referral = refer_professionally(p)
    services.referral_open(referral=referral, by=p.dev)
    services.referral_accept(referral=referral, by=p.dev)
    services.referral_note_add(referral=referral, by=p.dev, text="Called, no answer")
    waiting = [
        m.key
        for m in OutboxMessage.objects.filter(status=MessageStatus.QUEUED)
        if m.key.startswith(f"referral:{referral.pk}:")
    ]
    assert waiting

    services.referral_withdraw(referral=referral, by=p.priya, note="Jas asked me to stop it")

    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN and referral.outcome == Outcome.PERSON_WITHDREW
    assert referral.details_cleared_at is not None
    assert (referral.name, referral.phone, referral.help_wanted, referral.access_needs) == (
        "",
        "",
        "",
        "",
    )
    assert referral.age is None and referral.contact_methods == []
    assert not referral.notes.exists()
    assert not referral.consents.filter(withdrawn_at__isnull=True).exists()
    for key in waiting:
        assert OutboxMessage.objects.get(key=key).status == MessageStatus.CANCELLED
    told = OutboxMessage.objects.get(key=f"referral:{referral.pk}:status:withdrawn:referrer")
    assert told.status == MessageStatus.QUEUED and told.email == "priya@wigan.gov.uk"
    with pytest.raises(services.InvalidTransition):
        services.referral_withdraw(referral=referral, by=p.priya)


def test_who_may_withdraw(p):
    referral = refer_professionally(p)
    for somebody in (p.dev, p.olu, p.ada):
        with pytest.raises(services.NotPermitted):
            services.referral_withdraw(referral=referral, by=somebody)
    peer = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="x"
    ).referral
    # The friend's link cannot withdraw; the person's can.
    with pytest.raises(services.NotPermitted):
        services.referral_withdraw(referral=peer, link_holder=LinkHolder.REFERRER)
    services.referral_withdraw(referral=peer, link_holder=LinkHolder.PERSON)
    peer.refresh_from_db()
    assert peer.status == Status.WITHDRAWN and peer.name == ""
    assert peer.events.last().actor_role == ActorRole.PERSON


# --- Re-routing -----------------------------------------------------------------------


def test_priya_reroutes_keeping_history_and_asking_consent_again(p):
    old = refer_professionally(p)
    services.referral_open(referral=old, by=p.dev)
    with pytest.raises(services.ConsentRequired):
        services.referral_reroute(referral=old, to_service=p.service_b, by=p.priya)
    with pytest.raises(services.NotPermitted):
        services.referral_reroute(
            referral=old, to_service=p.service_b, by=p.olu, consent=consent(VERBAL)
        )

    new = services.referral_reroute(
        referral=old,
        to_service=p.service_b,
        by=p.priya,
        consent=consent(VERBAL),
        note="Jas would rather go to the drop-in",
    )

    old.refresh_from_db()
    assert old.status == Status.CLOSED and old.outcome == Outcome.REROUTED
    assert old.name == "" and old.details_cleared_at
    assert [e.to_status for e in old.events.all()] == [
        Status.SUBMITTED,
        Status.OPENED,
        Status.CLOSED,
    ]
    assert new.rerouted_from == old and list(old.rerouted_to.all()) == [new]
    assert new.status == Status.SUBMITTED and new.service == p.service_b
    assert new.name == "Jas" and new.help_wanted.startswith("Feeling low")
    assert new.consents.get().recorded_by == p.priya
    assert f"referral:{new.pk}:status:submitted:member:{p.grace.pk}" in keys(new)
    assert not any(k.startswith(f"referral:{old.pk}:status:closed") for k in keys(old))


def test_a_self_referrer_reroutes_through_their_link_which_follows_the_new_referral(p):
    created = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="x"
    )
    new = services.referral_reroute(
        referral=created.referral,
        to_service=p.service_b,
        link_holder=LinkHolder.REFERRER,
        consent=consent(ConsentMethod.STATUS_LINK),
    )
    assert referral_get_by_status_token(created.status_token) == new


def test_a_rerouted_peer_referral_waits_for_the_person_again(p):
    service = ServiceFactory(organisation=p.group_b, referral_routes=["peer"])
    peer = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="x"
    ).referral
    services.referral_confirm_peer(token=person_token(peer), consent=consent())
    new = services.referral_reroute(
        referral=peer, to_service=service, link_holder=LinkHolder.REFERRER
    )
    assert new.status == Status.PENDING_CONSENT
    services.referral_confirm_peer(token=person_token(new), consent=consent())
    new.refresh_from_db()
    assert new.status == Status.SUBMITTED


# --- Messages share the move's transaction --------------------------------------------


def test_messages_are_queued_in_the_same_transaction_and_roll_back_with_it(p):
    referral = refer_professionally(p)
    services.referral_open(referral=referral, by=p.dev)
    before = OutboxMessage.objects.count()
    real_queue = services.messages.message_queue
    calls = []

    def queue_then_fail(**kwargs):
        calls.append(kwargs["key"])
        if len(calls) == 2:
            raise RuntimeError("the second message cannot be written")
        return real_queue(**kwargs)

    with mock.patch("referrals.services.messages.message_queue", side_effect=queue_then_fail):
        with pytest.raises(RuntimeError):
            services.referral_accept(referral=referral, by=p.dev)
    assert calls[0] == f"referral:{referral.pk}:status:accepted:referrer"
    referral.refresh_from_db()
    assert referral.status == Status.OPENED
    assert OutboxMessage.objects.count() == before, "the first message rolled back too"
    assert not ReferralEvent.objects.filter(referral=referral, to_status=Status.ACCEPTED).exists()

    with pytest.raises(RuntimeError), transaction.atomic():
        services.referral_accept(referral=referral, by=p.dev)
        raise RuntimeError
    assert OutboxMessage.objects.count() == before

    services.referral_accept(referral=referral, by=p.dev)
    assert {
        f"referral:{referral.pk}:status:accepted:referrer",
        f"referral:{referral.pk}:status:accepted:person",
    } <= keys(referral)
    person_message = OutboxMessage.objects.get(key=f"referral:{referral.pk}:status:accepted:person")
    assert person_message.channel == "sms" and person_message.fallback == []
