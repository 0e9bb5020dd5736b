"""Making referrals: by a professional, by the person themselves, by a friend (who then
needs the person to confirm), and re-routing one to another service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import user_is_approved_professional
from directory.models import Gender, Service, ServiceStatus
from referrals.models import (
    HELP_WANTED_MAX_CHARS,
    ActorRole,
    AgeBand,
    ConsentMethod,
    ContactMethod,
    LinkHolder,
    Mismatch,
    Referral,
    ReferralEvent,
    Route,
    Status,
    StatusLink,
)
from referrals.services.consent import (
    PERSON_METHODS,
    PROFESSIONAL_METHODS,
    ConsentGiven,
    consent_check,
    consent_record,
)
from referrals.services.eligibility import referral_mismatches
from referrals.services.errors import (
    IncompleteDetails,
    LinkInvalid,
    NotEligible,
    NotPermitted,
    RouteNotAllowed,
)
from referrals.services.links import status_link_create, status_link_find, status_link_url
from referrals.services.messages import message_status_link, messages_for_status
from referrals.services.ratelimit import rate_limit_check, rate_limit_count
from referrals.services.transitions import (
    referral_lock,
    referral_move,
)


@dataclass(frozen=True)
class PersonDetails:
    """What the group needs to make contact safely. Only a name (or what to call them)
    and one way to reach them are required; no email address is."""

    name: str
    contact_methods: tuple[str, ...]
    pronouns: str = ""
    phone: str = ""
    email: str = ""
    address_lines: tuple[str, ...] = ()
    postcode: str = ""
    safe_times: str = ""
    ok_to_leave_message: bool | None = None
    ok_to_say_who_is_calling: bool | None = None
    preferred_language: str = ""
    interpreter: str = ""
    access_needs: str = ""
    help_wanted: str = ""
    age: int | None = None
    gender: str = ""
    local_area: str = ""
    updates_to_person: bool = False
    # A code from settings.LANGUAGES; anything else means English.
    message_language: str = ""

    def contacts(self) -> list[tuple[str, str]]:
        return [("phone", self.phone), ("email", self.email)]


@dataclass(frozen=True)
class PeerReferrer:
    """The friend who makes a peer referral: a name and a phone number or email address."""

    name: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ReferralCreated:
    referral: Referral
    # The referrer's private link token (self and peer routes): shown once on the page
    # and sent to them; only its hash is kept.
    status_token: str = ""
    status_url: str = field(default="")


_NEEDS = {
    ContactMethod.PHONE_CALL: ("phone",),
    ContactMethod.SMS: ("phone",),
    ContactMethod.EMAIL: ("email",),
    ContactMethod.LETTER: ("address_lines", "postcode"),
}


def _check_person(person: PersonDetails, *, route: str) -> None:
    if not person.name.strip():
        raise IncompleteDetails(_("Give a name, or what the person would like to be called."))
    if not person.contact_methods:
        raise IncompleteDetails(_("Choose at least one way to contact the person."))
    for method in person.contact_methods:
        if method not in ContactMethod.values:
            raise IncompleteDetails(_("Choose ways to contact the person from the list."))
        if method == ContactMethod.THROUGH_REFERRER and route == Route.SELF:
            raise IncompleteDetails(_("Choose a way to contact you directly."))
        for needed in _NEEDS.get(method, ()):
            if not getattr(person, needed):
                raise IncompleteDetails(
                    _("Give the details needed to contact the person by %(method)s.")
                    % {"method": str(ContactMethod(method).label).lower()}
                )
    if len(person.help_wanted) > HELP_WANTED_MAX_CHARS:
        raise IncompleteDetails(
            _("Please use %(limit)d characters or fewer.") % {"limit": HELP_WANTED_MAX_CHARS}
        )
    if person.age is not None and not 0 <= person.age <= 120:
        raise IncompleteDetails(_("Give an age between 0 and 120."))
    if person.gender and person.gender not in Gender.values:
        raise IncompleteDetails(_("Choose a gender from the list, or leave it empty."))


def route_check(*, service: Service, route: str) -> None:
    """Self only where the service accepts self-referrals, peer only where it accepts peer
    referrals (a peer-referral-only service takes no self-referrals), professional where
    the group allows it. A service that lists no routes takes professional referrals."""
    if service.status != ServiceStatus.ACTIVE:
        raise RouteNotAllowed(_("This service is not taking referrals at the moment."))
    routes = service.referral_routes or [Route.PROFESSIONAL]
    if route not in routes:
        raise RouteNotAllowed(
            {
                Route.SELF: _("This group does not take self-referrals."),
                Route.PEER: _("This group does not take referrals from friends."),
                Route.PROFESSIONAL: _("This group does not take referrals from professionals."),
            }[route]
        )


def _check_eligibility(*, service: Service, person: PersonDetails, reason: str) -> list[str]:
    mismatches = referral_mismatches(
        service=service, age=person.age, gender=person.gender, local_area=person.local_area
    )
    if mismatches and not reason.strip():
        labels = "; ".join(str(Mismatch(m).label) for m in mismatches)
        raise NotEligible(
            _("This service may not be right for the person: %(what)s.") % {"what": labels}
        )
    return mismatches


def _person_fields(person: PersonDetails) -> dict[str, object]:
    return {
        "name": person.name.strip(),
        "pronouns": person.pronouns.strip(),
        "contact_methods": list(dict.fromkeys(person.contact_methods)),
        "phone": person.phone.strip(),
        "email": person.email.strip(),
        "address": "\n".join(line.strip() for line in person.address_lines if line.strip()),
        "postcode": person.postcode.strip().upper(),
        "safe_times": person.safe_times.strip(),
        "ok_to_leave_message": person.ok_to_leave_message,
        "ok_to_say_who_is_calling": person.ok_to_say_who_is_calling,
        "preferred_language": person.preferred_language.strip(),
        "interpreter": person.interpreter.strip(),
        "access_needs": person.access_needs.strip(),
        "help_wanted": person.help_wanted.strip(),
        "age": person.age,
        "age_band": AgeBand.for_age(person.age),
        "gender": person.gender,
        "local_area": person.local_area.strip(),
        "updates_to_person": person.updates_to_person,
        "message_language": message_language_code(person.message_language),
    }


def message_language_code(code: str) -> str:
    """A language the site speaks, or English."""
    codes = {language for language, _name in settings.LANGUAGES}
    code = (code or "").strip().lower()
    return code if code in codes else "en"


def _referral_start(
    *, service: Service, route: str, status: str, actor, actor_role: str, note: str = "", **fields
) -> Referral:
    """Create the referral and its first event (from nothing to ``status``)."""
    now = timezone.now()
    referral = Referral.objects.create(
        service=service,
        route=route,
        status=status,
        status_changed_at=now,
        submitted_at=now if status == Status.SUBMITTED else None,
        **fields,
    )
    ReferralEvent.objects.create(
        referral=referral,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=actor_role,
        from_status="",
        to_status=status,
        note=note,
        at=now,
    )
    return referral


def referral_create_professional(
    *,
    service: Service,
    by,
    person: PersonDetails,
    consent: ConsentGiven | None,
    eligibility_reason: str = "",
) -> Referral:
    """A signed-in, approved professional refers someone who gave them consent. If the
    person seems outside who the service is for, the professional may proceed by saying
    why (``eligibility_reason``)."""
    if not user_is_approved_professional(by):
        raise NotPermitted(_("Only approved professionals can make this kind of referral."))
    route_check(service=service, route=Route.PROFESSIONAL)
    consent = consent_check(consent=consent, methods=PROFESSIONAL_METHODS)
    _check_person(person, route=Route.PROFESSIONAL)
    mismatches = _check_eligibility(service=service, person=person, reason=eligibility_reason)
    with transaction.atomic():
        referral = _referral_start(
            service=service,
            route=Route.PROFESSIONAL,
            status=Status.SUBMITTED,
            actor=by,
            actor_role=ActorRole.REFERRER,
            referrer=by,
            mismatches=mismatches,
            eligibility_reason=eligibility_reason.strip() if mismatches else "",
            **_person_fields(person),
        )
        consent_record(referral=referral, consent=consent, recorded_by=by, at=referral.created_at)
        messages_for_status(referral=referral, to=Status.SUBMITTED)
    return referral


def referral_create_self(
    *, service: Service, person: PersonDetails, consent: ConsentGiven | None, client_key: str
) -> ReferralCreated:
    """Someone refers themselves, without an account. ``client_key`` identifies the client
    for rate limiting (the view passes the address; it is only ever hashed)."""
    route_check(service=service, route=Route.SELF)
    consent = consent_check(consent=consent, methods=PERSON_METHODS)
    _check_person(person, route=Route.SELF)
    mismatches = _check_eligibility(service=service, person=person, reason="")
    rate_limit_check(client_key=client_key, contacts=person.contacts())
    with transaction.atomic():
        referral = _referral_start(
            service=service,
            route=Route.SELF,
            status=Status.SUBMITTED,
            actor=None,
            actor_role=ActorRole.PERSON,
            mismatches=mismatches,
            **_person_fields(person),
        )
        consent_record(referral=referral, consent=consent, recorded_by=None, at=referral.created_at)
        token = status_link_create(referral=referral, holder=LinkHolder.REFERRER)
        url = status_link_url(token, referral.message_language)
        message_status_link(referral=referral, url=url, holder_is_person=False)
        messages_for_status(referral=referral, to=Status.SUBMITTED)
    rate_limit_count(client_key=client_key, contacts=person.contacts())
    return ReferralCreated(referral=referral, status_token=token, status_url=url)


def _person_reachable_by_link(person: PersonDetails) -> None:
    if not (
        (ContactMethod.SMS in person.contact_methods and person.phone.strip())
        or (ContactMethod.EMAIL in person.contact_methods and person.email.strip())
    ):
        raise IncompleteDetails(
            _(
                "Your friend needs to confirm the referral themselves: give a mobile number "
                "they can get texts on, or an email address, and tick it as a way to contact them."
            )
        )


def referral_create_peer(
    *, service: Service, referrer: PeerReferrer, person: PersonDetails, client_key: str
) -> ReferralCreated:
    """A friend refers someone. The person is sent a private link and must confirm and
    consent themselves (referral_confirm_peer) before the group sees anything: until then
    the referral waits in pending_consent. The friend gets a status link of their own."""
    route_check(service=service, route=Route.PEER)
    if not referrer.name.strip() or not (referrer.phone.strip() or referrer.email.strip()):
        raise IncompleteDetails(_("Give your name and a phone number or email address."))
    _check_person(person, route=Route.PEER)
    _person_reachable_by_link(person)
    mismatches = _check_eligibility(service=service, person=person, reason="")
    contacts = [*person.contacts(), ("phone", referrer.phone), ("email", referrer.email)]
    rate_limit_check(client_key=client_key, contacts=contacts)
    with transaction.atomic():
        referral = _referral_start(
            service=service,
            route=Route.PEER,
            status=Status.PENDING_CONSENT,
            actor=None,
            actor_role=ActorRole.REFERRER,
            mismatches=mismatches,
            referrer_name=referrer.name.strip(),
            referrer_phone=referrer.phone.strip(),
            referrer_email=referrer.email.strip(),
            **_person_fields(person),
        )
        created = _peer_links(referral)
    rate_limit_count(client_key=client_key, contacts=contacts)
    return created


def _peer_links(referral: Referral) -> ReferralCreated:
    """The person's confirmation link (sent only to them: never shown to the friend) and
    the friend's status link."""
    person_token = status_link_create(referral=referral, holder=LinkHolder.PERSON)
    language = referral.message_language
    message_status_link(
        referral=referral, url=status_link_url(person_token, language), holder_is_person=True
    )
    token = status_link_create(referral=referral, holder=LinkHolder.REFERRER)
    url = status_link_url(token, language)
    message_status_link(referral=referral, url=url, holder_is_person=False)
    return ReferralCreated(referral=referral, status_token=token, status_url=url)


