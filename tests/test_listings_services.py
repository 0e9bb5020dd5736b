"""Listing services and selectors by persona: Dev looks after group A, Grace group B, Cam
curates. Also the shared ``make_personas`` used by the other test_listings_* modules."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from directory import models as m
from directory import selectors, services
from directory.search import services_search
from directory.services.snapshots import organisation_snapshot, service_snapshot, snapshot_diff
from tests.factories import (
    AddressFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def make_personas() -> SimpleNamespace:
    today = timezone.localdate()
    group_a = OrganisationFactory(name="Sahara Punjabi Men's Circle")
    group_b = OrganisationFactory(name="Wigan Women's Lantern Centre")
    service_a = ServiceFactory(
        organisation=group_a,
        name="Punjabi men's group",
        assured_date=today,
        terms=["service-types:peer-support", "communities:punjabi"],
    )
    service_b = ServiceFactory(organisation=group_b, name="Lantern drop-in", assured_date=today)
    dev = UserFactory(username="dev", email="dev@example.org")
    raj = UserFactory(username="raj", email="raj@example.org")
    grace = UserFactory(username="grace", email="grace@example.org")
    cam = UserFactory(username="cam", email="cam@example.org", is_curator=True)
    services.membership_add(organisation=group_a, user=dev, role=m.MembershipRole.ADMIN)
    services.membership_add(organisation=group_a, user=raj, role=m.MembershipRole.MEMBER)
    services.membership_add(organisation=group_b, user=grace, role=m.MembershipRole.ADMIN)
    return SimpleNamespace(
        group_a=group_a,
        group_b=group_b,
        service_a=service_a,
        service_b=service_b,
        dev=dev,
        raj=raj,
        grace=grace,
        cam=cam,
        public=UserFactory(username="pat", email="pat@example.org"),
    )


@pytest.fixture
def p() -> SimpleNamespace:
    return make_personas()


def propose_service(p, service, by, **fields):
    base = service_snapshot(service)
    proposed = {**base, **fields}
    return services.change_propose(
        organisation=service.organisation, service=service, base=base, proposed=proposed, by=by
    )


# --- Access: fetches are scoped, other groups' records are 404 -----------------------


def test_dev_fetches_his_own_group(p):
    assert selectors.organisation_get_for_member(p.dev, p.group_a.pk) == p.group_a
    assert selectors.service_get_for_member(p.dev, p.service_a.pk) == p.service_a
    assert list(selectors.organisations_for_member(p.dev)) == [p.group_a]


@pytest.mark.parametrize(
    "fetch",
    [
        lambda p: selectors.organisation_get_for_member(p.dev, p.group_b.pk),
        lambda p: selectors.organisation_get_for_admin(p.dev, p.group_b.pk),
        lambda p: selectors.service_get_for_member(p.dev, p.service_b.pk),
        lambda p: selectors.membership_get_for_admin(
            p.dev, p.group_b.memberships.get(user=p.grace).pk
        ),
        lambda p: selectors.pending_change_get_for_member(
            p.dev, propose_service(p, p.service_b, p.grace, name="Lantern").pk
        ),
        lambda p: selectors.invitation_get_for_admin(
            p.dev,
            services.invitation_create(
                organisation=p.group_b,
                email="x@example.org",
                role="member",
                by=p.grace,
                accept_url_base="http://testserver/invitations/",
            )[0].pk,
        ),
    ],
    ids=["organisation", "organisation-admin", "service", "member", "change", "invitation"],
)
def test_dev_can_never_fetch_group_b_records(p, fetch):
    with pytest.raises(Http404):
        fetch(p)


def test_plain_member_is_not_an_admin(p):
    with pytest.raises(Http404):
        selectors.organisation_get_for_admin(p.raj, p.group_a.pk)
    with pytest.raises(Http404):
        selectors.membership_get_for_admin(p.raj, p.group_a.memberships.get(user=p.dev).pk)


def test_only_curators_fetch_curator_queues(p):
    assert set(selectors.curator_queues(p.cam)) == {
        "changes",
        "claims",
        "suggestions",
        "reports",
        "stale",
    }
    for person in (p.dev, p.grace, p.public):
        with pytest.raises(Http404):
            selectors.curator_queues(person)


def test_memberships_make_mfa_required(p):
    from directory.access import user_has_memberships

    assert user_has_memberships(p.dev) and user_has_memberships(p.grace)
    assert not user_has_memberships(p.public)
    assert not user_has_memberships(p.cam)


# --- Memberships, invitations, claims ----------------------------------------------


def test_invitation_accepted_by_the_matching_email_only(p):
    invitation, token = services.invitation_create(
        organisation=p.group_a,
        email="Amar@Example.org",
        role=m.MembershipRole.MEMBER,
        by=p.dev,
        accept_url_base="http://testserver/invitations/",
    )
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert token not in str(m.Invitation.objects.values_list().get(pk=invitation.pk))
    with pytest.raises(services.InvitationError):
        services.invitation_accept(token=token, user=p.grace)
    amar = UserFactory(username="amar", email="amar@example.org")
    membership = services.invitation_accept(token=token, user=amar)
    assert membership.organisation == p.group_a and membership.role == "member"
    with pytest.raises(services.InvitationError):
        services.invitation_accept(token=token, user=amar)


def test_invitation_email_carries_the_link(p, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invitation_create(
            organisation=p.group_a,
            email="amar@example.org",
            role="member",
            by=p.dev,
            accept_url_base="http://testserver/invitations/",
        )
    assert mail.outbox[-1].to == ["amar@example.org"]
    assert f"http://testserver/invitations/{token}/" in mail.outbox[-1].body


def test_expired_and_revoked_invitations_are_refused(p):
    invitation, token = services.invitation_create(
        organisation=p.group_a, email="a@example.org", role="member", by=p.dev, accept_url_base=""
    )
    m.Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    user = UserFactory(username="a", email="a@example.org")
    with pytest.raises(services.InvitationError):
        services.invitation_accept(token=token, user=user)
    invitation, token = services.invitation_create(
        organisation=p.group_a, email="a@example.org", role="member", by=p.dev, accept_url_base=""
    )
    services.invitation_revoke(invitation=invitation, by=p.dev)
    with pytest.raises(services.InvitationError):
        services.invitation_accept(token=token, user=user)


def test_admin_removes_a_member_but_never_the_last_admin(p):
    services.membership_remove(membership=p.group_a.memberships.get(user=p.raj), by=p.dev)
    assert not p.group_a.memberships.filter(user=p.raj).exists()
    with pytest.raises(services.ListingError):
        services.membership_remove(membership=p.group_a.memberships.get(user=p.dev), by=p.dev)


def test_claim_approved_makes_an_admin(p):
    unclaimed = OrganisationFactory(name="Unclaimed Allotment Club")
    claim = services.claim_request_create(organisation=unclaimed, user=p.public, message="I run it")
    with pytest.raises(services.ListingError):
        services.claim_request_create(organisation=unclaimed, user=p.public, message="again")
    services.claim_approve(claim=claim, by=p.cam)
    assert unclaimed.memberships.get(user=p.public).role == m.MembershipRole.ADMIN
    with pytest.raises(services.NotPending):
        services.claim_reject(claim=claim, by=p.cam, message="too late")


def test_claimed_listing_cannot_be_claimed(p):
    with pytest.raises(services.ListingError):
        services.claim_request_create(organisation=p.group_a, user=p.public, message="mine")


def test_claim_rejected_leaves_no_membership(p):
    unclaimed = OrganisationFactory()
    claim = services.claim_request_create(organisation=unclaimed, user=p.public, message="hi")
    services.claim_reject(claim=claim, by=p.cam, message="We could not confirm this.")
    claim.refresh_from_db()
    assert claim.status == m.ClaimStatus.REJECTED and claim.review_message
    assert not unclaimed.memberships.exists()


# --- Moderation ---------------------------------------------------------------------


def test_proposed_edit_changes_nothing_until_approved(p, django_capture_on_commit_callbacks):
    change = propose_service(
        p, p.service_a, p.dev, name="Punjabi men's circle", led_by=["user_led"]
    )
    p.service_a.refresh_from_db()
    assert p.service_a.name == "Punjabi men's group"
    with django_capture_on_commit_callbacks(execute=True):
        services.change_approve(change=change, by=p.cam, message="Thanks")
    p.service_a.refresh_from_db()
    assert p.service_a.name == "Punjabi men's circle" and p.service_a.led_by == ["user_led"]
    change.refresh_from_db()
    assert change.status == m.ChangeStatus.APPROVED and change.reviewed_by == p.cam
    assert mail.outbox[-1].to == ["dev@example.org"] and "Thanks" in mail.outbox[-1].body
    latest = p.service_a.history.latest()
    assert latest.history_user == p.cam and "dev" in latest.history_change_reason


def test_diff_has_human_labels_and_values(p):
    change = propose_service(
        p,
        p.service_a,
        p.dev,
        access_modes=["in_person", "online"],
        communities=["punjabi", "muslim"],
        is_free=False,
    )
    diff = {
        d.key: d for d in snapshot_diff(model=m.Service, base=change.base, proposed=change.proposed)
    }
    assert set(diff) == {"access_modes", "communities", "is_free"}
    assert diff["access_modes"].label == "Ways to take part"
    assert diff["access_modes"].new == ["In person", "Online"]
    assert diff["is_free"].old == ["Yes"] and diff["is_free"].new == ["No"]
    assert "Punjabi" in diff["communities"].old[0]


def test_rejected_edit_leaves_the_listing(p, django_capture_on_commit_callbacks):
    change = propose_service(p, p.service_a, p.dev, name="Something else")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_reject(change=change, by=p.cam, message="Please keep the name.")
    p.service_a.refresh_from_db()
    assert p.service_a.name == "Punjabi men's group"
    assert "Please keep the name." in mail.outbox[-1].body
    with pytest.raises(services.NotPending):
        services.change_approve(change=change, by=p.cam)


def test_stale_proposal_is_refused(p):
    first = propose_service(p, p.service_a, p.dev, description="First")
    second = propose_service(p, p.service_a, p.raj, description="Second")
    services.change_approve(change=first, by=p.cam)
    with pytest.raises(services.ChangeConflict):
        services.change_approve(change=second, by=p.cam)
    p.service_a.refresh_from_db()
    assert p.service_a.description == "First"
    second.refresh_from_db()
    assert second.status == m.ChangeStatus.PENDING


def test_capacity_and_confirmation_do_not_invalidate_a_proposal(p):
    change = propose_service(p, p.service_a, p.dev, description="New words")
    services.service_capacity_set(
        service=p.service_a, status="waiting_list", waiting_list_weeks=4, by=p.raj
    )
    services.service_confirm(service=p.service_a, by=p.raj)
    services.change_approve(change=change, by=p.cam)
    p.service_a.refresh_from_db()
    assert p.service_a.description == "New words"
    assert p.service_a.capacity_status == "waiting_list"


def test_empty_proposal_is_refused(p):
    with pytest.raises(services.ListingError):
        propose_service(p, p.service_a, p.dev)


def test_approving_related_rows(p):
    ScheduleFactory(service=p.service_a, byday="MO")
    LanguageFactory(service=p.service_a, name="English", code="en")
    location = LocationFactory(organisation=p.group_a, name="Gurdwara hall")
    AddressFactory(location=location)
    ServiceAtLocationFactory(service=p.service_a, location=location)
    base = service_snapshot(p.service_a)
    moved = {**base["locations"][0], "name": "Community hall", "address_1": "2 Library St"}
    new_place = {
        "id": "",
        "name": "Library",
        "description": "",
        "transportation": "",
        "address_1": "3 Hope St",
        "address_2": "",
        "city": "Wigan",
        "state_province": "Greater Manchester",
        "postal_code": "WN1 1AB",
    }
    proposed = {
        **base,
        "schedules": [
            {
                "freq": "WEEKLY",
                "interval": None,
                "byday": "TH",
                "opens_at": "18:00",
                "closes_at": "20:00",
                "description": "",
                "notes": "",
            }
        ],
        "languages": [
            {"name": "Punjabi", "code": "pa", "note": ""},
            {"name": "English", "code": "en", "note": ""},
        ],
        "locations": [moved, new_place],
        "service_types": ["peer-support", "social-creative"],
    }
    change = services.change_propose(
        organisation=p.group_a, service=p.service_a, base=base, proposed=proposed, by=p.dev
    )
    services.change_approve(change=change, by=p.cam)
    assert list(p.service_a.schedules.values_list("byday", flat=True)) == ["TH"]
    assert set(p.service_a.languages.values_list("code", flat=True)) == {"pa", "en"}
    names = set(p.service_a.service_at_locations.values_list("location__name", flat=True))
    assert names == {"Community hall", "Library"}
    location.refresh_from_db()
    assert location.addresses.get().address_1 == "2 Library St"
    assert set(
        p.service_a.terms.filter(taxonomy__slug="service-types").values_list("code", flat=True)
    ) == {"peer-support", "social-creative"}
    assert set(
        p.service_a.terms.filter(taxonomy__slug="communities").values_list("code", flat=True)
    ) == {"punjabi"}
    assert service_snapshot(p.service_a) != base


def test_organisation_edit_approved(p):
    base = organisation_snapshot(p.group_a)
    change = services.change_propose(
        organisation=p.group_a,
        base=base,
        proposed={**base, "website": "https://sahara.example.org/"},
        by=p.dev,
    )
    services.change_approve(change=change, by=p.cam)
    p.group_a.refresh_from_db()
    assert p.group_a.website == "https://sahara.example.org/"
    assert p.group_a.history.latest().history_user == p.cam


def test_curator_history_lists_versions_with_who(p):
    propose = propose_service(p, p.service_a, p.dev, description="Changed")
    services.change_approve(change=propose, by=p.cam)
    history = selectors.listing_history_for_curator(p.cam, organisation_pk=p.group_a.pk)
    newest = history["entries"][0]
    assert newest["version"].history_user == p.cam
    assert newest["changed"] == ["description"]
    with pytest.raises(Http404):
        selectors.listing_history_for_curator(p.dev, organisation_pk=p.group_a.pk)


# --- Capacity and confirmation --------------------------------------------------------


def test_capacity_change_is_visible_in_search_at_once(p):
    def found(params):
        return list(services_search(params=params).queryset)

    assert p.service_a in found({"q": "punjabi", "accepting": "1"})
    services.service_capacity_set(
        service=p.service_a, status="not_accepting", waiting_list_weeks=None, by=p.raj
    )
    assert p.service_a not in found({"q": "punjabi", "accepting": "1"})
    services.service_capacity_set(
        service=p.service_a, status="waiting_list", waiting_list_weeks=6, by=p.raj
    )
    [result] = [s for s in found({"q": "punjabi"}) if s.pk == p.service_a.pk]
    assert result.capacity_status == "waiting_list" and result.waiting_list_weeks == 6


def test_waiting_weeks_dropped_unless_waiting_list(p):
    service = services.service_capacity_set(
        service=p.service_a, status="accepting", waiting_list_weeks=5, by=p.dev
    )
    assert service.waiting_list_weeks is None and service.capacity_updated_at


def test_still_accurate_sets_the_date(p):
    m.Service.objects.filter(pk=p.service_a.pk).update(assured_date=dt.date(2025, 1, 1))
    p.service_a.refresh_from_db()
    services.service_confirm(service=p.service_a, by=p.dev, today=dt.date(2026, 3, 4))
    p.service_a.refresh_from_db()
    assert p.service_a.assured_date == dt.date(2026, 3, 4)
    assert p.service_a.assurer_email == "dev@example.org"
