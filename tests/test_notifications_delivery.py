"""Delivering outbox rows: claiming, providers, retries, fallback, receipts, the sweeper.

Notify is the fake server in tests/fake_notify.py, reached by the real client over HTTP.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from notifications import delivery
from notifications.delivery import (
    message_claim,
    message_deliver,
    outbox_receipts_check,
    retry_delay,
)
from notifications.models import OutboxMessage, Status
from notifications.services import (
    Recipient,
    message_queue,
    outbox_personal_data_clear,
    outbox_sweep,
)
from tests.fake_notify import FakeNotify

# Dev has no email address: a phone, and a postal address for letters.
DEV = Recipient(
    name="Dev Singh",
    phone_number="07700900123",
    address_lines=("12 Mill Lane", "Leeds"),
    postcode="LS1 4AB",
)
GRACE = Recipient(name="Grace", email="grace@example.org")
CONTEXT = {"first_name": "Dev", "service_name": "Punjabi Men's Group", "link": "https://x/r/abc"}
FIXED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

GIVEN_UP: list[int] = []


def record_give_up(message_id: int) -> None:
    """An on_give_up hook, as referrals would register one to alert the referrer."""
    GIVEN_UP.append(message_id)


def broken_give_up(message_id: int) -> None:
    raise RuntimeError("the hook is broken")


@pytest.fixture
def notify(settings):
    with FakeNotify() as fake:
        settings.NOTIFY_API_KEY = fake.api_key
        settings.NOTIFY_BASE_URL = fake.url
        settings.NOTIFY_TEMPLATE_ID_SMS = "11111111-1111-1111-1111-111111111111"
        settings.NOTIFY_TEMPLATE_ID_LETTER = "22222222-2222-2222-2222-222222222222"
        settings.NOTIFY_TIMEOUT = 5
        yield fake


@pytest.fixture(autouse=True)
def _no_broker():
    """Unit tests call delivery directly: record what would have been published."""
    GIVEN_UP.clear()
    with (
        mock.patch("notifications.tasks.deliver_message_task.delay") as delay,
        mock.patch("notifications.services._publish") as publish,
    ):
        yield delay, publish


def queue(**overrides) -> OutboxMessage:
    arguments = {
        "recipient": DEV,
        "channel": "sms",
        "template": "checkin",
        "context": CONTEXT,
        "key": "referral:42:checkin:14d",
        **overrides,
    }
    return message_queue(**arguments)


def refetch(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


def make_due(message: OutboxMessage) -> None:
    """Skip the backoff wait (the sweeper would hand the row over when it falls due)."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


@pytest.mark.django_db
class TestSending:
    def test_an_sms_goes_to_notify_with_the_key_as_reference(self, notify):
        message = queue()
        assert message_deliver(message_id=message.pk) == "sent"
        message = refetch(message)
        assert message.status == Status.SENT
        assert message.attempts == 1
        [created] = notify.created("sms")
        assert message.provider_id == created["id"]
        assert created["reference"] == "referral:42:checkin:14d"
        assert created["recipient"] == "07700900123"
        assert created["personalisation"]["body"].startswith("Hello Dev, it's Find Your People.")
        # Kept until the receipt is in: a failed SMS may still fall back to a letter.
        assert message.context == CONTEXT

    def test_a_letter_carries_name_address_and_postcode(self, notify):
        message = queue(channel="letter")
        assert message_deliver(message_id=message.pk) == "sent"
        [created] = notify.created("letter")
        personalisation = created["personalisation"]
        assert [personalisation[f"address_line_{n}"] for n in range(1, 5)] == [
            "Dev Singh",
            "12 Mill Lane",
            "Leeds",
            "LS1 4AB",
        ]
        assert personalisation["body"].startswith("Dear Dev,")

    def test_an_email_goes_through_django_and_nothing_personal_is_kept(self, notify):
        message = queue(recipient=GRACE, channel="email", key="referral:7:checkin:14d")
        assert message_deliver(message_id=message.pk) == "sent"
        [email] = mail.outbox
        assert email.to == ["grace@example.org"]
        assert email.subject == "Have you been in touch with Punjabi Men's Group?"
        assert email.extra_headers["Message-ID"] == refetch(message).provider_id
        message = refetch(message)
        assert message.status == Status.SENT
        assert message.finished_at is not None
        assert message.context == {} and message.email == "" and message.recipient_name == ""
        assert notify.created() == []

    def test_a_message_is_sent_once_however_often_its_task_runs(self, notify):
        message = queue()
        assert message_deliver(message_id=message.pk) == "sent"
        assert message_deliver(message_id=message.pk) == "not claimed"
        assert notify.count("referral:42:checkin:14d") == 1

    def test_a_cancelled_or_not_yet_due_message_is_not_sent(self, notify):
        later = queue(key="a", due_at=timezone.now() + dt.timedelta(hours=1))
        cancelled = queue(key="b")
        OutboxMessage.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)
        assert message_deliver(message_id=later.pk) == "not claimed"
        assert message_deliver(message_id=cancelled.pk) == "not claimed"
        assert message_deliver(message_id=999_999) == "not claimed"
        assert notify.created() == []