def _confirm_link(token: str, *, now: dt.datetime) -> StatusLink:
    link = status_link_find(token)
    if link is None or link.holder != LinkHolder.PERSON:
        raise LinkInvalid(_("This link does not work. Please check you copied all of it."))
    expires = link.created_at + dt.timedelta(days=settings.REFERRALS_PEER_CONFIRM_DAYS)
    if now > expires and link.referral.status == Status.PENDING_CONSENT:
        raise LinkInvalid(
            _("This link has expired. Ask your friend to refer you again, or refer yourself.")
        )
    return link


def referral_confirm_peer(
    *, token: str, consent: ConsentGiven | None, updates_to_person: bool | None = None
) -> Referral:
    """The person a friend referred confirms through their private link and consents; the
    referral goes to the group (pending_consent → submitted). Without consent nothing is
    shared and the referral keeps waiting (the person may also withdraw it)."""
    now = timezone.now()
    link = _confirm_link(token, now=now)
    consent = consent_check(consent=consent, methods=PERSON_METHODS)
    with transaction.atomic():
        referral = referral_lock(link.referral_id)
        fields = {} if updates_to_person is None else {"updates_to_person": updates_to_person}
        referral_move(
            referral=referral,
            to=Status.SUBMITTED,
            actor=None,
            actor_role=ActorRole.PERSON,
            at=now,
            fields=fields,
        )
        consent_record(referral=referral, consent=consent, recorded_by=None, at=now)
    return referral


# ConsentMethod is re-exported for callers building ConsentGiven.
__all__ = [
    "ConsentMethod",
    "PeerReferrer",
    "PersonDetails",
    "ReferralCreated",
    "referral_confirm_peer",
    "referral_create_peer",
    "referral_create_professional",
    "referral_create_self",
    "route_check",
]
