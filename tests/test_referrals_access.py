"""Who can read a referral: every persona against every kind of referral. Only the
receiving group's members, the referrer and site admins (audited) can; everyone else,
including members of other groups, other professionals, curators and the public, gets a
404 and so cannot tell the referral exists."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from referrals import services
from referrals.models import ActorRole, LinkHolder, Referral, ReferralAccessLog
from referrals.selectors import (
    referral_get_by_status_token,
    referral_get_for_user,
    referrals_for_organisation,
    referrals_made_by,
)
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


@pytest.fixture
def world():
    p = make_referral_personas()
    p.professional = refer_professionally(p)
    p.self_made = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="a"
    )
    p.peer = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="b"
    )
    p.anonymous = AnonymousUser()
    return p


def can_read(user, referral: Referral) -> bool:
    try:
        referral_get_for_user(user, referral.pk, reason="test")
    except Http404:
        return False
    return True


# persona -> (professional referral, self-referral, confirmed peer, unconfirmed peer)
MATRIX = {
    "priya": (True, False, False, False),  # the referrer of the first only
    "dev": (True, True, True, False),  # group A; nothing before the person confirms
    "grace": (False, False, False, False),  # another group
    "olu": (False, False, False, False),  # another professional
    "cam": (False, False, False, False),  # a curator
    "ada": (True, True, True, True),  # site admin, audited
    "anonymous": (False, False, False, False),
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_access_matrix(world, persona):
    confirmed_peer = services.referral_create_peer(
        service=world.service_a, referrer=friend(), person=person(), client_key="c"
    ).referral
    services.referral_confirm_peer(token=person_token(confirmed_peer), consent=consent())
    referrals = (
        world.professional,
        world.self_made.referral,
        confirmed_peer,
        world.peer.referral,
    )
    user = getattr(world, persona)
    assert tuple(can_read(user, r) for r in referrals) == MATRIX[persona]


def test_a_missing_referral_looks_the_same_as_a_forbidden_one(world):
    with pytest.raises(Http404):
        referral_get_for_user(world.grace, 999_999, reason="test")


def test_every_read_by_the_group_or_an_admin_is_logged(world):
    referral = world.professional
    referral_get_for_user(world.dev, referral.pk, reason="referral page")
    referral_get_for_user(world.ada, referral.pk, reason="complaint investigation")
    referral_get_for_user(world.priya, referral.pk, reason="my referrals")
    logs = list(
        ReferralAccessLog.objects.filter(referral=referral).values_list("user", "role", "reason")
    )
    assert sorted(logs) == sorted(
        [
            (world.dev.pk, ActorRole.GROUP, "referral page"),
            (world.ada.pk, ActorRole.ADMIN, "complaint investigation"),
        ]
    )
    # A refused read leaves no trace of the referral for the reader either.
    with pytest.raises(Http404):
        referral_get_for_user(world.grace, referral.pk, reason="snooping")
    assert ReferralAccessLog.objects.filter(referral=referral).count() == 2


def test_the_inbox_is_the_groups_own(world):
    inbox = set(referrals_for_organisation(user=world.dev, organisation=world.group_a))
    assert inbox == {world.professional, world.self_made.referral}
    assert not set(referrals_for_organisation(user=world.grace, organisation=world.group_b))
    for outsider in (world.grace, world.priya, world.ada, world.anonymous):
        with pytest.raises(Http404):
            referrals_for_organisation(user=outsider, organisation=world.group_a)


def test_my_referrals_are_mine(world):
    assert list(referrals_made_by(world.priya)) == [world.professional]
    assert list(referrals_made_by(world.olu)) == []
    assert list(referrals_made_by(world.anonymous)) == []


def test_status_links_open_their_own_referral_only(world):
    referral = referral_get_by_status_token(world.self_made.status_token)
    assert referral == world.self_made.referral
    assert referral.link_holder == LinkHolder.REFERRER
    peer = referral_get_by_status_token(person_token(world.peer.referral))
    assert peer == world.peer.referral and peer.link_holder == LinkHolder.PERSON
    wrong = [
        "",
        "x",
        world.self_made.status_token[:-1],
        world.self_made.status_token.upper(),
        "a" * 5000,
    ]
    for token in wrong:
        with pytest.raises(Http404):
            referral_get_by_status_token(token)
