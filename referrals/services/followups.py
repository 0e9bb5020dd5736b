"""The follow-up schedule: what is due when, and what people answer through their links.

A beat task (referrals.tasks.followups_due_task, every few minutes) calls
``followups_due_run``. Each rule finds the referrals whose status still calls for it and
whose time has come, locks each one, checks again under the lock, and either queues its
messages in the outbox (due now) or records why not, in one transaction with one
``FollowUp`` row. The row is unique per referral and kind, and every outbox key is
"referral:<id>:followup:…", so re-runs and overlapping runs send nothing twice, and
closing or withdrawing a referral cancels what is still waiting with one prefix.
See docs/decisions/006-follow-ups.md.

    submitted, not opened, 2 working days  ─► reminder to the group's members
    submitted, not opened, 5 working days  ─► the referrer, with similar services that have room
    accepted or contacted, 14 days after acceptance ─► "Have you been in touch?" (one tap)
    met, 8 weeks after the first meeting   ─► experience + ONS4 wellbeing questions
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import (
    Gender,
    OrganisationMembership,
    Service,
    Taxonomy,
)
from directory.search import services_search
from notifications.services import Recipient, message_cancel, message_queue
from referrals.models import (
    CheckinAnswer,
    ContactMethod,
    ExperienceAnswer,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Referral,
    ReferralEvent,
    Route,
    SkipReason,
    Status,
    WellbeingAnswer,
    WellbeingWhen,
)
from referrals.services.errors import IncompleteDetails, ReferralError
from referrals.services.links import language_prefix
from referrals.services.messages import (
    Delivery,
    _person_route,
    _referrer_route,
    _service_name,
)
from referrals.services.workingdays import add_working_days

logger = logging.getLogger(__name__)

WELLBEING_QUESTIONS = ("life_satisfaction", "worthwhile", "happiness", "anxiety")


class AlreadyAnswered(ReferralError):
    """The link was used, or these questions were answered, already."""


def followup_key_prefix(referral: Referral | int) -> str:
    return f"referral:{getattr(referral, 'pk', referral)}:followup:"


def _base_url() -> str:
    return settings.REFERRALS_LINK_BASE_URL.rstrip("/")


# --- When each follow-up is due --------------------------------------------------------


def _latest_event_at(*statuses: str) -> Subquery:
    events = ReferralEvent.objects.filter(referral=OuterRef("pk"), to_status__in=statuses)
    return Subquery(events.order_by("-at").values("at")[:1])


@dataclass(frozen=True)
class Rule:
    kind: str
    # The statuses in which the follow-up still makes sense, checked again under the lock.
    statuses: frozenset[str]
    # When the clock started, as an annotation on Referral.
    start: Callable[[], object]
    # The moment it falls due, from the start.
    due: Callable[[dt.datetime], dt.datetime]
    # The least calendar time from start to due (working days never fall short of it), so
    # the database can skip referrals that cannot be due yet.
    least: Callable[[], dt.timedelta]
    send: Callable[[Referral, FollowUp, dt.datetime], bool]


def _group_reminder_due(start: dt.datetime) -> dt.datetime:
    return add_working_days(start, settings.FOLLOWUP_GROUP_REMINDER_WORKING_DAYS)


def _referrer_alert_due(start: dt.datetime) -> dt.datetime:
    return add_working_days(start, settings.FOLLOWUP_REFERRER_ALERT_WORKING_DAYS)


def _checkin_due(start: dt.datetime) -> dt.datetime:
    return start + dt.timedelta(days=settings.FOLLOWUP_CHECKIN_DAYS)


def _experience_due(start: dt.datetime) -> dt.datetime:
    return start + dt.timedelta(weeks=settings.FOLLOWUP_EXPERIENCE_WEEKS)


def _rules() -> list[Rule]:
    submitted = frozenset({Status.SUBMITTED})
    return [
        Rule(
            FollowUpKind.GROUP_REMINDER,
            submitted,
            start=lambda: F("submitted_at"),
            due=_group_reminder_due,
            least=lambda: dt.timedelta(days=settings.FOLLOWUP_GROUP_REMINDER_WORKING_DAYS),
            send=_send_group_reminder,
        ),
        Rule(
            FollowUpKind.REFERRER_ALERT,
            submitted,
            start=lambda: F("submitted_at"),
            due=_referrer_alert_due,
            least=lambda: dt.timedelta(days=settings.FOLLOWUP_REFERRER_ALERT_WORKING_DAYS),
            send=_send_referrer_alert,
        ),
        Rule(
            FollowUpKind.CHECKIN,
            frozenset({Status.ACCEPTED, Status.CONTACTED}),
            start=lambda: _latest_event_at(Status.ACCEPTED),
            due=_checkin_due,
            least=lambda: dt.timedelta(days=settings.FOLLOWUP_CHECKIN_DAYS),
            send=_send_checkin,
        ),
        Rule(
            FollowUpKind.EXPERIENCE,
            frozenset({Status.MET}),
            start=lambda: _latest_event_at(Status.MET),
            due=_experience_due,
            least=lambda: dt.timedelta(weeks=settings.FOLLOWUP_EXPERIENCE_WEEKS),
            send=_send_experience,
        ),
    ]


def _candidates(rule: Rule, now: dt.datetime) -> QuerySet[Referral]:
    """Referrals in the rule's statuses, old enough to be due, not yet dealt with."""
    return (
        Referral.objects.filter(status__in=rule.statuses, anonymised_at__isnull=True)
        .exclude(followups__kind=rule.kind)
        .annotate(started_at=rule.start())
        .filter(started_at__lte=now - rule.least())
        .order_by("started_at", "pk")
        .values_list("pk", "started_at")
    )


