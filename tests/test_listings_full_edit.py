"""Every member-editable part of a listing goes propose → curator diff → approve through the
pages: phones, contacts, costs, areas, funding, registered numbers, full schedules, places
with their accessibility and phones, and new listings. Dev looks after group A, Grace group
B, Cam curates; Dev can never reach group B's rows by editing ids in the form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.testing import login_verified
from directory import models as m
from directory import services
from directory.services.snapshots import organisation_snapshot, service_snapshot
from tests.factories import AddressFactory, LocationFactory, ServiceAtLocationFactory
from tests.test_listings_services import make_personas
from tests.test_listings_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


def as_user(client, user):
    login_verified(client, user)
    return client


def propose(client, p, url, changes: dict) -> m.PendingChange:
    as_user(client, p.dev)
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["error_forms"]
    ]
    return m.PendingChange.objects.filter(status="pending").latest("submitted_at")


def review_and_approve(client, p, change, *expected_text) -> None:
    as_user(client, p.cam)
    url = reverse("directory:curate_change", args=[change.pk])
    page = client.get(url).content.decode()
    for text in expected_text:
        assert text in page, text
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302, response.content.decode()[:2000]
    change.refresh_from_db()
    assert change.status == "approved"


def service_phones(service):
    return m.Phone.objects.filter(service=service, contact=None, location=None)


SERVICE_CASES = {
    "phones": (
        {
            "phones-0-number": "01942 123456",
            "phones-0-extension": "12",
            "phones-0-type": "voice",
            "phones-0-description": "Evenings only",
        },
        ("Phone numbers", "Number: 01942 123456", "Extension: 12", "Evenings only"),
        lambda s: (
            list(service_phones(s).values_list("number", "extension", "type", "description"))
            == [("01942 123456", "12", "voice", "Evenings only")]
        ),
    ),
    "contacts": (
        {
            "contacts-0-name": "Asha Patel",
            "contacts-0-title": "Coordinator",
            "contacts-0-department": "Outreach",
            "contacts-0-email": "asha@example.org",
            "contacts-0-phones-0-number": "07700 900123",
        },
        ("Contacts", "Name: Asha Patel", "Role: Coordinator", "07700 900123"),
        lambda s: (
            list(s.contacts.values_list("name", "title", "department", "email"))
            == [("Asha Patel", "Coordinator", "Outreach", "asha@example.org")]
            and list(s.contacts.get().phones.values_list("number", flat=True)) == ["07700 900123"]
        ),
    ),
    "cost_options": (
        {
            "cost_options-0-option": "Each session",
            "cost_options-0-amount": "3.50",
            "cost_options-0-amount_description": "Pay what you can",
            "cost_options-0-valid_from": "1/4/2026",
            "cost_options-0-valid_to": "31/3/2027",
        },
        ("Costs", "Each session", "3.50", "Pay what you can", "From: 1 April 2026"),
        lambda s: (
            list(
                s.cost_options.values_list(
                    "option", "amount", "amount_description", "valid_from", "valid_to"
                )
            )
            == [
                (
                    "Each session",
                    Decimal("3.50"),
                    "Pay what you can",
                    dt.date(2026, 4, 1),
                    dt.date(2027, 3, 31),
                )
            ]
        ),
    ),
    "service_areas": (
        {
            "service_areas-0-name": "Wigan",
            "service_areas-0-description": "The whole borough",
            "service_areas-0-uri": "https://example.org/wigan",
        },
        ("Areas served", "Wigan", "The whole borough"),
        lambda s: (
            list(s.service_areas.values_list("name", "description", "uri"))
            == [("Wigan", "The whole borough", "https://example.org/wigan")]
        ),
    ),
    "funding": (
        {"funding-0-source": "National Lottery Community Fund"},
        ("Funding", "National Lottery Community Fund"),
        lambda s: (
            list(s.funding.values_list("source", flat=True)) == ["National Lottery Community Fund"]
        ),
    ),
    "schedule-details": (
        {
            "schedules-0-freq": "MONTHLY",
            "schedules-0-bymonthday": "1,15",
            "schedules-0-opens_at": "10:00",
            "schedules-0-closes_at": "12:00",
            "schedules-0-dtstart": "1/5/2026",
            "schedules-0-valid_from": "1/5/2026",
            "schedules-0-valid_to": "31/12/2026",
            "schedules-0-attending_type": "in person",
            "schedules-0-schedule_link": "https://example.org/timetable",
        },
        ("When it is on", "How to attend: in person", "Until: 31 December 2026"),
        lambda s: (
            list(
                s.schedules.values_list(
                    "freq",
                    "bymonthday",
                    "dtstart",
                    "valid_from",
                    "valid_to",
                    "attending_type",
                    "schedule_link",
                )
            )
            == [
                (
                    "MONTHLY",
                    "1,15",
                    dt.date(2026, 5, 1),
                    dt.date(2026, 5, 1),
                    dt.date(2026, 12, 31),
                    "in person",
                    "https://example.org/timetable",
                )
            ]
        ),
    ),
    "place-with-accessibility-and-phone": (
        {
            "locations-0-name": "Gurdwara hall",
            "locations-0-alternate_name": "The hall",
            "locations-0-attention": "The caretaker",
            "locations-0-address_1": "1 Library Street",
            "locations-0-city": "Wigan",
            "locations-0-region": "North West",
            "locations-0-state_province": "Greater Manchester",
            "locations-0-postal_code": "wn1 1ab",
            "locations-0-accessibility-0-description": "Step-free entrance",
            "locations-0-accessibility-0-details": "Ramp at the side door",
            "locations-0-accessibility-0-url": "https://example.org/access",
            "locations-0-phones-0-number": "01942 555000",
        },
        ("Where it is", "Gurdwara hall", "Accessibility", "Step-free entrance", "01942 555000"),
        lambda s: _place_saved(s),
    ),
    "online-place": (
        {
            "locations-0-location_type": "virtual",
            "locations-0-name": "Zoom circle",
            "locations-0-url": "https://example.org/join",
        },
        ("Where it is", "Zoom circle", "https://example.org/join"),
        lambda s: (
            list(
                m.Location.objects.filter(service_at_locations__service=s).values_list(
                    "location_type", "url", "name"
                )
            )
            == [("virtual", "https://example.org/join", "Zoom circle")]
        ),
    ),
}


def _place_saved(service) -> bool:
    location = m.Location.objects.filter(service_at_locations__service=service).first()
    if location is None:
        return False
    address = location.addresses.get()
    return (
        (location.name, location.alternate_name) == ("Gurdwara hall", "The hall")
        and (address.attention, address.region, address.postal_code)
        == ("The caretaker", "North West", "WN1 1AB")
        and list(location.accessibility.values_list("description", "details", "url"))
        == [("Step-free entrance", "Ramp at the side door", "https://example.org/access")]
        and list(location.phones.values_list("number", flat=True)) == ["01942 555000"]
    )


@pytest.mark.parametrize("case", SERVICE_CASES, ids=list(SERVICE_CASES))
def test_service_rows_round_trip(client, p, case):
    changes, shown, applied = SERVICE_CASES[case]
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    change = propose(client, p, url, changes)
    assert not applied(p.service_a), "nothing public changes before approval"
    review_and_approve(client, p, change, *shown)
    assert applied(p.service_a)
    # The form now starts from what was approved, so sending it again changes nothing.
    as_user(client, p.dev)
    again = client.post(url, form_data(client.get(url)))
    assert "You did not change anything." in again.content.decode()


ORGANISATION_CASES = {
    "logo": (
        {"logo": "https://example.org/logo.png"},
        ("Logo URL", "https://example.org/logo.png"),
        lambda o: o.logo == "https://example.org/logo.png",
    ),
    "identifiers": (
        {
            "identifiers-0-identifier_type": "Registered charity number",
            "identifiers-0-identifier_scheme": "GB-CHC",
            "identifiers-0-identifier": "1234567",
        },
        ("Registered numbers", "Registered charity number", "1234567"),
        lambda o: (
            list(o.identifiers.values_list("identifier_type", "identifier_scheme", "identifier"))
            == [("Registered charity number", "GB-CHC", "1234567")]
        ),
    ),
    "contacts": (
        {
            "contacts-0-name": "Harjit",
            "contacts-0-email": "harjit@example.org",
            "contacts-0-phones-0-number": "01942 000111",
        },
        ("Contacts", "Name: Harjit", "01942 000111"),
        lambda o: (
            list(o.contacts.values_list("name", "email")) == [("Harjit", "harjit@example.org")]
            and list(o.contacts.get().phones.values_list("number", flat=True)) == ["01942 000111"]
        ),
    ),
}


@pytest.mark.parametrize("case", ORGANISATION_CASES, ids=list(ORGANISATION_CASES))
def test_organisation_rows_round_trip(client, p, case):
    changes, shown, applied = ORGANISATION_CASES[case]
    change = propose(
        client, p, reverse("directory:manage_organisation_edit", args=[p.group_a.pk]), changes
    )
    p.group_a.refresh_from_db()
    assert not applied(p.group_a)
    review_and_approve(client, p, change, *shown)
    p.group_a.refresh_from_db()
    assert applied(p.group_a)


# --- Changing and removing rows -------------------------------------------------------


@pytest.fixture
def rows(p):
    service = p.service_a
    m.Phone.objects.create(service=service, number="01942 111111")
    m.Phone.objects.create(service=service, number="01942 222222")
    contact = m.Contact.objects.create(service=service, name="Old contact")
    m.Phone.objects.create(contact=contact, number="07700 900000")
    m.Funding.objects.create(service=service, source="Council grant")
    m.CostOption.objects.create(service=service, option="Each session", amount=Decimal("2"))
    location = LocationFactory(organisation=p.group_a, name="Gurdwara hall")
    AddressFactory(location=location)
    ServiceAtLocationFactory(service=service, location=location)
    m.Accessibility.objects.create(location=location, description="Hearing loop")
    return location


def test_rows_are_changed_and_removed(client, p, rows):
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    as_user(client, p.dev)
    data = form_data(client.get(url))
    # Rows are sorted, so find them by what they hold.
    phone_index = next(
        k.split("-")[1] for k, v in data.items() if k.startswith("phones-") and v == "01942 111111"
    )
    data[f"phones-{phone_index}-DELETE"] = "1"
    data["contacts-0-name"] = "New contact"
    data["contacts-0-phones-0-DELETE"] = "1"
    data["funding-0-DELETE"] = "1"
    data["cost_options-0-amount"] = "2.50"
    data["locations-0-accessibility-0-description"] = "Hearing loop in the main hall"
    change = propose(client, p, url, data)
    review_and_approve(
        client, p, change, "01942 111111", "New contact", "Council grant", "2.50", "main hall"
    )
    service = p.service_a
    assert list(service_phones(service).values_list("number", flat=True)) == ["01942 222222"]
    contact = service.contacts.get()
    assert contact.name == "New contact" and not contact.phones.exists()
    assert not service.funding.exists()
    assert service.cost_options.get().amount == Decimal("2.50")
    assert list(rows.accessibility.values_list("description", flat=True)) == [
        "Hearing loop in the main hall"
    ]


def test_bad_rows_get_clear_errors_and_keep_what_was_typed(client, p):
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    as_user(client, p.dev)
    data = form_data(client.get(url))
    data.update(
        {
            "description": "Kept description",
            "phones-0-number": "call us!",
            "contacts-0-department": "Only a department",
            "cost_options-0-amount": "-3",
            "cost_options-0-valid_from": "2/4/2026",
            "cost_options-0-valid_to": "1/4/2026",
            "service_areas-0-uri": "not a link",
            "locations-0-accessibility-0-description": "Ramp, in an empty new place",
        }
    )
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    for message in (
        "Enter a phone number",
        "Give the contact&#x27;s name, role or email address",
        "Ensure this value is greater than or equal to 0",
        "Enter a valid URL",
        "The last date must not be before the first.",
        "Fill in this row too",
    ):
        assert message in page, message
    for kept in (
        "Kept description",
        "call us!",
        "Only a department",
        "Ramp, in an empty new place",
    ):
        assert kept in page, kept
    assert not m.PendingChange.objects.filter(service=p.service_a).exists()


def test_a_place_needs_its_address(client, p):
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    as_user(client, p.dev)
    data = form_data(client.get(url))
    data.update({"locations-0-name": "Somewhere", "locations-0-postal_code": "nonsense"})
    page = client.post(url, data).content.decode()
    for message in ("Enter the first line of the address.", "Enter the town or city."):
        assert message in page, message
    assert 'value="nonsense"' in page


def test_online_place_needs_its_link(client, p):
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    as_user(client, p.dev)
    data = form_data(client.get(url))
    data.update({"locations-0-location_type": "virtual", "locations-0-name": "Online"})
    page = client.post(url, data).content.decode()
    assert "Enter the link people use to join online." in page


def test_duplicate_registered_numbers_never_reach_approval(client, p):
    """Two identical numbers would break the database's uniqueness rule at approval."""
    url = reverse("directory:manage_organisation_edit", args=[p.group_a.pk])
    as_user(client, p.dev)
    data = form_data(client.get(url))
    data.update(
        {
            "identifiers-TOTAL_FORMS": "2",
            "identifiers-0-identifier_type": "Charity",
            "identifiers-0-identifier": "1",
            "identifiers-1-identifier_type": "Charity",
            "identifiers-1-identifier": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "listed twice" in response.content.decode()


# --- New listings ---------------------------------------------------------------------


def test_member_proposes_a_new_listing_created_only_on_approval(client, p):
    url = reverse("directory:manage_service_create", args=[p.group_a.pk])
    as_user(client, p.dev)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page)
    data.update(
        {
            "name": "Walking football",
            "description": "Gentle football for men over 50.",
            "phones-0-number": "01942 333444",
            "funding-0-source": "Sport England",
            "schedules-0-freq": "WEEKLY",
            "schedules-0-byday": "SA",
            "schedules-0-opens_at": "10:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert not m.Service.objects.filter(name="Walking football").exists()
    change = m.PendingChange.objects.get(organisation=p.group_a, service=None)
    workspace = client.get(reverse("directory:manage_organisation", args=[p.group_a.pk]))
    assert "New listing: Walking football" in workspace.content.decode()

    as_user(client, p.cam)
    assert (
        "New listing: Walking football"
        in client.get(reverse("directory:curate_home")).content.decode()
    )
    review_and_approve(client, p, change, "Review a new listing", "Sport England", "01942 333444")
    service = m.Service.objects.get(name="Walking football")
    assert service.organisation == p.group_a
    assert list(service_phones(service).values_list("number", flat=True)) == ["01942 333444"]
    assert list(service.funding.values_list("source", flat=True)) == ["Sport England"]
    assert list(service.schedules.values_list("byday", flat=True)) == ["SA"]
    change.refresh_from_db()
    assert change.service == service


def test_new_listing_needs_a_name(client, p):
    url = reverse("directory:manage_service_create", args=[p.group_a.pk])
    as_user(client, p.dev)
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not m.PendingChange.objects.exists()


def test_dev_cannot_propose_a_listing_for_group_b(client, p):
    as_user(client, p.dev)
    url = reverse("directory:manage_service_create", args=[p.group_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Sneaky"}).status_code == 404
    assert not m.PendingChange.objects.exists()


def test_rejected_new_listing_is_never_created(p):
    change = services.changes.service_new_propose(
        organisation=p.group_a, proposed={"name": "Maybe"}, by=p.dev
    )
    services.change_reject(change=change, by=p.cam, message="Please add more detail.")
    assert not m.Service.objects.filter(name="Maybe").exists()


# --- IDOR: ids in the form never reach another group's rows ---------------------------


@pytest.fixture
def group_b_rows(p):
    location = LocationFactory(organisation=p.group_b, name="Lantern Centre")
    AddressFactory(location=location, address_1="9 Lantern Row")
    ServiceAtLocationFactory(service=p.service_b, location=location)
    phone = m.Phone.objects.create(service=p.service_b, number="01942 999999")
    contact = m.Contact.objects.create(service=p.service_b, name="Grace")
    access = m.Accessibility.objects.create(location=location, description="Lift")
    return location, phone, contact, access


def test_tampered_place_id_is_refused(client, p, group_b_rows):
    location_b = group_b_rows[0]
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    as_user(client, p.dev)
    data = form_data(client.get(url))
    data.update(
        {
            "locations-0-id": str(location_b.pk),
            "locations-0-name": "Mine now",
            "locations-0-address_1": "1 Hope St",
            "locations-0-city": "Wigan",
            "locations-0-state_province": "Greater Manchester",
            "locations-0-postal_code": "WN1 1AB",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not one of your group" in response.content.decode()
    assert not m.PendingChange.objects.filter(organisation=p.group_a).exists()
    location_b.refresh_from_db()
    assert location_b.name == "Lantern Centre"


@pytest.mark.parametrize(
    "field", ["phones-0-id", "contacts-0-id", "locations-0-accessibility-0-id", "phones-0-service"]
)
def test_row_ids_in_the_post_are_ignored(client, p, group_b_rows, field):
    """Rows carry no ids: whatever id is added, the proposal only replaces group A's rows."""
    location_b, phone_b, contact_b, access_b = group_b_rows
    ids = {
        "phones-0-id": phone_b.pk,
        "contacts-0-id": contact_b.pk,
        "locations-0-accessibility-0-id": access_b.pk,
        "phones-0-service": p.service_b.pk,
    }
    change = propose(
        client,
        p,
        reverse("directory:manage_service_edit", args=[p.service_a.pk]),
        {
            field: str(ids[field]),
            "phones-0-number": "01942 000000",
            "contacts-0-name": "Taken over",
        },
    )
    assert str(ids[field]) not in str(change.proposed)
    review_and_approve(client, p, change)
    phone_b.refresh_from_db()
    contact_b.refresh_from_db()
    access_b.refresh_from_db()
    assert phone_b.number == "01942 999999" and phone_b.service == p.service_b
    assert contact_b.name == "Grace" and contact_b.service == p.service_b
    assert access_b.description == "Lift" and access_b.location == location_b
    assert list(service_phones(p.service_a).values_list("number", flat=True)) == ["01942 000000"]


def test_a_proposal_naming_another_groups_place_never_moves_it(p, group_b_rows):
    """Even a hand-made proposal (not through the form) cannot reach group B's place."""
    location_b = group_b_rows[0]
    base = service_snapshot(p.service_a)
    row = {**service_snapshot(p.service_b)["locations"][0], "name": "Hijacked"}
    change = services.change_propose(
        organisation=p.group_a,
        service=p.service_a,
        base=base,
        proposed={**base, "locations": [row]},
        by=p.dev,
    )
    services.change_approve(change=change, by=p.cam)
    location_b.refresh_from_db()
    assert location_b.name == "Lantern Centre"
    assert location_b.accessibility.get().description == "Lift"


# --- Stale proposals are still refused ------------------------------------------------


def test_a_rows_change_meanwhile_makes_the_proposal_stale(client, p):
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    change = propose(client, p, url, {"funding-0-source": "Lottery"})
    m.Phone.objects.create(service=p.service_a, number="01942 444444")
    as_user(client, p.cam)
    response = client.post(
        reverse("directory:curate_change", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 409
    assert "has changed since this edit was proposed" in response.content.decode()
    assert not p.service_a.funding.exists()


def test_organisation_contact_change_meanwhile_makes_it_stale(p):
    base = organisation_snapshot(p.group_a)
    change = services.change_propose(
        organisation=p.group_a,
        base=base,
        proposed={**base, "logo": "https://x.org/l.png"},
        by=p.dev,
    )
    m.Contact.objects.create(organisation=p.group_a, name="Added meanwhile")
    with pytest.raises(services.ChangeConflict):
        services.change_approve(change=change, by=p.cam)


def test_proposal_from_before_rows_were_editable_still_applies(p):
    """A pending change stored before phones etc. were in snapshots neither saw nor
    touches them, so it is approved and leaves them alone."""
    m.Phone.objects.create(service=p.service_a, number="01942 121212")
    base = service_snapshot(p.service_a)
    for key in ("phones", "contacts", "cost_options", "service_areas", "funding"):
        base.pop(key)
    change = services.change_propose(
        organisation=p.group_a,
        service=p.service_a,
        base=base,
        proposed={**base, "description": "Older proposal"},
        by=p.dev,
    )
    services.change_approve(change=change, by=p.cam)
    p.service_a.refresh_from_db()
    assert p.service_a.description == "Older proposal"
    assert service_phones(p.service_a).count() == 1
