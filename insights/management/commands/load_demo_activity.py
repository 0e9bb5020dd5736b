"""Demo referrals for the demo directory: Priya's introductions to the two demo groups at
every stage of the lifecycle, a few with the person's optional equality answers, so the
inbox, "Your referrals" and the insights pages have something to show after `make run`.

It lives in insights (the top of the app arrows) because it touches referrals and
insights alike. Fictional people only; idempotent (does nothing once Priya has referrals).
Nobody in it can receive automatic messages (phone calls only), so nothing is sent.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.demo import GROUP_A_SERVICE, GROUP_B_SERVICE
from directory.models import Service
from insights.monitoring import equality_answers_record
from referrals import services
from referrals.models import ConsentMethod, ContactMethod, DeclineReason, Outcome, Referral

# (service, name, age, gender, stages, equality answers)
PEOPLE = [
    (
        "a",
        "Harjit",
        52,
        "men",
        "met",
        {"ethnic_group": "asian_indian", "sex": "male", "religion": "sikh", "main_language": "pa"},
    ),
    (
        "a",
        "Imran",
        34,
        "men",
        "accepted",
        {
            "ethnic_group": "asian_pakistani",
            "sex": "male",
            "religion": "muslim",
            "main_language": "en",
        },
    ),
    (
        "a",
        "Gurpreet",
        61,
        "men",
        "closed",
        {"ethnic_group": "asian_indian", "sex": "male", "religion": "sikh", "main_language": "pa"},
    ),
    (
        "a",
        "Tariq",
        29,
        "men",
        "declined",
        {"ethnic_group": "asian_pakistani", "sex": "male", "disability": "yes"},
    ),
    ("a", "Sunny", 45, "men", "contacted", {}),
    ("a", "Baljit", 38, "men", "submitted", {"ethnic_group": "asian_indian", "sex": "male"}),
    ("a", "Arun", 57, "men", "opened", {}),
    (
        "a",
        "Kamal",
        41,
        "men",
        "waiting_list",
        {"ethnic_group": "asian_bangladeshi", "sex": "male", "religion": "muslim"},
    ),
    (
        "b",
        "Grace O.",
        33,
        "women",
        "met",
        {"ethnic_group": "black_african", "sex": "female", "religion": "christian"},
    ),
    (
        "b",
        "Maria",
        27,
        "women",
        "accepted",
        {"ethnic_group": "white_other", "sex": "female", "main_language": "pl"},
    ),
    (
        "b",
        "Joanne",
        48,
        "women",
        "closed",
        {"ethnic_group": "white_british", "sex": "female", "disability": "yes"},
    ),
    (
        "b",
        "Amina",
        36,
        "women",
        "declined",
        {"ethnic_group": "black_african", "sex": "female", "religion": "muslim"},
    ),
    ("b", "Chloe", 22, "women", "submitted", {}),
    (
        "b",
        "Aisha",
        31,
        "women",
        "contacted",
        {"ethnic_group": "other_arab", "sex": "female", "main_language": "ar"},
    ),
]

STEPS = ["opened", "accepted", "contacted", "met", "closed"]


class Command(BaseCommand):
    help = "Load demo referrals at every stage, with some equality answers (idempotent)."

    def handle(self, *args, **options) -> None:
        users = get_user_model().objects.in_bulk(["priya", "dev", "grace"], field_name="username")
        if len(users) != 3:
            raise CommandError("Run `manage.py load_demo` first: the demo users are missing.")
        priya = users["priya"]
        if Referral.objects.filter(referrer=priya).exists():
            self.stdout.write("demo referrals: already loaded")
            return
        service_for = {
            "a": (Service.objects.get(pk=GROUP_A_SERVICE), users["dev"]),
            "b": (Service.objects.get(pk=GROUP_B_SERVICE), users["grace"]),
        }
        for key, name, age, gender, stage, answers in PEOPLE:
            service, member = service_for[key]
            referral = services.referral_create_professional(
                service=service,
                by=priya,
                person=services.PersonDetails(
                    name=name,
                    contact_methods=(ContactMethod.PHONE_CALL,),
                    phone="07700 900000",
                    safe_times="Weekdays, daytime",
                    ok_to_leave_message=True,
                    ok_to_say_who_is_calling=True,
                    help_wanted="Would like to meet people who understand.",
                    age=age,
                    gender=gender,
                ),
                consent=services.ConsentGiven(
                    share_with_group=True, method=ConsentMethod.VERBAL_TO_PROFESSIONAL
                ),
                eligibility_reason="Demo data",
            )
            if answers:
                equality_answers_record(
                    referral=referral,
                    answers=answers,
                    method=ConsentMethod.VERBAL_TO_PROFESSIONAL,
                    recorded_by=priya,
                )
            self._move(referral, member, stage)
        self.stdout.write(f"demo referrals: {len(PEOPLE)}")

    def _move(self, referral: Referral, member, stage: str) -> None:
        if stage == "submitted":
            return
        services.referral_open(referral=referral, by=member)
        if stage == "declined":
            services.referral_decline(
                referral=referral, by=member, reason=DeclineReason.NO_CAPACITY
            )
            return
        if stage == "waiting_list":
            services.referral_waitlist(referral=referral, by=member)
            return
        moves = {
            "accepted": services.referral_accept,
            "contacted": services.referral_mark_contacted,
            "met": services.referral_mark_met,
        }
        for step in STEPS[1 : STEPS.index(stage) + 1]:
            if step == "closed":
                services.referral_close(
                    referral=referral, by=member, outcome=Outcome.GETTING_SUPPORT
                )
            else:
                moves[step](referral=referral, by=member)