@dataclass
class DueRun:
    sent: int = 0
    skipped: int = 0
    not_yet: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "skipped": self.skipped, "not_yet": self.not_yet}


def followups_due_run(*, now: dt.datetime | None = None) -> DueRun:
    """Queue every follow-up that has fallen due; safe to run any number of times, and
    at the same time as another run."""
    now = now or timezone.now()
    run = DueRun()
    for rule in _rules():
        for referral_id, started_at in _candidates(rule, now).iterator(chunk_size=500):
            if rule.due(started_at) > now:
                run.not_yet += 1
                continue
            state = followup_handle(referral_id=referral_id, rule=rule, now=now)
            if state == FollowUpState.SENT:
                run.sent += 1
            elif state == FollowUpState.SKIPPED:
                run.skipped += 1
    if run.sent or run.skipped:
        logger.info("Follow-ups: %d queued, %d not sent", run.sent, run.skipped)
    return run


def _lock(referral_id: int) -> Referral | None:
    return (
        Referral.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("service", "service__organisation", "referrer")
        .annotate(
            **{f"started_{rule.kind}": rule.start() for rule in _rules()},
        )
        .filter(pk=referral_id)
        .first()
    )


def followup_handle(*, referral_id: int, rule: Rule, now: dt.datetime) -> str:
    """Deal with one due follow-up under the referral's row lock: the status and the
    clock are checked again there, so a group that opens the referral while this runs
    never gets the reminder. Returns the FollowUp's state, or "" when nothing was done
    (no longer due, already done, or the row is being changed right now: the next run
    looks again)."""
    with transaction.atomic():
        referral = _lock(referral_id)
        if referral is None or referral.status not in rule.statuses:
            return ""
        started_at = getattr(referral, f"started_{rule.kind}")
        if started_at is None or rule.due(started_at) > now:
            return ""
        if FollowUp.objects.filter(referral=referral, kind=rule.kind).exists():
            return ""
        followup = FollowUp(
            referral=referral,
            kind=rule.kind,
            state=FollowUpState.SENT,
            due_at=rule.due(started_at),
            handled_at=now,
        )
        if now - followup.due_at > dt.timedelta(days=settings.FOLLOWUP_MAX_LATE_DAYS):
            followup.state, followup.skip_reason = FollowUpState.SKIPPED, SkipReason.TOO_LATE
            followup.save()
            return followup.state
        try:
            with transaction.atomic():
                followup.save()
                if not rule.send(referral, followup, now):
                    followup.state, followup.skip_reason = (
                        FollowUpState.SKIPPED,
                        SkipReason.NO_CHANNEL,
                    )
                    followup.token_hash = None
                    followup.link_expires_at = None
                    followup.save()
        except IntegrityError:
            # Another run recorded it between the check and the insert.
            return ""
        return followup.state


