"""Privacy of referrals: encryption at rest (read back raw with SQL), values hidden from
repr, key rotation, retention at a fixed clock, and rate limits on the public routes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.http import Http404

from notifications.models import OutboxMessage
from notifications.models import Status as MessageStatus
from referrals import crypto, services
from referrals.models import (
    ExperienceAnswer,
    Outcome,
    Referral,
    ReferralAccessLog,
    ReferralEvent,
    ReferralNote,
    Route,
    Status,
    StatusLink,
)
from referrals.selectors import referral_get_by_status_token, referral_get_for_user
from referrals.tasks import referrals_retention_task
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

SENSITIVE = {
    "name": "Jas",
    "phone": "07700 900123",
    "pronouns": "he/him",
    "access_needs": "Step-free access; uses a wheelchair",
    "help_wanted": "Feeling low since losing my job; would like to meet others",
    "preferred_language": "Punjabi",
    "interpreter": "Punjabi",
    "gender": "men",
}


@pytest.fixture
def p():
    return make_referral_personas()


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


# --- Encryption at rest ---------------------------------------------------------------


def test_sensitive_fields_are_encrypted_in_the_database(p):
    referral = refer_professionally(p)
    note = services.referral_note_add(referral=referral, by=p.dev, text="Mentioned his diabetes")
    for field, value in SENSITIVE.items():
        stored = raw("referrals_referral", field, referral.pk)
        assert value not in stored and stored.startswith("gAAAAA"), field
        assert crypto.decrypt(stored) == value
    assert "diabetes" not in raw("referrals_referralnote", "text", note.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM referrals_referral WHERE "
            "name LIKE '%%Jas%%' OR help_wanted LIKE '%%job%%'"
        )
        assert cursor.fetchone()[0] == 0
    fresh = Referral.objects.get(pk=referral.pk)
    assert {field: getattr(fresh, field) for field in SENSITIVE} == SENSITIVE


def test_values_never_show_in_repr_or_str_of_the_referral(p):
    referral = Referral.objects.get(pk=refer_professionally(p).pk)
    assert repr(referral.help_wanted) == "SecretStr('********')"
    assert "job" not in repr(referral.help_wanted)
    assert "Jas" not in str(referral) and "Jas" not in repr(referral)
    assert "job" not in repr(vars(referral))
    assert referral.help_wanted.startswith("Feeling low")  # still an ordinary string


def test_an_undecryptable_value_names_no_value(p, settings):
    referral = refer_professionally(p)
    settings.REFERRALS_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken) as error:
        Referral.objects.get(pk=referral.pk)
    assert "Jas" not in str(error.value) and "gAAAA" not in str(error.value)


def test_key_rotation(p, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.REFERRALS_ENCRYPTION_KEYS = [old_key]
    referral = refer_professionally(p)
    note = services.referral_note_add(referral=referral, by=p.dev, text="Prefers mornings")
    under_old = raw("referrals_referral", "help_wanted", referral.pk)

    # New key first: new writes use it, old values still read.
    settings.REFERRALS_ENCRYPTION_KEYS = [new_key, old_key]
    assert Referral.objects.get(pk=referral.pk).help_wanted.startswith("Feeling low")
    out = io.StringIO()
    call_command("referrals_reencrypt", "--batch-size", "1", stdout=out)
    assert "Re-encrypted" in out.getvalue()
    under_new = raw("referrals_referral", "help_wanted", referral.pk)
    assert under_new != under_old
    assert Fernet(new_key.encode()).decrypt(under_new.encode()).decode().startswith("Feeling")

    # The old key can now go; everything still reads. A second run changes nothing.
    settings.REFERRALS_ENCRYPTION_KEYS = [new_key]
    fresh = Referral.objects.get(pk=referral.pk)
    assert fresh.name == "Jas" and ReferralNote.objects.get(pk=note.pk).text == "Prefers mornings"
    out = io.StringIO()
    call_command("referrals_reencrypt", stdout=out)
    assert "Re-encrypted 0 value(s)" in out.getvalue()


# --- Retention ------------------------------------------------------------------------

NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)


def ended(referral: Referral, days_ago: int) -> None:
    Referral.objects.filter(pk=referral.pk).update(ended_at=NOW - dt.timedelta(days=days_ago))


def closed(p, **kwargs) -> Referral:
    referral = refer_professionally(p, **kwargs)
    services.referral_open(referral=referral, by=p.dev)
    services.referral_accept(referral=referral, by=p.dev, note="Spoke to his GP")
    services.referral_note_add(referral=referral, by=p.dev, text="Anxious about groups")
    services.referral_close(
        referral=referral, by=p.dev, outcome=Outcome.OTHER, text="Moved to Leeds"
    )
    return referral


def test_retention_anonymises_old_closed_referrals_keeping_the_statistics(p, settings):
    settings.REFERRALS_RETENTION_DAYS = 365
    old, recent = closed(p), closed(p)
    ended(old, 366)
    ended(recent, 364)
    referral_get_for_user(p.dev, old.pk, reason="inbox")
    open_referral = refer_professionally(p)
    Referral.objects.filter(pk=open_referral.pk).update(created_at=NOW - dt.timedelta(days=900))

    assert services.referrals_retention_run(now=NOW) == services.Retention(lapsed=0, anonymised=1)

    old.refresh_from_db()
    assert old.anonymised_at == NOW
    for field in [*SENSITIVE, "outcome_text", "safe_times"]:
        assert getattr(old, field) == "", field
    assert old.age is None and old.contact_methods == []
    # What the statistics need stays.
    assert (old.service_id, old.route, old.status, old.outcome, old.age_band) == (
        p.service_a.pk,
        Route.PROFESSIONAL,
        Status.CLOSED,
        Outcome.OTHER,
        "35-44",
    )
    events = ReferralEvent.objects.filter(referral=old)
    assert [e.to_status for e in events] == ["submitted", "opened", "accepted", "closed"]
    assert all(e.note == "" and e.at for e in events)
    assert not ReferralNote.objects.filter(referral=old).exists()
    assert ReferralAccessLog.objects.filter(referral=old).exists(), "the audit trail stays"
    # Untouched: the recent one and the one still open.
    recent.refresh_from_db()
    open_referral.refresh_from_db()
    assert recent.name == "Jas" and recent.anonymised_at is None
    assert open_referral.name == "Jas" and open_referral.anonymised_at is None

    # Idempotent: nothing more to do at the same clock.
    assert services.referrals_retention_run(now=NOW) == services.Retention(lapsed=0, anonymised=0)


def test_retention_forgets_self_referrals_links_and_waiting_messages(p, settings):
    settings.REFERRALS_RETENTION_DAYS = 30
    created = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="x"
    )
    services.referral_withdraw(referral=created.referral, link_holder="referrer")
    ended(created.referral, 31)
    assert services.referrals_anonymise(now=NOW) == 1
    assert not StatusLink.objects.filter(referral=created.referral).exists()
    with pytest.raises(Http404):
        referral_get_by_status_token(created.status_token)
    assert not OutboxMessage.objects.filter(
        key__startswith=f"referral:{created.referral.pk}:", status=MessageStatus.QUEUED
    ).exists()


def test_unconfirmed_peer_referrals_lapse(p, settings):
    settings.REFERRALS_PEER_CONFIRM_DAYS = 14
    stale = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="x"
    ).referral
    token = person_token(stale)
    Referral.objects.filter(pk=stale.pk).update(created_at=NOW - dt.timedelta(days=15))
    fresh = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(phone="07700 900999"), client_key="y"
    ).referral
    Referral.objects.filter(pk=fresh.pk).update(created_at=NOW - dt.timedelta(days=13))

    assert services.referrals_lapse_unconfirmed(now=NOW) == 1
    stale.refresh_from_db()
    assert stale.status == Status.WITHDRAWN and stale.name == "" and stale.referrer_name == ""
    assert stale.events.get(to_status=Status.WITHDRAWN).actor_role == "system"
    with pytest.raises(services.InvalidTransition):
        services.referral_confirm_peer(token=token, consent=consent())
    fresh.refresh_from_db()
    assert fresh.status == Status.PENDING_CONSENT


def test_an_expired_confirmation_link_is_refused(p, settings):
    settings.REFERRALS_PEER_CONFIRM_DAYS = 14
    referral = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="x"
    ).referral
    StatusLink.objects.filter(referral=referral).update(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=15)
    )
    with pytest.raises(services.LinkInvalid, match="expired"):
        services.referral_confirm_peer(token=person_token(referral), consent=consent())


def test_the_daily_task_runs_the_retention(p, settings):
    settings.REFERRALS_RETENTION_DAYS = 0
    referral = closed(p)
    Referral.objects.filter(pk=referral.pk).update(
        ended_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    assert referrals_retention_task.apply().get() == {"lapsed": 0, "anonymised": 1}
    assert referrals_retention_task.apply().get() == {"lapsed": 0, "anonymised": 0}


# --- Rate limits ----------------------------------------------------------------------


def test_self_referrals_are_limited_per_address(p, settings):
    settings.REFERRALS_LIMIT_PER_ADDRESS_PER_HOUR = 2
    for n in range(2):
        services.referral_create_self(
            service=p.service_a,
            person=person(phone=f"07700 90010{n}"),
            consent=consent(),
            client_key="203.0.113.5",
        )
    with pytest.raises(services.RateLimited):
        services.referral_create_self(
            service=p.service_a,
            person=person(phone="07700 900109"),
            consent=consent(),
            client_key="203.0.113.5",
        )
    services.referral_create_self(
        service=p.service_a,
        person=person(phone="07700 900109"),
        consent=consent(),
        client_key="203.0.113.6",
    )


def test_referrals_are_limited_per_phone_and_email_however_written(p, settings):
    settings.REFERRALS_LIMIT_PER_CONTACT_PER_DAY = 1
    services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="a"
    )
    with pytest.raises(services.RateLimited):
        services.referral_create_peer(
            service=p.service_a,
            referrer=friend(phone="07700 900777"),
            person=person(phone="+44 7700 900123"),
            client_key="b",
        )
    with pytest.raises(services.RateLimited):  # the friend's own number, too
        services.referral_create_self(
            service=p.service_a,
            person=person(phone="07700900456"),
            consent=consent(),
            client_key="c",
        )
    assert Referral.objects.count() == 1


def test_nothing_identifying_is_kept_in_the_rate_limit_keys(p, settings):
    from django.core.cache import cache

    services.referral_create_self(
        service=p.service_a,
        person=person(email="jas@example.org", contact_methods=("email",), phone=""),
        consent=consent(),
        client_key="203.0.113.5",
    )
    keys = list(cache._cache)  # the test's own LocMemCache
    assert keys
    assert not any("203.0.113" in k or "jas@" in k or "7700" in k for k in keys)


def test_retention_clears_the_words_of_an_experience_answer_and_keeps_the_rating(p, settings):
    settings.REFERRALS_RETENTION_DAYS = 30
    referral = closed(p)
    ExperienceAnswer.objects.create(
        referral=referral, rating=4, text="The group helped me sleep", answered_at=NOW
    )
    ended(referral, 31)
    assert services.referrals_anonymise(now=NOW) == 1
    answer = ExperienceAnswer.objects.get(referral=referral)
    assert (answer.rating, answer.text) == (4, "")
