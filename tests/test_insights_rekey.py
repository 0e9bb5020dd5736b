"""Changing INSIGHTS_ENCRYPTION_KEY: manage.py insights_rekey re-seals every answer under
the new key without opening any, the figures come out the same, a wrong previous key
changes nothing, and running it twice is harmless."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from insights import coding
from insights.figures import Filters, figure_access
from insights.models import SEALED_FIELDS, EqualityAnswers, ReferralFact
from tests.test_insights_figures import (
    BRITISH_WOMAN,
    FUNNEL,
    INDIAN_MAN,
    at,
    by_labels,
    refer,
    service_in,
)

pytestmark = pytest.mark.django_db

OLD, NEW, OTHER = coding.key_generate(), coding.key_generate(), coding.key_generate()


def raw_answers() -> dict[int, dict[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT referral_id, {', '.join(SEALED_FIELDS)} FROM insights_equalityanswers"  # noqa: S608
        )
        return {row[0]: dict(zip(SEALED_FIELDS, row[1:], strict=True)) for row in cursor}


@pytest.fixture
def answered(settings):
    """Three people's answers (and one without) sealed under OLD."""
    settings.INSIGHTS_ENCRYPTION_KEY = OLD
    wigan = service_in("Wigan")
    start = at(2026, 7, 6, 10)
    for answers in (INDIAN_MAN, INDIAN_MAN, BRITISH_WOMAN, None):
        refer(wigan, start, stages=FUNNEL, answers=answers, age_band="25-34")
    return by_labels(figure_access(Filters(), by=("ethnic_group", "sex")))


def test_rekey_reseals_every_answer_and_keeps_the_figures(answered, settings):
    before = raw_answers()
    codes = {pk: {c: coding.unseal(c, v) for c, v in row.items()} for pk, row in before.items()}
    settings.INSIGHTS_ENCRYPTION_KEY = NEW
    settings.INSIGHTS_PREVIOUS_ENCRYPTION_KEY = OLD
    out = StringIO()
    call_command("insights_rekey", stdout=out)
    assert "Re-sealed the answers of 3 referral(s); recomputed 3 fact row(s)." in out.getvalue()
    after = raw_answers()
    assert after.keys() == before.keys()
    for pk, row in after.items():
        for column, value in row.items():
            assert (value != before[pk][column]) == bool(value)  # new ciphertexts…
            assert coding.unseal(column, value) == codes[pk][column]  # …of the same answers
    assert EqualityAnswers.objects.filter(sex="male").count() == 2
    fact_tokens = dict(ReferralFact.objects.values_list("referral_id", "sex"))
    for pk, columns in after.items():
        assert fact_tokens[pk] == coding.token_of(columns["sex"])
    assert by_labels(figure_access(Filters(), by=("ethnic_group", "sex"))) == answered

    # Again: nothing left to change, nothing broken.
    call_command("insights_rekey", stdout=StringIO())
    assert raw_answers() == after


def test_rekey_from_the_key_derived_from_secret_key(settings):
    settings.INSIGHTS_ENCRYPTION_KEY = ""
    refer(service_in("Wigan"), at(2026, 7, 6, 10), answers=INDIAN_MAN)
    settings.INSIGHTS_ENCRYPTION_KEY = NEW
    with pytest.raises(CommandError, match="INSIGHTS_PREVIOUS_ENCRYPTION_KEY"):
        call_command("insights_rekey")
    call_command("insights_rekey", "--previous-from-secret-key", stdout=StringIO())
    assert EqualityAnswers.objects.get().ethnic_group == "asian_indian"


def test_a_wrong_previous_key_changes_nothing(answered, settings):
    before = raw_answers()
    facts_before = list(ReferralFact.objects.order_by("pk").values_list("pk", *SEALED_FIELDS))
    settings.INSIGHTS_ENCRYPTION_KEY = NEW
    settings.INSIGHTS_PREVIOUS_ENCRYPTION_KEY = OTHER
    with pytest.raises(CommandError, match="3 people's answers are sealed under neither"):
        call_command("insights_rekey")
    assert raw_answers() == before
    assert (
        list(ReferralFact.objects.order_by("pk").values_list("pk", *SEALED_FIELDS)) == facts_before
    )


@pytest.mark.parametrize(
    ("previous", "current", "flag", "message"),
    [
        ("", OLD, False, "Set INSIGHTS_PREVIOUS_ENCRYPTION_KEY"),
        (OLD, OLD, False, "are the same"),
        (OLD, NEW, True, "not both"),
        ("bm90IGEga2V5", NEW, False, "A key is not valid"),
    ],
)
def test_rekey_refuses_unclear_keys(settings, previous, current, flag, message):
    settings.INSIGHTS_PREVIOUS_ENCRYPTION_KEY = previous
    settings.INSIGHTS_ENCRYPTION_KEY = current
    with pytest.raises(CommandError, match=message):
        call_command("insights_rekey", *(["--previous-from-secret-key"] if flag else []))