# --- Who hears, through which channel ---------------------------------------------------


def _queue(route: Delivery | None, *, key: str, template: str, context: dict) -> bool:
    if route is None:
        return False
    message_queue(
        recipient=route.recipient,
        channel=route.channels[0],
        fallback=route.channels[1:],
        template=template,
        context=context,
        key=key,
        language=route.language,
    )
    return True


def _members(referral: Referral):
    memberships = OrganisationMembership.objects.filter(
        organisation_id=referral.service.organisation_id
    ).select_related("user")
    return [m.user for m in memberships if m.user.is_active and m.user.email]


def _tell_members(referral: Referral, *, key: str, template: str, context: dict) -> bool:
    members = _members(referral)
    for user in members:
        message_queue(
            recipient=Recipient(name=str(user), email=user.email),
            channel="email",
            template=template,
            context=context,
            key=f"{key}:member:{user.pk}",
        )
    return bool(members)


def _checkin_route(referral: Referral) -> tuple[Delivery | None, bool]:
    """The person, unless they asked to be contacted through the referrer or cannot get
    automatic messages (phone calls only): then the referrer. Returns (route, to_referrer)."""
    person = _person_route(referral)
    through_referrer = ContactMethod.THROUGH_REFERRER in referral.contact_methods
    if person is not None and not through_referrer:
        return person, False
    if referral.route == Route.SELF:
        return person, False
    return _referrer_route(referral), True


def _first_name(referral: Referral) -> str:
    return str(referral.name).strip().split(" ")[0] if str(referral.name).strip() else ""


def _send_group_reminder(referral: Referral, followup: FollowUp, now: dt.datetime) -> bool:
    days = settings.FOLLOWUP_GROUP_REMINDER_WORKING_DAYS
    return _tell_members(
        referral,
        key=f"{followup_key_prefix(referral)}group-reminder:{days}wd",
        template="followup_group_reminder",
        context={
            # The group's own service: its members may always see its name.
            "service_name": referral.service.name,
            "referral_id": referral.pk,
            "working_days": days,
            "link": f"{_base_url()}/manage/",
        },
    )


def _send_referrer_alert(referral: Referral, followup: FollowUp, now: dt.datetime) -> bool:
    days = settings.FOLLOWUP_REFERRER_ALERT_WORKING_DAYS
    service_name = _service_name(referral)
    suggestions = []
    if service_name:
        # Naming other groups says as much as naming this one, so only when it is safe.
        suggestions = [
            {"name": s.name, "link": f"{_base_url()}{s.get_absolute_url()}"}
            for s in similar_services_with_capacity(referral=referral)
        ]
    return _queue(
        _referrer_route(referral),
        key=f"{followup_key_prefix(referral)}referrer-alert:{days}wd",
        template="followup_referrer_alert",
        context={
            "service_name": service_name,
            "working_days": days,
            "suggestions": suggestions,
            "search_link": f"{_base_url()}/search/?accepting=1",
        },
    )


def _link_create(followup: FollowUp, now: dt.datetime, language: str = "") -> str:
    token = secrets.token_urlsafe(16)
    followup.token_hash = token_hash(token)
    followup.link_expires_at = now + dt.timedelta(days=settings.FOLLOWUP_LINK_DAYS)
    followup.save(update_fields=["token_hash", "link_expires_at"])
    return f"{_base_url()}{language_prefix(language)}/f/{token}/"


def _send_checkin(referral: Referral, followup: FollowUp, now: dt.datetime) -> bool:
    route, to_referrer = _checkin_route(referral)
    if route is None:
        return False
    link = _link_create(followup, now, route.language)
    return _queue(
        route,
        key=f"{followup_key_prefix(referral)}checkin:{settings.FOLLOWUP_CHECKIN_DAYS}d",
        template="followup_checkin",
        context={
            "first_name": "" if to_referrer else _first_name(referral),
            "to_referrer": to_referrer,
            "service_name": _service_name(referral),
            "link": link,
            "days": settings.FOLLOWUP_CHECKIN_DAYS,
        },
    )