class TestBackoff:
    def test_the_delay_doubles_up_to_the_cap_with_jitter_in_its_upper_half(self):
        ceilings = [60, 120, 240, 480, 960, 1920, 3600, 3600]
        for attempt, ceiling in enumerate(ceilings, start=1):
            low = retry_delay(attempt=attempt, base=60, cap=3600, rand=lambda: 0.0)
            high = retry_delay(attempt=attempt, base=60, cap=3600, rand=lambda: 1.0)
            assert low == dt.timedelta(seconds=ceiling / 2)
            assert high == dt.timedelta(seconds=ceiling)

    @pytest.mark.django_db
    def test_a_5xx_puts_the_row_back_with_next_attempt_at_on_the_schedule(self, notify, settings):
        settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
        message = queue()
        notify.fail_next(3, status=500)
        expected = [45, 90, 180]  # ceiling 60·2^(n-1), jitter fixed at 0.5
        with mock.patch("notifications.delivery.random.random", return_value=0.5):
            for attempt, seconds in enumerate(expected, start=1):
                clock = FIXED + dt.timedelta(hours=attempt)
                OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=clock)
                with mock.patch("django.utils.timezone.now", return_value=clock):
                    assert message_deliver(message_id=message.pk) == "retry"
                row = refetch(message)
                assert row.status == Status.QUEUED
                assert row.attempts == attempt
                assert row.next_attempt_at == clock + dt.timedelta(seconds=seconds)
                assert row.enqueued_at is None, "the sweeper hands it over when due"
                assert "500" in row.last_error
        make_due(message)
        assert message_deliver(message_id=message.pk) == "sent"
        assert notify.count("referral:42:checkin:14d") == 1
        # Every retry asks Notify first: an earlier attempt might have got through.
        assert notify.requests["GET /v2/notifications"] == 3

    @pytest.mark.django_db
    def test_an_unreachable_provider_is_retried(self, notify, settings):
        settings.NOTIFY_BASE_URL = "http://127.0.0.1:9"
        message = queue()
        assert message_deliver(message_id=message.pk) == "retry"
        assert refetch(message).status == Status.QUEUED


