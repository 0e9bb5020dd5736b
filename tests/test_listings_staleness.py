"""Re-verification at fixed clocks: remind after 183 days, flag after 274, hide after 365."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from directory import models as m
from directory import selectors, services
from directory.search import services_search
from directory.tasks import listings_staleness_task
from notifications.delivery import message_deliver
from notifications.models import OutboxMessage
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


def days_ago(days: int, today: dt.date = TODAY) -> dt.date:
    return today - dt.timedelta(days=days)


@pytest.fixture
def group():
    organisation = OrganisationFactory(name="Sahara Punjabi Men's Circle")
    admin = UserFactory(username="dev", email="dev@example.org")
    member = UserFactory(username="raj", email="raj@example.org")
    services.membership_add(organisation=organisation, user=admin, role="admin")
    services.membership_add(organisation=organisation, user=member, role="member")
    return organisation


def test_reminder_recorded_once_and_emailed_to_admins(group, django_capture_on_commit_callbacks):
    due = ServiceFactory(organisation=group, assured_date=days_ago(184))
    ServiceFactory(organisation=group, assured_date=days_ago(183))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.listings_staleness_run(today=TODAY)
    assert run.reminded == 1
    reminder = m.ListingReminder.objects.get()
    assert reminder.service == due and reminder.checked_on == days_ago(184)
    assert reminder.emailed_at is not None and reminder.sent_at is None
    # One email per admin, through the outbox (sent once, retried, recorded).
    queued = OutboxMessage.objects.get(key__startswith=f"listing:{due.pk}:")
    assert (queued.channel, queued.template) == ("email", "listing_reminder")
    message_deliver(message_id=queued.pk)
    assert [message.to for message in mail.outbox] == [["dev@example.org"]]
    assert "still accurate" in mail.outbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        again = services.listings_staleness_run(today=TODAY)
    assert again.reminded == 0 and again.already_reminded == 1
    assert m.ListingReminder.objects.count() == 1
    assert OutboxMessage.objects.filter(key__startswith=f"listing:{due.pk}:").count() == 1

    # The next day the other service is due too; the first is not reminded twice.
    next_day = services.listings_staleness_run(today=TODAY + dt.timedelta(days=1))
    assert (next_day.reminded, next_day.already_reminded) == (1, 1)
    assert m.ListingReminder.objects.filter(service=due).count() == 1


def test_confirming_starts_a_new_period(group):
    service = ServiceFactory(organisation=group, assured_date=days_ago(200))
    services.listings_staleness_run(today=TODAY)
    services.service_confirm(service=service, by=None, today=TODAY)
    later = TODAY + dt.timedelta(days=190)
    assert services.listings_staleness_run(today=later).reminded == 1
    assert m.ListingReminder.objects.filter(service=service).count() == 2


def test_never_confirmed_counts_from_creation(group):
    service = ServiceFactory(organisation=group, assured_date=None)
    m.Service.objects.filter(pk=service.pk).update(
        created_at=dt.datetime(2025, 12, 1, 12, tzinfo=dt.UTC)
    )
    assert services.listings_staleness_run(today=dt.date(2026, 6, 1)).reminded == 0
    assert services.listings_staleness_run(today=dt.date(2026, 6, 3)).reminded == 1
    assert m.ListingReminder.objects.get().checked_on == dt.date(2025, 12, 1)


def test_inactive_services_are_not_reminded(group):
    ServiceFactory(organisation=group, assured_date=days_ago(300), status="inactive")
    assert services.listings_staleness_run(today=TODAY).reminded == 0


@pytest.mark.parametrize(
    ("age", "public", "flagged"),
    [
        (183, True, False),
        (274, True, False),
        (275, True, True),
        (365, True, True),
        (366, False, None),
    ],
)
def test_flag_and_hide_thresholds(group, age, public, flagged):
    service = ServiceFactory(organisation=group, assured_date=days_ago(age))
    found = selectors.services_public(today=TODAY).filter(pk=service.pk).first()
    assert (found is not None) is public
    if found is not None:
        assert found.possibly_out_of_date is flagged


def test_thresholds_are_settings(group, settings):
    settings.LISTINGS_HIDE_AFTER_DAYS = 30
    service = ServiceFactory(organisation=group, assured_date=days_ago(31))
    assert not selectors.services_public(today=TODAY).filter(pk=service.pk).exists()


def test_hidden_service_leaves_search_and_pages_until_confirmed(client, group):
    today = timezone.localdate()
    service = ServiceFactory(
        organisation=group, name="Punjabi men's group", assured_date=days_ago(400, today)
    )
    assert service not in services_search(params={"q": "punjabi"}).queryset
    assert client.get(service.get_absolute_url()).status_code == 404
    assert service.name not in client.get(group.get_absolute_url()).content.decode()
    services.service_confirm(service=service, by=None)
    assert service in services_search(params={"q": "punjabi"}).queryset
    assert client.get(service.get_absolute_url()).status_code == 200


def test_flagged_service_says_so_on_its_page_and_in_results(client, group):
    today = timezone.localdate()
    service = ServiceFactory(
        organisation=group, name="Punjabi men's group", assured_date=days_ago(300, today)
    )
    warning = "This information may be out of date"
    assert warning in client.get(service.get_absolute_url()).content.decode()
    assert warning in client.get("/search/?q=punjabi").content.decode()
    services.service_confirm(service=service, by=None)
    assert warning not in client.get(service.get_absolute_url()).content.decode()


def test_task_runs_the_service(group):
    today = timezone.localdate()
    ServiceFactory(organisation=group, assured_date=days_ago(200, today))
    assert listings_staleness_task() == {"reminded": 1, "already_reminded": 0}
    assert listings_staleness_task() == {"reminded": 0, "already_reminded": 1}


def test_task_is_on_the_beat_schedule(settings):
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "directory.tasks.listings_staleness_task" in entries
