"""The referral lifecycle: only the moves in the table succeed, each success records
exactly one event, and a refused move changes nothing (hypothesis stateful test)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from notifications.models import OutboxMessage
from referrals import services
from referrals.models import (
    FINAL_STATUSES,
    DeclineReason,
    LinkHolder,
    Outcome,
    Referral,
    ReferralEvent,
    Status,
)
from referrals.services.transitions import ALLOWED
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    consent,
    make_referral_personas,
    person,
    person_token,
    refer_professionally,
)

pytestmark = pytest.mark.django_db


def group_moves(p) -> dict[str, object]:
    """Each transition service, as the person allowed to call it calls it."""
    return {
        Status.OPENED: lambda r: services.referral_open(referral=r, by=p.dev),
        Status.ACCEPTED: lambda r: services.referral_accept(referral=r, by=p.dev),
        Status.WAITING_LIST: lambda r: services.referral_waitlist(referral=r, by=p.dev),
        Status.DECLINED: lambda r: services.referral_decline(
            referral=r, by=p.dev, reason=DeclineReason.NO_CAPACITY
        ),
        Status.CONTACTED: lambda r: services.referral_mark_contacted(referral=r, by=p.dev),
        Status.MET: lambda r: services.referral_mark_met(referral=r, by=p.dev),
        Status.CLOSED: lambda r: services.referral_close(
            referral=r, by=p.dev, outcome=Outcome.GETTING_SUPPORT
        ),
        Status.WITHDRAWN: lambda r: services.referral_withdraw(
            referral=r, link_holder=LinkHolder.PERSON
        ),
    }


def test_the_table_matches_the_design():
    assert set(ALLOWED) == set(Status.values)
    for final in FINAL_STATUSES:
        assert ALLOWED[final] == frozenset()
    for status in set(Status.values) - FINAL_STATUSES:
        assert Status.WITHDRAWN in ALLOWED[status], "the person can always withdraw"
    assert ALLOWED[Status.PENDING_CONSENT] == {Status.SUBMITTED, Status.WITHDRAWN}


def test_only_allowed_moves_succeed_and_each_records_one_event():
    p = make_referral_personas()
    moves = group_moves(p)

    class Lifecycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            cache.clear()  # this test's own cache: each example starts below the limits
            self.referral = services.referral_create_peer(
                service=p.service_a,
                referrer=services.PeerReferrer(name="Harpreet", email="h@example.org"),
                person=person(),
                client_key="",
            ).referral
            self.token = person_token(self.referral)
            self.status = Status.PENDING_CONSENT
            self.events = 1

        @rule()
        def confirm(self):
            self._attempt(
                Status.SUBMITTED,
                lambda r: services.referral_confirm_peer(token=self.token, consent=consent()),
            )

        @rule(to=st.sampled_from(sorted(moves)))
        def move(self, to):
            self._attempt(to, moves[to])

        def _attempt(self, to, call):
            allowed = to in ALLOWED[self.status]
            try:
                call(Referral.objects.get(pk=self.referral.pk))
            except services.InvalidTransition as refused:
                assert not allowed, f"{self.status} → {to} was refused"
                assert refused.message
            except services.NotPermitted:
                # The group cannot see, so cannot move, a referral awaiting consent.
                assert self.status == Status.PENDING_CONSENT and to != Status.WITHDRAWN
            else:
                assert allowed, f"{self.status} → {to} succeeded"
                self.status = to
                self.events += 1

        @invariant()
        def stored_state_agrees(self):
            referral = Referral.objects.get(pk=self.referral.pk)
            assert referral.status == self.status
            events = list(ReferralEvent.objects.filter(referral=referral))
            assert len(events) == self.events
            assert events[-1].to_status == self.status
            for before, after in zip(events, events[1:], strict=False):
                assert after.from_status == before.to_status
                assert after.to_status in ALLOWED[before.to_status]

    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.fixture
def p():
    return make_referral_personas()


def test_a_refused_move_says_why_and_changes_nothing(p):
    referral = refer_professionally(p)
    messages = OutboxMessage.objects.count()
    with pytest.raises(services.InvalidTransition) as refused:
        services.referral_mark_met(referral=referral, by=p.dev)
    assert "sent to the group" in refused.value.message
    assert "first session attended" in refused.value.message
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert referral.events.count() == 1
    assert OutboxMessage.objects.count() == messages


def test_only_the_receiving_group_moves_a_referral(p):
    referral = refer_professionally(p)
    for somebody in (p.grace, p.priya, p.olu, p.cam, p.ada):
        with pytest.raises(services.NotPermitted):
            services.referral_open(referral=referral, by=somebody)
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_declining_and_closing_need_reasons_from_the_list(p):
    referral = refer_professionally(p)
    services.referral_open(referral=referral, by=p.dev)
    with pytest.raises(services.IncompleteDetails):
        services.referral_decline(referral=referral, by=p.dev, reason="bored")
    with pytest.raises(services.IncompleteDetails):
        services.referral_decline(referral=referral, by=p.dev, reason=DeclineReason.OTHER)
    services.referral_decline(
        referral=referral, by=p.dev, reason=DeclineReason.OTHER, text="Group is closing"
    )
    with pytest.raises(services.IncompleteDetails):
        services.referral_close(referral=referral, by=p.dev, outcome=Outcome.REROUTED)
    services.referral_close(referral=referral, by=p.dev, outcome=Outcome.NOT_RIGHT)
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED and referral.ended_at is not None
    assert referral.decline_text == "Group is closing"
    assert [e.to_status for e in referral.events.all()] == [
        Status.SUBMITTED,
        Status.OPENED,
        Status.DECLINED,
        Status.CLOSED,
    ]