@pytest.mark.django_db
class TestFallback:
    def test_a_permanent_400_is_not_retried_and_falls_back_to_a_letter(
        self, notify, _no_broker, django_capture_on_commit_callbacks
    ):
        delay, _ = _no_broker
        notify.reject("07700900123", status=400)
        message = queue(fallback=["letter"], on_give_up=f"{__name__}.record_give_up")
        with django_capture_on_commit_callbacks(execute=True):
            assert message_deliver(message_id=message.pk) == "failed"
        failed = refetch(message)
        assert failed.status == Status.FAILED
        assert failed.attempts == 1
        assert "400" in failed.last_error
        assert failed.phone_number == "" and failed.context == {}
        letter = OutboxMessage.objects.get(key="referral:42:checkin:14d:fallback:letter")
        assert letter.fallback_from == failed
        assert letter.channel == "letter" and letter.context == CONTEXT
        delay.assert_called_with(letter.pk)
        assert message_deliver(message_id=letter.pk) == "sent"
        assert notify.count("referral:42:checkin:14d:fallback:letter") == 1
        assert GIVEN_UP == []

    def test_when_every_channel_fails_the_give_up_hook_is_called(self, notify):
        notify.reject("07700900123")
        notify.reject("Dev Singh")
        message = queue(fallback=["letter"], on_give_up=f"{__name__}.record_give_up")
        message_deliver(message_id=message.pk)
        letter = OutboxMessage.objects.get(key__endswith=":fallback:letter")
        assert message_deliver(message_id=letter.pk) == "failed"
        assert GIVEN_UP == [letter.pk]
        assert refetch(letter).status == Status.FAILED

    def test_too_many_transient_failures_move_on_to_the_next_channel(self, notify, settings):
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
        notify.fail_next(100, status=503)
        message = queue(recipient={**DEV.__dict__, "email": "dev@example.org"}, fallback=["email"])
        outcomes = []
        for _ in range(3):
            make_due(message)
            outcomes.append(message_deliver(message_id=message.pk))
        assert outcomes == ["retry", "retry", "failed"]
        assert "gave up after 3" in refetch(message).last_error
        email = OutboxMessage.objects.get(key__endswith=":fallback:email")
        assert message_deliver(message_id=email.pk) == "sent"
        assert len(mail.outbox) == 1

    def test_a_broken_give_up_hook_still_lets_the_message_fail(self, notify):
        notify.reject("07700900123")
        message = queue(on_give_up=f"{__name__}.broken_give_up")
        assert message_deliver(message_id=message.pk) == "failed"
        assert refetch(message).status == Status.FAILED


@pytest.mark.django_db
class TestSweeper:
    def test_due_rows_and_rows_whose_task_was_lost_are_enqueued(self, settings, _no_broker):
        _, publish = _no_broker
        settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS = 300
        now = timezone.now()
        due = queue(key="due", due_at=now - dt.timedelta(seconds=1))  # published on commit
        OutboxMessage.objects.filter(pk=due.pk).update(enqueued_at=None)
        later = queue(key="later", due_at=now + dt.timedelta(days=1))
        recent = queue(key="recent", due_at=now - dt.timedelta(seconds=1))
        lost = queue(key="lost", due_at=now - dt.timedelta(seconds=1))
        OutboxMessage.objects.filter(pk=lost.pk).update(enqueued_at=now - dt.timedelta(hours=1))

        sweep = outbox_sweep(now=now)

        published = [i for call in publish.call_args_list for i in call.args[0]]
        assert sorted(published) == sorted([due.pk, lost.pk])
        assert sweep.enqueued == 2
        assert later.pk not in published and recent.pk not in published
        # Run again straight away: nothing is published twice.
        publish.reset_mock()
        assert outbox_sweep(now=now).enqueued == 0

    def test_a_row_stuck_in_sending_is_recovered_and_sent_exactly_once(self, notify, settings):
        settings.NOTIFICATIONS_SENDING_TIMEOUT = 600
        message = queue()
        # A worker claimed it, Notify accepted it, and the worker died before recording it.
        claimed = message_claim(message_id=message.pk)
        rendered = delivery.message_render(
            template="checkin", channel="sms", language="en", context=CONTEXT
        )
        delivery.channels.send(message=claimed, rendered=rendered)
        later = timezone.now() + dt.timedelta(minutes=11)
        fresh = queue(key="fresh")
        message_claim(message_id=fresh.pk, now=later - dt.timedelta(minutes=1))

        assert outbox_sweep(now=later).recovered == 1
        assert refetch(fresh).status == Status.SENDING, "a recent claim is left alone"
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert message_deliver(message_id=message.pk) == "sent"
        row = refetch(message)
        assert row.status == Status.SENT
        assert row.attempts == 2
        assert row.provider_id == notify.created()[0]["id"]
        assert notify.count("referral:42:checkin:14d") == 1

    def test_a_slow_attempt_taken_over_cannot_overwrite_the_outcome(self, notify):
        message = queue()
        first = message_claim(message_id=message.pk)
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.QUEUED, next_attempt_at=timezone.now()
        )
        assert message_deliver(message_id=message.pk) == "sent"
        delivery._record_retry(first, "late news from a slow worker")
        assert refetch(message).status == Status.SENT