def _send_experience(referral: Referral, followup: FollowUp, now: dt.datetime) -> bool:
    route, to_referrer = _checkin_route(referral)
    if route is None:
        return False
    link = _link_create(followup, now, route.language)
    return _queue(
        route,
        key=f"{followup_key_prefix(referral)}experience:{settings.FOLLOWUP_EXPERIENCE_WEEKS}w",
        template="followup_experience",
        context={
            "first_name": "" if to_referrer else _first_name(referral),
            "to_referrer": to_referrer,
            "service_name": _service_name(referral),
            "link": link,
            "weeks": settings.FOLLOWUP_EXPERIENCE_WEEKS,
        },
    )


# --- Similar services with room ---------------------------------------------------------


def _term_codes(service: Service, taxonomy: str) -> list[str]:
    return sorted(
        service.terms.filter(taxonomy__slug=taxonomy).values_list("code", flat=True).distinct()
    )


def _search(params: dict, *, exclude_organisation: int, limit: int) -> list[Service]:
    result = services_search(params=params)
    if not result.is_valid and "postcode" in params:
        # A postcode we cannot place: look everywhere rather than nowhere.
        params = {k: v for k, v in params.items() if k not in ("postcode", "sort")}
        result = services_search(params=params)
    return list(result.queryset.exclude(organisation_id=exclude_organisation)[:limit])


def similar_services_with_capacity(
    *, referral: Referral, limit: int | None = None
) -> list[Service]:
    """Up to ``limit`` (FOLLOWUP_SUGGESTIONS) public, active services of the same type that
    are accepting new people, take referrals by the referral's route and suit the person's
    age and gender; the same community first, nearest first when a postcode is known.
    Another group's services only: the same group has not opened this referral."""
    limit = settings.FOLLOWUP_SUGGESTIONS if limit is None else limit
    service = referral.service
    types = _term_codes(service, Taxonomy.SERVICE_TYPES)
    if not types or limit <= 0:
        return []
    params: dict[str, object] = {
        "service_type": types,
        "accepting": "1",
        "referral_route": [referral.route],
    }
    if referral.age is not None:
        params["age"] = referral.age
    if str(referral.gender) in Gender.values:
        params["gender"] = str(referral.gender)
    if str(referral.postcode).strip():
        params.update(postcode=str(referral.postcode).strip(), radius=25, sort="distance")
    found: list[Service] = []
    communities = _term_codes(service, Taxonomy.COMMUNITIES)
    if communities:
        found = _search(
            {**params, "community": communities},
            exclude_organisation=service.organisation_id,
            limit=limit,
        )
    if len(found) < limit:
        more = _search(params, exclude_organisation=service.organisation_id, limit=limit * 2)
        seen = {s.pk for s in found}
        found += [s for s in more if s.pk not in seen][: limit - len(found)]
    return found


# --- Cancelling --------------------------------------------------------------------------


def followups_cancel(*, referral: Referral) -> int:
    """A closed or withdrawn referral: cancel its follow-up messages still waiting (a
    retry, a fallback letter). Nothing new is queued for it: every rule needs a status
    before closed. Returns how many messages were cancelled."""
    return message_cancel(key_prefix=followup_key_prefix(referral))


# --- One-tap links and answers -----------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LinkFound:
    followup: FollowUp
    expired: bool
    ended: bool

    @property
    def answered(self) -> bool:
        return self.followup.answered_at is not None


def followup_link_find(token: str, *, now: dt.datetime | None = None) -> LinkFound | None:
    """What a one-tap link opens, or None for an unknown token (the views answer 404).
    A link of an anonymised referral is unknown; one whose referral has ended (closed or
    withdrawn) or whose time ran out is found but ``ended``/``expired``."""
    if not token or len(token) > 100:
        return None
    followup = (
        FollowUp.objects.select_related("referral", "referral__service")
        .filter(token_hash=token_hash(token), referral__anonymised_at__isnull=True)
        .first()
    )
    if followup is None:
        return None
    now = now or timezone.now()
    return LinkFound(
        followup=followup,
        expired=followup.link_expires_at is None or followup.link_expires_at <= now,
        ended=followup.referral.is_final,
    )


