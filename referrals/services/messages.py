"""The messages a referral's moves cause, queued through the outbox in the caller's
transaction (notifications.services.message_queue): if the move rolls back, so do they.

Keys name each message once and for all ("referral:<id>:status:<to>:<who>"), so a
repeated call queues nothing twice, and every key starts "referral:<id>:" so withdrawal
and retention can cancel what is still waiting with one prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import OrganisationMembership
from notifications.services import Recipient, message_cancel, message_queue
from referrals.models import ContactMethod, Referral, Route, Status

# Channels the outbox can send, for the contact methods a person may choose (a phone call
# is for the group, not for automatic messages).
_CHANNEL_FOR_METHOD = {
    ContactMethod.SMS: "sms",
    ContactMethod.EMAIL: "email",
    ContactMethod.LETTER: "letter",
}

# Who hears about each status: the referrer, and the person if they chose updates.
TELL_REFERRER = frozenset(
    {Status.ACCEPTED, Status.WAITING_LIST, Status.DECLINED, Status.CLOSED, Status.WITHDRAWN}
)
TELL_PERSON = frozenset({Status.ACCEPTED, Status.WAITING_LIST, Status.DECLINED})


@dataclass(frozen=True)
class Delivery:
    recipient: Recipient
    channels: list[str]
    # The person's chosen language; professionals and group members read English.
    language: str = "en"


def key_prefix(referral: Referral) -> str:
    return f"referral:{referral.pk}:"


def _service_name(referral: Referral) -> str:
    """Named in messages only when the person said it is safe to say who is calling: a
    text on a shared phone must not give away which group they are in touch with."""
    return referral.service.name if referral.ok_to_say_who_is_calling else ""


def _person_route(referral: Referral) -> Delivery | None:
    recipient = Recipient(
        name=str(referral.name),
        phone_number=str(referral.phone),
        email=str(referral.email),
        address_lines=referral.address_lines,
        postcode=str(referral.postcode),
    )
    channels = [
        _CHANNEL_FOR_METHOD[m] for m in referral.contact_methods if m in _CHANNEL_FOR_METHOD
    ]
    channels = [c for c in dict.fromkeys(channels) if recipient.can_receive(c)]
    return Delivery(recipient, channels, referral.message_language) if channels else None


def _referrer_route(referral: Referral) -> Delivery | None:
    if referral.route == Route.SELF:
        return _person_route(referral)
    if referral.route == Route.PROFESSIONAL:
        user = referral.referrer
        email = (user.work_email or user.email) if user else ""
        if not email:
            return None
        return Delivery(Recipient(name=str(user), email=email), ["email"])
    recipient = Recipient(
        name=str(referral.referrer_name),
        phone_number=str(referral.referrer_phone),
        email=str(referral.referrer_email),
    )
    channels = [c for c in ("sms", "email") if recipient.can_receive(c)]
    # The friend filled in the form in this language.
    return Delivery(recipient, channels, referral.message_language) if channels else None


def _queue(route: Delivery | None, *, key: str, template: str, context: dict):
    if route is None:
        return None
    return message_queue(
        recipient=route.recipient,
        channel=route.channels[0],
        fallback=route.channels[1:],
        template=template,
        context=context,
        key=key,
        language=route.language,
    )


def messages_for_status(*, referral: Referral, to: str) -> None:
    """Queue what reaching ``to`` tells the referrer, the person and the group."""
    context = {"status": to, "service_name": _service_name(referral)}
    base = f"referral:{referral.pk}:status:{to}"
    if to in TELL_REFERRER:
        _queue(
            _referrer_route(referral),
            key=f"{base}:referrer",
            template="referral_status",
            context=context,
        )
    # A self-referrer is the person: one message is enough.
    if to in TELL_PERSON and referral.updates_to_person and referral.route != Route.SELF:
        _queue(
            _person_route(referral),
            key=f"{base}:person",
            template="referral_status",
            context=context,
        )
    if to == Status.SUBMITTED:
        _tell_group(referral)


def _tell_group(referral: Referral) -> None:
    """Email each member of the receiving group that a referral is waiting. No details:
    they read it after signing in with a second factor."""
    memberships = OrganisationMembership.objects.filter(
        organisation_id=referral.service.organisation_id
    ).select_related("user")
    for membership in memberships:
        user = membership.user
        if not (user.is_active and user.email):
            continue
        message_queue(
            recipient=Recipient(name=str(user), email=user.email),
            channel="email",
            template="referral_new",
            context={"service_name": referral.service.name, "referral_id": referral.pk},
            key=f"referral:{referral.pk}:status:submitted:member:{user.pk}",
        )


def message_status_link(*, referral: Referral, url: str, holder_is_person: bool) -> None:
    """The private link for a self- or peer-referrer (or the peer-referred person, who
    confirms through it)."""
    if holder_is_person:
        _queue(
            _person_route(referral),
            key=f"referral:{referral.pk}:link:person",
            template="referral_peer_confirm",
            context={
                "link": url,
                "service_name": _service_name(referral),
                "referrer_name": str(referral.referrer_name).split(" ")[0],
            },
        )
    else:
        _queue(
            _referrer_route(referral),
            key=f"referral:{referral.pk}:link:referrer",
            template="referral_status_link",
            context={"link": url, "service_name": _service_name(referral)},
        )


def messages_cancel(*, referral: Referral) -> int:
    return message_cancel(key_prefix=key_prefix(referral))
