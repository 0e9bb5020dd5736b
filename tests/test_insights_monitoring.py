"""Equality monitoring: separate consent, every question optional, answers sealed in the
database (read back raw with SQL), deleted when consent ends, and pages only the person
(or the professional who referred them, with a second factor) can open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from accounts.testing import login_verified
from directory.models import Postcode
from insights import coding
from insights.models import SEALED_FIELDS, EqualityAnswers, ReferralFact
from insights.monitoring import equality_answers_record, equality_consent_withdraw
from referrals import services
from referrals.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    LinkHolder,
    WellbeingAnswer,
    WellbeingWhen,
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

ANSWERS = {
    "ethnic_group": "asian_indian",
    "sex": "male",
    "gender_same_as_birth": "yes",
    "sexual_orientation": "gay_lesbian",
    "disability": "prefer_not_to_say",
    "religion": "sikh",
    "main_language": "pa",
}


@pytest.fixture
def p():
    return make_referral_personas()


def self_referral(p, **details):
    return services.referral_create_self(
        service=p.service_a, person=person(**details), consent=consent(), client_key="203.0.113.9"
    )


def raw_row(table: str, pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE referral_id = %s", [pk])  # noqa: S608
        names = [c.name for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_answers_are_sealed_and_counted_only_as_tokens(p):
    Postcode.objects.create(
        postcode="WN1 1AA",
        latitude=53.5,
        longitude=-2.6,
        local_authority_code="E08000010",
        local_authority_name="Wigan",
        lsoa11="E01006200",
        imd_decile=2,
    )
    referral = self_referral(p, postcode="WN1 1AA").referral
    equality_answers_record(referral=referral, answers=ANSWERS, method=ConsentMethod.STATUS_LINK)

    row = raw_row("insights_equalityanswers", referral.pk)
    plain = set(ANSWERS.values()) | {"asian", "2"}
    for name in SEALED_FIELDS:
        assert row[name] not in plain and len(row[name]) == len(row["sex"])
        assert not any(word in row[name] for word in plain if len(word) > 3)
    assert row["local_authority"] == "E08000010"  # coarse, kept plain for the area filter
    answers = EqualityAnswers.objects.get(pk=referral.pk)
    assert (answers.sex, answers.ethnic_heading, answers.imd_decile) == ("male", "asian", "2")

    fact = raw_row("insights_referralfact", referral.pk)
    for name in SEALED_FIELDS:
        assert isinstance(fact[name], int) and fact[name] != 0
    assert fact["sex"] == coding.token_of(row["sex"])
    assert fact["area"] == "E08000010"
    consent_row = Consent.objects.get(referral=referral, purpose=ConsentPurpose.EQUALITY_MONITORING)
    assert consent_row.method == ConsentMethod.STATUS_LINK and consent_row.withdrawn_at is None


def test_same_answer_differs_between_questions_and_keys(p, settings):
    assert coding.seal("disability", "yes") != coding.seal("gender_same_as_birth", "yes")
    assert coding.seal("sex", "male") == coding.seal("sex", "male")
    before = coding.seal("sex", "male")
    settings.INSIGHTS_ENCRYPTION_KEY = coding.key_generate()
    assert coding.seal("sex", "male") != before
    assert coding.unseal("sex", coding.seal("sex", "female")) == "female"
    assert len(coding.seal("sex", "male")) == len(coding.seal("ethnic_group", "white_irish"))


def test_every_question_is_optional_and_unknown_codes_are_refused(p):
    referral = self_referral(p).referral
    equality_answers_record(
        referral=referral, answers={"sex": "female"}, method=ConsentMethod.STATUS_LINK
    )
    answers = EqualityAnswers.objects.get(pk=referral.pk)
    assert answers.sex == "female" and answers.religion == "" and answers.imd_decile == ""
    assert ReferralFact.objects.get(pk=referral.pk).religion == 0
    with pytest.raises(services.ReferralError):
        equality_answers_record(
            referral=referral, answers={"sex": "robot"}, method=ConsentMethod.STATUS_LINK
        )


def test_withdrawing_consent_deletes_the_answers_and_their_tokens(p):
    referral = self_referral(p).referral
    equality_answers_record(referral=referral, answers=ANSWERS, method=ConsentMethod.STATUS_LINK)
    assert equality_consent_withdraw(referral=referral)
    assert not EqualityAnswers.objects.filter(pk=referral.pk).exists()
    fact = ReferralFact.objects.get(pk=referral.pk)
    assert all(getattr(fact, name) == 0 for name in SEALED_FIELDS)
    assert Consent.objects.get(
        referral=referral, purpose=ConsentPurpose.EQUALITY_MONITORING
    ).withdrawn_at


def test_withdrawing_the_referral_deletes_the_answers(p):
    referral = self_referral(p).referral
    equality_answers_record(referral=referral, answers=ANSWERS, method=ConsentMethod.STATUS_LINK)
    services.referral_withdraw(referral=referral, link_holder=LinkHolder.REFERRER)
    assert not EqualityAnswers.objects.filter(pk=referral.pk).exists()


# --- pages ------------------------------------------------------------------------------


def test_jas_answers_through_his_private_link(client, p):
    created = self_referral(p)
    url = reverse("insights:monitoring_status", args=[created.status_token])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "strict-origin"
    assert b"Prefer not to say" in page.content and b"Pakistani" in page.content
    response = client.post(
        url,
        {
            "agree": "1",
            **ANSWERS,
            "wellbeing_agree": "1",
            "life_satisfaction": "4",
            "worthwhile": "prefer_not_to_say",
            "happiness": "6",
            "anxiety": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "insights:monitoring_status_done", args=[created.status_token]
    )
    assert EqualityAnswers.objects.get(pk=created.referral.pk).religion == "sikh"
    wellbeing = WellbeingAnswer.objects.get(referral=created.referral, when=WellbeingWhen.REFERRAL)
    assert (wellbeing.life_satisfaction, wellbeing.worthwhile, wellbeing.anxiety) == (4, None, None)
    done = client.get(response["Location"])
    assert b"Remove the answers" in done.content
    # Answers are never shown back.
    assert b"Sikh" not in client.get(url).content.split(b"<form")[0]

    remove = reverse("insights:monitoring_status_withdraw", args=[created.status_token])
    assert client.post(remove, {}).status_code == 400
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not EqualityAnswers.objects.filter(pk=created.referral.pk).exists()


def test_answers_without_agreeing_are_kept_on_the_page_with_an_error(client, p):
    created = self_referral(p)
    url = reverse("insights:monitoring_status", args=[created.status_token])
    page = client.post(url, {"sex": "female", "religion": "none"})
    assert page.status_code == 400
    assert b"Tick the box to agree" in page.content
    assert b'value="female" checked' in page.content
    assert not EqualityAnswers.objects.exists()
    assert client.post(url, {}).status_code == 400


def test_only_the_person_may_answer_by_link(client, p):
    created = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="198.51.100.7"
    )
    # The friend's link is not the person's: 404.
    assert (
        client.get(reverse("insights:monitoring_status", args=[created.status_token])).status_code
        == 404
    )
    assert client.get(reverse("insights:monitoring_status", args=["nonsense"])).status_code == 404
    token = person_token(created.referral)
    assert client.get(reverse("insights:monitoring_status", args=[token])).status_code == 200


def test_priya_records_answers_with_mfa_and_others_are_refused(client, p):
    referral = refer_professionally(p)
    url = reverse("insights:monitoring_referral", args=[referral.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(p.priya)
    assert client.get(url).status_code in (302, 403)  # second factor first
    login_verified(client, p.priya)
    assert client.get(url).status_code == 200
    missing_method = client.post(url, {"agree": "1", "sex": "male"})
    assert (
        missing_method.status_code == 400 and b"Say how the person agreed" in missing_method.content
    )
    response = client.post(
        url, {"agree": "1", "sex": "male", "consent_method": ConsentMethod.VERBAL_TO_PROFESSIONAL}
    )
    assert response.status_code == 302
    consent_row = Consent.objects.get(referral=referral, purpose=ConsentPurpose.EQUALITY_MONITORING)
    assert consent_row.recorded_by == p.priya
    for other in (p.olu, p.dev, p.grace):
        login_verified(client, other)
        assert client.get(url).status_code == 404
