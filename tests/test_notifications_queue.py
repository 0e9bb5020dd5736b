"""Queueing, cancelling and rendering outbox messages (notifications.services, .rendering)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.models import OutboxMessage, Status
from notifications.rendering import message_render
from notifications.selectors import messages_for_key_prefix
from notifications.services import Recipient, message_cancel, message_queue

pytestmark = pytest.mark.django_db

# Dev has a phone and a postal address but no email address.
DEV = Recipient(
    name="Dev Singh",
    phone_number="07700 900123",
    address_lines=("12 Mill Lane", "Leeds"),
    postcode="ls1 4ab",
)
CONTEXT = {"first_name": "Dev", "service_name": "Punjabi Men's Group", "link": "https://x/r/abc"}


def queue(**overrides):
    arguments = {
        "recipient": DEV,
        "channel": "sms",
        "template": "checkin",
        "context": CONTEXT,
        "key": "referral:42:checkin:14d",
        **overrides,
    }
    return message_queue(**arguments)


@pytest.fixture
def delay():
    with mock.patch("notifications.tasks.deliver_message_task.delay") as delay:
        yield delay


def test_a_message_due_now_is_handed_to_the_worker_when_the_transaction_commits(
    delay, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue()
        assert not delay.called, "nothing may be sent before the caller's transaction commits"
    assert len(callbacks) == 1
    delay.assert_called_once_with(message.pk)
    assert message.status == Status.QUEUED
    assert message.provider_reference == "referral:42:checkin:14d"
    assert message.postcode == "LS1 4AB"


def test_a_rolled_back_transaction_leaves_no_message_and_sends_nothing(delay):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError
    assert not OutboxMessage.objects.exists()
    assert not delay.called


def test_the_same_key_twice_gives_the_first_row_and_sends_once(
    delay, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue(context={"first_name": "Someone else"}, channel="letter")
    assert first.pk == second.pk
    assert second.channel == "sms"
    assert OutboxMessage.objects.count() == 1
    assert delay.call_count == 1


def test_a_message_due_later_waits_for_the_sweeper(delay, django_capture_on_commit_callbacks):
    later = timezone.now() + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue(due_at=later)
    assert callbacks == []
    assert not delay.called
    assert message.next_attempt_at == later
    assert message.enqueued_at is None


def test_channels_the_person_cannot_receive_are_refused(delay):
    with pytest.raises(ValueError, match="email"):
        queue(channel="email")
    with pytest.raises(ValueError, match="email"):
        queue(fallback=["letter", "email"])
    with pytest.raises(ValueError, match="Unknown channel"):
        queue(channel="pigeon")
    no_postcode = Recipient(name="Grace", address_lines=("1 High St",))
    with pytest.raises(ValueError, match="letter"):
        queue(recipient=no_postcode, channel="letter")


def test_a_recipient_may_be_given_as_a_mapping(delay):
    message = queue(recipient={"name": "Grace", "email": "grace@example.org"}, channel="email")
    assert message.email == "grace@example.org"


def test_a_withdrawn_referral_cancels_its_pending_follow_ups_only(delay):
    later = timezone.now() + dt.timedelta(days=14)
    pending = queue(key="referral:42:checkin:14d", due_at=later)
    other_step = queue(key="referral:42:wellbeing:8w", due_at=later)
    other_referral = queue(key="referral:421:checkin:14d", due_at=later)
    already_sent = queue(key="referral:42:reminder:2wd")
    OutboxMessage.objects.filter(pk=already_sent.pk).update(status=Status.SENT)

    assert message_cancel(key_prefix="referral:42:") == 2

    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses[pending.pk] == statuses[other_step.pk] == Status.CANCELLED
    assert statuses[other_referral.pk] == Status.QUEUED
    assert statuses[already_sent.pk] == Status.SENT
    cancelled = OutboxMessage.objects.get(pk=pending.pk)
    assert cancelled.context == {} and cancelled.phone_number == ""
    assert [m.key for m in messages_for_key_prefix(key_prefix="referral:42:")] == [
        "referral:42:checkin:14d",
        "referral:42:wellbeing:8w",
        "referral:42:reminder:2wd",
    ]


def test_cancelling_needs_a_prefix():
    with pytest.raises(ValueError):
        message_cancel(key_prefix="")


class TestRendering:
    def test_every_channel_of_the_checkin_template_renders_plain_text(self):
        sms = message_render(template="checkin", channel="sms", language="en", context=CONTEXT)
        assert sms.body.startswith("Hello Dev, it's Find Your People.")
        assert "Punjabi Men's Group" in sms.body, "no HTML escaping in a text message"
        assert "https://x/r/abc" in sms.body
        assert len(sms.body) <= 306
        email = message_render(template="checkin", channel="email", language="en", context=CONTEXT)
        assert email.subject == "Have you been in touch with Punjabi Men's Group?"
        assert "https://x/r/abc?answer=help" in email.body
        letter = message_render(
            template="checkin", channel="letter", language="en", context=CONTEXT
        )
        assert letter.body.startswith("Dear Dev,")
        assert "\n\n\n" not in letter.body

    @pytest.fixture
    def welsh_templates(self, settings, tmp_path):
        folder = tmp_path / "notifications" / "checkin" / "cy"
        folder.mkdir(parents=True)
        (folder / "sms.txt").write_text("Helo {{ first_name }}, ydych chi wedi cysylltu?\n")
        settings.TEMPLATES = [
            {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
        ]

    def test_a_message_renders_in_the_language_chosen_when_a_translation_exists(
        self, welsh_templates
    ):
        sms = message_render(template="checkin", channel="sms", language="cy", context=CONTEXT)
        assert sms.body == "Helo Dev, ydych chi wedi cysylltu?"
        regional = message_render(
            template="checkin", channel="sms", language="cy-GB", context=CONTEXT
        )
        assert regional.body == sms.body

    def test_english_is_used_where_a_language_has_no_translation(self, welsh_templates):
        # No whole file for a Welsh letter: the shared template, through the Welsh catalogue.
        letter = message_render(
            template="checkin", channel="letter", language="cy", context=CONTEXT
        )
        assert letter.body.startswith("Annwyl Dev,")
        # A language with neither a file nor a catalogue: English.
        letter = message_render(
            template="checkin", channel="letter", language="fr", context=CONTEXT
        )
        assert letter.body.startswith("Dear Dev,")
        sms = message_render(template="checkin", channel="sms", language="fr", context=CONTEXT)
        assert sms.body.startswith("Hello Dev")