def _claim_link(followup: FollowUp, kind: str, now: dt.datetime) -> FollowUp:
    """Lock the follow-up row and mark it answered; refuse a used, expired or ended link.
    Call inside transaction.atomic."""
    locked = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("referral", "referral__service", "referral__referrer")
        .get(pk=followup.pk)
    )
    if locked.kind != kind:
        raise IncompleteDetails(_("This link is not for these questions."))
    if locked.answered_at is not None:
        raise AlreadyAnswered(_("Thank you: we already have your answer."))
    if locked.link_expires_at is None or locked.link_expires_at <= now or locked.referral.is_final:
        raise AlreadyAnswered(_("This link no longer works."))
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])
    return locked


def checkin_answer_record(
    *, followup: FollowUp, answer: str, now: dt.datetime | None = None
) -> CheckinAnswer:
    """Record the answer to "Have you been in touch?" once. "I need help" tells the
    referrer (unless the referrer is the person) and the group's members."""
    if answer not in CheckinAnswer.Answer.values:
        raise IncompleteDetails(_("Choose an answer."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _claim_link(followup, FollowUpKind.CHECKIN, now)
        recorded = CheckinAnswer.objects.create(
            followup=locked, referral=locked.referral, answer=answer, answered_at=now
        )
        if answer == CheckinAnswer.Answer.HELP:
            _help_alerts(locked.referral)
    return recorded


def _help_alerts(referral: Referral) -> None:
    key = f"{followup_key_prefix(referral)}checkin:help"
    context = {"service_name": _service_name(referral), "referral_id": referral.pk}
    _route, answered_by_referrer = _checkin_route(referral)
    # Not to a self-referrer (the person themselves) nor to a referrer who gave the answer.
    if referral.route != Route.SELF and not answered_by_referrer:
        _queue(
            _referrer_route(referral),
            key=f"{key}:referrer",
            template="followup_help",
            context=context,
        )
    _tell_members(
        referral,
        key=key,
        template="followup_help_group",
        context={
            "service_name": referral.service.name,
            "referral_id": referral.pk,
            "link": f"{_base_url()}/manage/",
        },
    )


def _score(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 10:
        raise IncompleteDetails(_("Choose a number from 0 to 10, or prefer not to say."))
    return number


def wellbeing_record(
    *,
    referral: Referral,
    when: str,
    life_satisfaction: int | None = None,
    worthwhile: int | None = None,
    happiness: int | None = None,
    anxiety: int | None = None,
    now: dt.datetime | None = None,
) -> WellbeingAnswer:
    """Record the ONS4 answers (each 0–10, or None for not answered / prefer not to say)
    given at referral (the referral forms call this when the person agrees) or eight weeks
    after the first meeting. Once per referral and ``when``."""
    if when not in WellbeingWhen.values:
        raise ValueError(f"Unknown time for wellbeing answers: {when!r}")
    scores = {
        "life_satisfaction": _score(life_satisfaction),
        "worthwhile": _score(worthwhile),
        "happiness": _score(happiness),
        "anxiety": _score(anxiety),
    }
    try:
        with transaction.atomic():
            return WellbeingAnswer.objects.create(
                referral=referral, when=when, answered_at=now or timezone.now(), **scores
            )
    except IntegrityError as error:
        raise AlreadyAnswered(_("These questions have been answered already.")) from error


def experience_answer_record(
    *,
    followup: FollowUp,
    rating: int | None = None,
    text: str = "",
    now: dt.datetime | None = None,
    **scores: int | None,
) -> ExperienceAnswer:
    """Record the eight-week experience question and the ONS4 answers together, once.
    Every answer is optional."""
    if set(scores) - set(WELLBEING_QUESTIONS):
        raise TypeError(f"Unknown questions: {sorted(set(scores) - set(WELLBEING_QUESTIONS))}")
    if rating in ("", None):
        rating = None
    elif int(rating) not in ExperienceAnswer.Rating.values:
        raise IncompleteDetails(_("Choose how it has been, or prefer not to say."))
    text = (text or "").strip()
    if len(text) > 1000:
        raise IncompleteDetails(_("Write 1,000 characters or fewer."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _claim_link(followup, FollowUpKind.EXPERIENCE, now)
        answer = ExperienceAnswer.objects.create(
            followup=locked,
            referral=locked.referral,
            rating=None if rating is None else int(rating),
            text=text,
            answered_at=now,
        )
        wellbeing_record(
            referral=locked.referral, when=WellbeingWhen.EIGHT_WEEKS, now=now, **scores
        )
    return answer
