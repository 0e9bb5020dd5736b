"""The follow-up schedule at fixed clocks, the one-tap pages, and cancellation.

Priya (a social worker) refers Jas to Dev's group (group A). Clocks are explicit: each
test moves the referral's own timestamps and passes ``now=`` to the services.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from directory.models import Attribute, CapacityStatus, TaxonomyTerm
from notifications.models import OutboxMessage
from notifications.models import Status as MessageStatus
from notifications.rendering import message_render
from referrals import services
from referrals.models import (
    CheckinAnswer,
    ContactMethod,
    ExperienceAnswer,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    LinkHolder,
    Outcome,
    Referral,
    SkipReason,
    Status,
    WellbeingAnswer,
)
from referrals.services import followups
from referrals.services.workingdays import (
    add_working_days,
    is_working_day,
    working_days_between,
)
from referrals.tasks import followups_due_task
from tests.factories import ServiceFactory
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    make_referral_personas,
    person,
    refer_professionally,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Thursday before the Spring Bank Holiday (Monday 25 May 2026).
THU = dt.datetime(2026, 5, 21, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=LONDON)


def run(now: dt.datetime) -> followups.DueRun:
    return followups.followups_due_run(now=now)


def keys(referral: Referral) -> set[str]:
    return set(
        OutboxMessage.objects.filter(key__startswith=f"referral:{referral.pk}:followup:")
        .values_list("key", flat=True)
        .order_by()
    )


def submitted_on(referral: Referral, when: dt.datetime) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(submitted_at=when, status_changed_at=when)
    referral.events.filter(to_status=Status.SUBMITTED).update(at=when)
    return Referral.objects.get(pk=referral.pk)


def moved_on(referral: Referral, status: str, when: dt.datetime) -> None:
    referral.events.filter(to_status=status).update(at=when)


@pytest.fixture
def p():
    personas = make_referral_personas()
    # Group A's service is peer support for the Punjabi community.
    for slug, code in (("service-types", "peer-support"), ("communities", "punjabi")):
        term = TaxonomyTerm.objects.get(taxonomy__slug=slug, code=code)
        Attribute.objects.create(service=personas.service_a, taxonomy_term=term)
    return personas


def accepted(p, when: dt.datetime, **overrides) -> Referral:
    referral = submitted_on(refer_professionally(p, **overrides), when - dt.timedelta(days=3))
    services.referral_open(referral=referral, by=p.dev)
    services.referral_accept(referral=referral, by=p.dev)
    moved_on(referral, Status.ACCEPTED, when)
    return Referral.objects.get(pk=referral.pk)


def met(p, when: dt.datetime, **overrides) -> Referral:
    referral = accepted(p, when - dt.timedelta(days=7), **overrides)
    services.referral_mark_contacted(referral=referral, by=p.dev)
    services.referral_mark_met(referral=referral, by=p.dev)
    moved_on(referral, Status.MET, when)
    return Referral.objects.get(pk=referral.pk)


def link_token(referral: Referral, kind: str) -> str:
    """The token from the message, with the link made good for the pages, which run at
    the real time."""
    FollowUp.objects.filter(referral=referral, kind=kind).update(
        link_expires_at=timezone.now() + dt.timedelta(days=1)
    )
    message = OutboxMessage.objects.get(key__startswith=f"referral:{referral.pk}:followup:{kind}")
    return re.search(r"/f/([^/]+)/", message.context["link"]).group(1)


# --- Working days ----------------------------------------------------------------------


def test_working_days_skip_the_weekend_and_bank_holidays():
    friday = dt.datetime(2026, 5, 15, 15, 0, tzinfo=LONDON)
    assert add_working_days(friday, 1) == dt.datetime(2026, 5, 18, 15, 0, tzinfo=LONDON)
    # Monday 25 May 2026 is the Spring Bank Holiday.
    assert add_working_days(THU, 2) == at(26)
    assert add_working_days(THU, 5) == at(29)
    assert working_days_between(THU, at(26)) == 2
    assert working_days_between(THU, at(25, 23)) == 1
    # From a Saturday the count starts on the next working day (here Tuesday, after the
    # bank holiday).
    saturday = dt.datetime(2026, 5, 23, 11, 0, tzinfo=LONDON)
    assert add_working_days(saturday, 1) == dt.datetime(2026, 5, 27, 0, 0, tzinfo=LONDON)
    # Christmas 2026: Friday 25 and Monday 28 (Boxing Day observed) are bank holidays.
    christmas_eve = dt.datetime(2026, 12, 24, 9, 0, tzinfo=LONDON)
    assert add_working_days(christmas_eve, 1) == dt.datetime(2026, 12, 29, 9, 0, tzinfo=LONDON)


def test_working_days_count_in_london_time():
    # 23:30 UTC on Sunday 17 May is 00:30 BST on Monday: Monday is the first day.
    late_sunday_utc = dt.datetime(2026, 5, 17, 23, 30, tzinfo=dt.UTC)
    assert add_working_days(late_sunday_utc, 1) == dt.datetime(2026, 5, 19, 0, 30, tzinfo=LONDON)


@given(
    start=st.datetimes(
        min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001 (made aware below)
        max_value=dt.datetime(2028, 12, 31),  # noqa: DTZ001
    ).map(lambda d: d.replace(tzinfo=LONDON)),
    days=st.integers(min_value=0, max_value=30),
)
@hypothesis_settings(max_examples=200, deadline=None)
def test_adding_then_counting_working_days_agree(start, days):
    end = add_working_days(start, days)
    assert end >= start and is_working_day(end.date())
    # From a day off, the next working day is day 0, and is counted between the two.
    expected = days if is_working_day(start.date()) else days + 1
    assert working_days_between(start, end) == expected


# --- Rule 1: an unopened referral ------------------------------------------------------


def test_the_group_is_reminded_after_two_working_days_once(p):
    referral = submitted_on(refer_professionally(p), THU)
    assert run(at(26, 9, 59)).sent == 0, "Monday is a bank holiday: not yet"
    assert keys(referral) == set()

    assert run(at(26)).sent == 1
    message = OutboxMessage.objects.get(key__contains=":followup:group-reminder:")
    assert message.key == f"referral:{referral.pk}:followup:group-reminder:2wd:member:{p.dev.pk}"
    assert (message.channel, message.email) == ("email", "dev@example.org")
    assert message.template == "followup_group_reminder"
    assert "Jas" not in str(message.context)

    assert run(at(26, 10, 5)).sent == 0
    followup = FollowUp.objects.get(referral=referral)
    assert (followup.kind, followup.state, followup.due_at) == (
        FollowUpKind.GROUP_REMINDER,
        FollowUpState.SENT,
        at(26),
    )


def test_a_referral_opened_before_the_threshold_gets_no_reminder(p):
    referral = submitted_on(refer_professionally(p), THU)
    services.referral_open(referral=referral, by=p.dev)
    assert run(at(29, 12)).sent == 0
    assert keys(referral) == set() and not FollowUp.objects.exists()


def test_the_referrer_is_told_after_five_working_days_with_three_services_with_room(p):
    punjabi = ["service-types:peer-support", "communities:punjabi"]
    others = [
        ServiceFactory(name=f"Similar {n}", terms=punjabi, referral_routes=["professional"])
        for n in range(4)
    ]
    ServiceFactory(  # full
        name="Full", terms=punjabi, capacity_status=CapacityStatus.NOT_ACCEPTING
    )
    ServiceFactory(name="Other kind", terms=["communities:punjabi"])  # not peer support
    ServiceFactory(name="Self only", terms=punjabi, referral_routes=["self"])
    ServiceFactory(name="Hidden", terms=punjabi, status="inactive")
    ServiceFactory(name="Same group", organisation=p.group_a, terms=punjabi)
    referral = submitted_on(refer_professionally(p), THU)

    run(at(26))
    assert run(at(29, 9, 59)).sent == 0
    assert run(at(29)).sent == 1
    alert = OutboxMessage.objects.get(key=f"referral:{referral.pk}:followup:referrer-alert:5wd")
    assert (alert.channel, alert.email) == ("email", "priya@wigan.gov.uk")
    names = [s["name"] for s in alert.context["suggestions"]]
    assert len(names) == 3 and set(names) <= {s.name for s in others}
    assert alert.context["service_name"] == "Punjabi men's group"
    rendered = message_render(
        template=alert.template, channel="email", language="en", context=alert.context
    )
    assert names[0] in rendered.body and "5 working days" in rendered.body


def test_opened_after_the_reminder_means_no_alert_to_the_referrer(p):
    referral = submitted_on(refer_professionally(p), THU)
    run(at(26))
    services.referral_open(referral=referral, by=p.dev)
    run(at(29, 12))
    assert not any(":referrer-alert:" in key for key in keys(referral))


def test_other_groups_are_not_named_when_it_is_not_safe_to_say_who_is_calling(p):
    ServiceFactory(name="Similar", terms=["service-types:peer-support"])
    referral = submitted_on(
        refer_professionally(p, person=person(ok_to_say_who_is_calling=False)), THU
    )
    run(at(29))
    alert = OutboxMessage.objects.get(key__contains=":followup:referrer-alert:")
    assert alert.context["service_name"] == "" and alert.context["suggestions"] == []
    body = message_render(
        template=alert.template, channel="sms", language="en", context=alert.context
    )
    assert "Similar" not in body.body and "Punjabi" not in body.body
    assert referral.pk


def test_similar_services_are_limited_and_need_a_service_type(p):
    for n in range(6):
        ServiceFactory(name=f"S{n}", terms=["service-types:peer-support"])
    referral = refer_professionally(p)
    assert len(followups.similar_services_with_capacity(referral=referral)) == 3
    assert len(followups.similar_services_with_capacity(referral=referral, limit=5)) == 5
    Attribute.objects.filter(service=p.service_a).delete()
    assert followups.similar_services_with_capacity(referral=referral) == []


def test_a_follow_up_found_long_after_it_was_due_is_recorded_as_missed(p):
    referral = submitted_on(refer_professionally(p), THU - dt.timedelta(days=60))
    assert run(THU).skipped == 2
    assert keys(referral) == set()
    assert set(FollowUp.objects.values_list("skip_reason", flat=True)) == {SkipReason.TOO_LATE}


# --- Rule 2: the check-in --------------------------------------------------------------


def test_the_person_is_asked_fourteen_days_after_acceptance_with_a_fallback(p):
    letter_too = person(
        contact_methods=(ContactMethod.SMS, ContactMethod.LETTER),
        address_lines=("1 Wigan Lane", "Wigan"),
        postcode="WN1 1AA",
    )
    referral = accepted(p, at(1), person=letter_too)
    assert run(at(15, 9, 59)).sent == 0
    assert run(at(15)).sent == 1
    message = OutboxMessage.objects.get(key=f"referral:{referral.pk}:followup:checkin:14d")
    assert (message.channel, message.fallback) == ("sms", ["letter"])
    assert message.phone_number == "07700 900123" and message.postcode == "WN1 1AA"
    assert message.context["first_name"] == "Jas" and not message.context["to_referrer"]
    sms = message_render(
        template="followup_checkin", channel="sms", language="en", context=message.context
    )
    assert f"{message.context['link']}not-yet/" in sms.body
    assert len(sms.body) <= 306
    followup = FollowUp.objects.get(kind=FollowUpKind.CHECKIN)
    assert followup.token_hash and followup.link_expires_at == at(15) + dt.timedelta(days=30)
    assert re.search(r"/f/([^/]+)/", message.context["link"]).group(1) not in followup.token_hash


def test_the_check_in_goes_to_the_referrer_when_the_person_asked_for_that(p):
    through = person(contact_methods=(ContactMethod.THROUGH_REFERRER, ContactMethod.SMS))
    referral = accepted(p, at(1), person=through)
    run(at(15))
    message = OutboxMessage.objects.get(key__contains=":followup:checkin:")
    assert (message.channel, message.email) == ("email", "priya@wigan.gov.uk")
    assert message.context["to_referrer"] and message.context["first_name"] == ""
    assert referral.pk


def test_no_way_to_reach_anyone_is_recorded_and_not_retried(p):
    p.priya.email = ""
    p.priya.save()
    referral = accepted(p, at(1), person=person(contact_methods=(ContactMethod.PHONE_CALL,)))
    assert run(at(15)).skipped == 1
    followup = FollowUp.objects.get(referral=referral)
    assert followup.skip_reason == SkipReason.NO_CHANNEL and followup.token_hash is None
    assert run(at(15, 11)).skipped == 0


def test_a_referral_already_met_gets_no_check_in(p):
    referral = met(p, at(10))
    run(at(1) + dt.timedelta(days=30))
    assert not any(":checkin:" in key for key in keys(referral))


# --- One-tap pages ---------------------------------------------------------------------


@pytest.fixture
def checkin(p):
    referral = accepted(p, at(1))
    run(at(15))
    return referral, link_token(referral, "checkin")


def test_get_shows_the_tapped_answer_and_changes_nothing(client, checkin):
    referral, token = checkin
    page = client.get(f"/f/{token}/not-yet/")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'value="not_yet" checked', html)
    assert html.count('type="submit"') == 1
    assert page["Referrer-Policy"] == "strict-origin"
    assert not CheckinAnswer.objects.exists()
    assert FollowUp.objects.get(kind="checkin").answered_at is None


def test_post_records_once_and_a_second_answer_is_refused_kindly(client, checkin):
    referral, token = checkin
    page = client.post(f"/f/{token}/yes/", {"answer": "yes"})
    assert page.status_code == 200 and "Thank you" in page.content.decode()
    answer = CheckinAnswer.objects.get()
    assert (answer.referral, answer.answer) == (referral, "yes")

    again = client.post(f"/f/{token}/", {"answer": "help"})
    assert again.status_code == 200
    assert "We already have your answer" in again.content.decode()
    assert CheckinAnswer.objects.get().answer == "yes"
    assert not any(":help:" in key for key in keys(referral))


def test_i_need_help_tells_the_referrer_and_the_group(client, checkin):
    referral, token = checkin
    client.post(f"/f/{token}/", {"answer": "help"})
    assert {
        f"referral:{referral.pk}:followup:checkin:help:referrer",
        f"referral:{referral.pk}:followup:checkin:help:member:{p_dev(referral)}",
    } <= keys(referral)


def p_dev(referral: Referral) -> int:
    return referral.service.organisation.memberships.get().user_id


def test_no_answer_chosen_is_an_error_and_bad_links_are_404(client, checkin):
    _referral, token = checkin
    page = client.post(f"/f/{token}/", {})
    assert page.status_code == 400 and "Choose an answer." in page.content.decode()
    assert client.get("/f/not-a-real-token/").status_code == 404
    assert client.get(f"/f/{token}/maybe/").status_code == 404
    assert not CheckinAnswer.objects.exists()


def test_expired_and_ended_links_say_so(client, checkin):
    referral, token = checkin
    FollowUp.objects.update(link_expires_at=at(1))
    page = client.get(f"/f/{token}/yes/")
    assert page.status_code == 410 and "This link no longer works" in page.content.decode()
    assert client.post(f"/f/{token}/", {"answer": "yes"}).status_code == 410
    FollowUp.objects.update(link_expires_at=at(1) + dt.timedelta(days=3650))
    services.referral_withdraw(referral=referral, link_holder=LinkHolder.PERSON)
    assert client.get(f"/f/{token}/").status_code == 410
    assert not CheckinAnswer.objects.exists()


# --- Rule 3: experience and wellbeing --------------------------------------------------


def test_eight_weeks_after_meeting_the_experience_questions_are_sent_and_answered(client, p):
    referral = met(p, at(1))
    due = at(1) + dt.timedelta(weeks=8)
    assert run(due - dt.timedelta(minutes=1)).sent == 0
    assert run(due).sent == 1
    message = OutboxMessage.objects.get(key=f"referral:{referral.pk}:followup:experience:8w")
    assert message.template == "followup_experience"
    token = link_token(referral, "experience")

    page = client.get(f"/f/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "how satisfied are you with your life nowadays?" in html
    assert html.count('type="submit"') == 1 and not ExperienceAnswer.objects.exists()

    bad = client.post(f"/f/{token}/", {"life_satisfaction": "11", "text": "Kept"})
    assert bad.status_code == 400 and "Kept" in bad.content.decode()
    assert not ExperienceAnswer.objects.exists()

    client.post(
        f"/f/{token}/",
        {
            "rating": "5",
            "text": "Good to meet people",
            "life_satisfaction": "7",
            "worthwhile": "8",
            "happiness": "prefer_not",
            "anxiety": "3",
        },
    )
    experience = ExperienceAnswer.objects.get()
    assert (experience.rating, experience.text) == (5, "Good to meet people")
    wellbeing = WellbeingAnswer.objects.get(referral=referral, when="8_weeks")
    assert (
        wellbeing.life_satisfaction,
        wellbeing.worthwhile,
        wellbeing.happiness,
        wellbeing.anxiety,
    ) == (7, 8, None, 3)
    assert "We already have your answer" in client.get(f"/f/{token}/").content.decode()


def test_wellbeing_at_referral_is_recorded_once_and_checked(p):
    referral = refer_professionally(p)
    followups.wellbeing_record(referral=referral, when="referral", life_satisfaction=4, anxiety=0)
    with pytest.raises(followups.AlreadyAnswered):
        followups.wellbeing_record(referral=referral, when="referral", happiness=5)
    with pytest.raises(services.IncompleteDetails):
        followups.wellbeing_record(referral=referral, when="8_weeks", happiness=11)
    answer = WellbeingAnswer.objects.get()
    assert (answer.life_satisfaction, answer.worthwhile, answer.anxiety) == (4, None, 0)


# --- Rule 4: cancellation --------------------------------------------------------------


@pytest.mark.parametrize("end", ["close", "withdraw"])
def test_closing_or_withdrawing_cancels_follow_ups_still_waiting(p, end):
    referral = accepted(p, at(1))
    run(at(15))
    [key] = keys(referral)
    assert key.startswith(f"referral:{referral.pk}:followup:")
    if end == "close":
        services.referral_close(referral=referral, by=p.dev, outcome=Outcome.GETTING_SUPPORT)
    else:
        services.referral_withdraw(referral=referral, link_holder=LinkHolder.PERSON)
    assert OutboxMessage.objects.get(key=key).status == MessageStatus.CANCELLED
    # The status message telling the referrer is not a follow-up, and is not cancelled.
    status = Status.CLOSED if end == "close" else Status.WITHDRAWN
    told = OutboxMessage.objects.get(key=f"referral:{referral.pk}:status:{status}:referrer")
    assert told.status == MessageStatus.QUEUED
    assert run(at(1) + dt.timedelta(weeks=20)).sent == 0


# --- The beat ---------------------------------------------------------------------------


def test_the_beat_run_twice_queues_nothing_twice(p):
    unopened = submitted_on(refer_professionally(p), THU)
    checking = accepted(p, at(14))
    meeting = met(p, at(28) - dt.timedelta(weeks=8))
    now = at(28, 12)
    first = run(now)
    before = set(OutboxMessage.objects.values_list("key", flat=True))
    # The reminder (the alert is due tomorrow), the check-in and the experience questions.
    assert first.sent == 3
    second = run(now)
    assert (second.sent, second.skipped) == (0, 0)
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == before
    assert FollowUp.objects.count() == 3
    assert {unopened.pk, checking.pk, meeting.pk} == set(
        FollowUp.objects.values_list("referral", flat=True)
    )


def test_the_task_is_on_the_beat_schedule_and_runs(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "referrals.tasks.followups_due_task",
        "directory.tasks.listings_staleness_task",
        "referrals.tasks.referrals_retention_task",
    } <= tasks
    assert followups_due_task() == {"sent": 0, "skipped": 0, "not_yet": 0}


@pytest.mark.parametrize(
    ("template", "channels"),
    [
        ("followup_group_reminder", ["email"]),
        ("followup_referrer_alert", ["sms", "email", "letter"]),
        ("followup_checkin", ["sms", "email", "letter"]),
        ("followup_experience", ["sms", "email", "letter"]),
        ("followup_help", ["sms", "email", "letter"]),
        ("followup_help_group", ["email"]),
    ],
)
def test_every_template_renders_for_its_channels(template, channels):
    context = {
        "service_name": "",
        "referral_id": 42,
        "working_days": 5,
        "days": 14,
        "weeks": 8,
        "link": "https://example.org/f/abc/",
        "search_link": "https://example.org/search/?accepting=1",
        "suggestions": [],
        "first_name": "Jas",
        "to_referrer": False,
    }
    for channel in channels:
        rendered = message_render(
            template=template, channel=channel, language="en", context=context
        )
        assert rendered.body and "{%" not in rendered.body and "{{" not in rendered.body
        if channel == "sms":
            assert len(rendered.body) <= 306