@pytest.mark.django_db
class TestReceipts:
    def test_delivered_messages_are_recorded_and_forgotten(self, notify):
        message = queue()
        message_deliver(message_id=message.pk)
        notify.set_status("referral:42:checkin:14d", "delivered")
        assert outbox_receipts_check() == {"delivered": 1}
        row = refetch(message)
        assert row.status == Status.DELIVERED
        assert row.provider_status == "delivered"
        assert row.phone_number == "" and row.context == {}

    def test_a_message_still_on_its_way_stays_sent(self, notify):
        message_deliver(message_id=queue().pk)
        assert outbox_receipts_check() == {"pending": 1}

    def test_a_failed_receipt_falls_back_to_the_next_channel(self, notify):
        message = queue(fallback=["letter"])
        message_deliver(message_id=message.pk)
        notify.set_status("referral:42:checkin:14d", "permanent-failure")
        assert outbox_receipts_check() == {"failed": 1}
        row = refetch(message)
        assert row.status == Status.FAILED
        assert row.provider_status == "permanent-failure"
        letter = OutboxMessage.objects.get(key__endswith=":fallback:letter")
        assert letter.status == Status.QUEUED and letter.postcode == "LS1 4AB"

    def test_contact_details_of_old_sent_messages_are_cleared(self, notify, settings):
        settings.NOTIFICATIONS_PERSONAL_DATA_DAYS = 7
        message = queue()
        message_deliver(message_id=message.pk)
        assert outbox_personal_data_clear(now=timezone.now() + dt.timedelta(days=6)) == 0
        assert outbox_personal_data_clear(now=timezone.now() + dt.timedelta(days=8)) == 1
        row = refetch(message)
        assert row.status == Status.SENT and row.provider_id
        assert row.phone_number == "" and row.context == {} and row.address_lines == []


@pytest.mark.django_db
class TestBatchTask:
    def test_the_sweepers_batch_task_sends_each_row_once(self, notify):
        from notifications.tasks import deliver_messages_task

        ids = [queue(key=f"batch:{n}").pk for n in range(3)]
        assert deliver_messages_task.run([*ids, ids[0]]) == 4
        assert [notify.count(f"batch:{n}") for n in range(3)] == [1, 1, 1]

    def test_a_batch_running_out_of_time_hands_the_rest_on(self, notify):
        from notifications import tasks

        ids = [queue(key=f"batch:{n}").pk for n in range(3)]
        with (
            mock.patch.object(tasks, "BATCH_SECONDS", -1),
            mock.patch.object(tasks.deliver_messages_task, "delay") as delay,
        ):
            assert tasks.deliver_messages_task.run(ids) == 0
        delay.assert_called_once_with(ids)
        assert notify.created() == []


@pytest.mark.django_db
def test_a_message_that_keeps_killing_its_worker_is_given_up(notify, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    message = queue(on_give_up=f"{__name__}.record_give_up")
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=3)
    assert message_deliver(message_id=message.pk) == "failed"
    assert "3 attempts did not finish" in refetch(message).last_error
    assert GIVEN_UP == [message.pk]
    assert notify.created() == []
