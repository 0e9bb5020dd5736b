"""Re-routing: the referrer sends an open referral to another service instead.

History is kept by linking, not by editing (docs/decisions/005-referrals.md): the old
referral is closed with the outcome "rerouted" and a new one points back to it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Service
from referrals.models import (
    PERSONAL_FIELDS,
    ActorRole,
    LinkHolder,
    Outcome,
    Referral,
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
    consents_withdraw,
)
from referrals.services.create import (
    PersonDetails,
    _check_eligibility,
    _referral_start,
    route_check,
)
from referrals.services.errors import InvalidTransition, NotPermitted
from referrals.services.links import status_link_create, status_link_url
from referrals.services.messages import message_status_link, messages_for_status
from referrals.services.transitions import referral_details_clear, referral_lock, referral_move


def _rerouter_role(referral: Referral, *, by, link_holder: str) -> str:
    if referral.route == Route.PROFESSIONAL:
        if by is not None and by.is_authenticated and referral.referrer_id == by.pk:
            return ActorRole.REFERRER
    elif link_holder == LinkHolder.REFERRER:
        return ActorRole.PERSON if referral.route == Route.SELF else ActorRole.REFERRER
    raise NotPermitted(_("Only the person who made the referral can send it somewhere else."))


def referral_reroute(
    *,
    referral: Referral,
    to_service: Service,
    by=None,
    link_holder: str = "",
    consent: ConsentGiven | None = None,
    eligibility_reason: str = "",
    note: str = "",
) -> Referral:
    """The referrer sends an open referral to another service instead.

    History is kept by linking, not by editing: the old referral is closed with the
    outcome "rerouted" (its group stops seeing the details, its consents end) and a new
    referral to ``to_service`` is made with ``rerouted_from`` pointing back, carrying the
    same details. Consent was to share with the old group, so it is asked again: a
    professional records it (``consent``), a self-referrer gives it (``consent``), and a
    peer referral goes back to pending_consent for the person to confirm.

    The referrer is the professional's account (``by``) or, for self and peer referrals,
    whoever holds the referrer's private link (``link_holder`` from
    referral_get_by_status_token).
    """
    role = _rerouter_role(referral, by=by, link_holder=link_holder)
    route_check(service=to_service, route=referral.route)
    if referral.route != Route.PEER:
        methods = PROFESSIONAL_METHODS if referral.route == Route.PROFESSIONAL else PERSON_METHODS
        consent = consent_check(consent=consent, methods=methods)
    with transaction.atomic():
        old = referral_lock(referral.pk)
        if old.is_final or old.service_id == to_service.pk:
            raise InvalidTransition(_("This referral cannot be sent somewhere else now."))
        if old.status == Status.PENDING_CONSENT:
            raise InvalidTransition(_("Wait for your friend to confirm, or withdraw it."))
        details = {name: getattr(old, name) for name in PERSONAL_FIELDS}
        person = _person_from(details)
        reason = eligibility_reason if old.route == Route.PROFESSIONAL else ""
        mismatches = _check_eligibility(service=to_service, person=person, reason=reason)
        new = _referral_start(
            service=to_service,
            route=old.route,
            status=Status.PENDING_CONSENT if old.route == Route.PEER else Status.SUBMITTED,
            actor=by,
            actor_role=role,
            note=_("Re-routed from referral %(id)s.") % {"id": old.pk},
            referrer=old.referrer,
            rerouted_from=old,
            age_band=old.age_band,
            message_language=old.message_language,
            **{**details, "mismatches": mismatches, "eligibility_reason": reason.strip()},
        )
        _reroute_close(old, new=new, by=by, role=role, note=note)
        _reroute_links_and_consent(old, new=new, consent=consent, by=by)
    return new


def _person_from(details: dict[str, object]) -> PersonDetails:
    return PersonDetails(
        name=str(details["name"]),
        contact_methods=tuple(details["contact_methods"]),
        age=details["age"],
        gender=str(details["gender"]),
        local_area=str(details["local_area"]),
    )


def _reroute_close(old: Referral, *, new: Referral, by, role: str, note: str) -> None:
    now = timezone.now()
    consents_withdraw(referral=old, at=now)
    referral_details_clear(referral=old, at=now)
    referral_move(
        referral=old,
        to=Status.CLOSED,
        actor=by,
        actor_role=role,
        note=note or _("Re-routed to referral %(id)s.") % {"id": new.pk},
        at=now,
        fields={"outcome": Outcome.REROUTED},
        rerouting=True,
    )


def _reroute_links_and_consent(
    old: Referral, *, new: Referral, consent: ConsentGiven | None, by
) -> None:
    # The referrer's bookmark keeps working and now shows the new referral; the old
    # referral's history stays reachable through rerouted_from.
    StatusLink.objects.filter(referral=old, holder=LinkHolder.REFERRER).update(referral=new)
    StatusLink.objects.filter(referral=old, holder=LinkHolder.PERSON).delete()
    if new.status == Status.PENDING_CONSENT:
        token = status_link_create(referral=new, holder=LinkHolder.PERSON)
        message_status_link(
            referral=new,
            url=status_link_url(token, new.message_language),
            holder_is_person=True,
        )
        return
    consent_record(
        referral=new,
        consent=consent,
        recorded_by=by if getattr(by, "pk", None) else None,
        at=new.created_at,
    )
    messages_for_status(referral=new, to=Status.SUBMITTED)
