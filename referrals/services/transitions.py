"""The referral lifecycle: one table of allowed moves and one function per move.

Every move locks the referral row (select_for_update) inside transaction.atomic, checks
the move against ALLOWED from the status it finds under the lock, records exactly one
ReferralEvent, and queues the messages the move causes in the same transaction.

    pending_consent ─► submitted ─► opened ─► accepted ─► contacted ─► met ─► closed
                                       ├──► waiting_list ─► accepted | declined
                                       └──► declined ─► closed
    any status but closed and withdrawn ─► withdrawn
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from referrals.access import user_is_receiving_member
from referrals.models import (
    FINAL_STATUSES,
    PERSONAL_FIELDS,
    ActorRole,
    DeclineReason,
    LinkHolder,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralNote,
    Route,
    Status,
)
from referrals.services.consent import consents_withdraw
from referrals.services.errors import IncompleteDetails, InvalidTransition, NotPermitted
from referrals.services.followups import followups_cancel
from referrals.services.messages import messages_cancel, messages_for_status

S = Status

# from status -> the statuses it may move to. Nothing else is allowed.
ALLOWED: dict[str, frozenset[str]] = {
    S.PENDING_CONSENT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.OPENED, S.WITHDRAWN}),
    S.OPENED: frozenset({S.ACCEPTED, S.WAITING_LIST, S.DECLINED, S.WITHDRAWN}),
    S.WAITING_LIST: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    # A group that accepted may still fail to reach the person: closed (could not contact).
    S.ACCEPTED: frozenset({S.CONTACTED, S.CLOSED, S.WITHDRAWN}),
    S.CONTACTED: frozenset({S.MET, S.CLOSED, S.WITHDRAWN}),
    S.MET: frozenset({S.CLOSED, S.WITHDRAWN}),
    S.DECLINED: frozenset({S.CLOSED, S.WITHDRAWN}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


# Re-routing (referral_reroute) closes the old referral with the outcome "rerouted" from
# any status the person could still withdraw from, except while waiting for their consent.
REROUTE_FROM = frozenset(ALLOWED) - FINAL_STATUSES - {S.PENDING_CONSENT}


def move_is_allowed(from_status: str, to_status: str, *, rerouting: bool = False) -> bool:
    if rerouting:
        return to_status == S.CLOSED and from_status in REROUTE_FROM
    return to_status in ALLOWED.get(from_status, frozenset())


def referral_lock(referral_id: int) -> Referral:
    """The referral, its row locked until the caller's transaction ends. Call inside
    transaction.atomic."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("service", "referrer")
        .get(pk=referral_id)
    )


def _refuse(referral: Referral, to: str) -> InvalidTransition:
    return InvalidTransition(
        _("This referral is %(now)s, so it cannot be marked as %(to)s.")
        % {
            "now": referral.get_status_display().lower(),
            "to": str(Status(to).label).lower(),
        }
    )


def referral_move(
    *,
    referral: Referral,
    to: str,
    actor,
    actor_role: str,
    note: str = "",
    at: dt.datetime | None = None,
    fields: dict[str, object] | None = None,
    rerouting: bool = False,
) -> Referral:
    """Move a LOCKED referral to ``to``: check, update, record one event, queue messages.

    Precondition: the caller holds the row lock (referral_lock) in the current transaction.
    Returns the same instance, updated. ``rerouting`` is for referral_reroute only: it
    allows closing from REROUTE_FROM and tells nobody (the referrer asked for it).
    """
    if not move_is_allowed(referral.status, to, rerouting=rerouting):
        raise _refuse(referral, to)
    at = at or timezone.now()
    from_status = referral.status
    updates = {"status": to, "status_changed_at": at, **(fields or {})}
    if to == S.SUBMITTED:
        updates["submitted_at"] = at
    if to in FINAL_STATUSES:
        updates["ended_at"] = at
    for name, value in updates.items():
        setattr(referral, name, value)
    referral.save(update_fields=list(updates))
    ReferralEvent.objects.create(
        referral=referral,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=actor_role,
        from_status=from_status,
        to_status=to,
        note=note,
        at=at,
    )
    if not rerouting:
        messages_for_status(referral=referral, to=to)
    # Follow-ups (services/followups.py): nothing more is due once a referral has ended.
    if to in FINAL_STATUSES:
        followups_cancel(referral=referral)
    return referral


def _group_move(
    *, referral: Referral, by, to: str, note: str = "", fields: dict | None = None
) -> Referral:
    """A move only a member of the receiving group may make."""
    with transaction.atomic():
        locked = referral_lock(referral.pk)
        if not user_is_receiving_member(by, locked):
            raise NotPermitted(_("Only the group the referral was sent to can do this."))
        return referral_move(
            referral=locked, to=to, actor=by, actor_role=ActorRole.GROUP, note=note, fields=fields
        )


def referral_open(*, referral: Referral, by) -> Referral:
    """The group has opened the referral (the referral page calls this on first view)."""
    return _group_move(referral=referral, by=by, to=S.OPENED)


def referral_accept(*, referral: Referral, by, note: str = "") -> Referral:
    return _group_move(referral=referral, by=by, to=S.ACCEPTED, note=note)


def referral_waitlist(*, referral: Referral, by, note: str = "") -> Referral:
    return _group_move(referral=referral, by=by, to=S.WAITING_LIST, note=note)


def referral_decline(*, referral: Referral, by, reason: str, text: str = "") -> Referral:
    if reason not in DeclineReason.values:
        raise IncompleteDetails(_("Choose a reason for declining."))
    if reason == DeclineReason.OTHER and not text.strip():
        raise IncompleteDetails(_("Say why the referral is declined."))
    return _group_move(
        referral=referral,
        by=by,
        to=S.DECLINED,
        fields={"decline_reason": reason, "decline_text": text.strip()},
    )


def referral_mark_contacted(*, referral: Referral, by, note: str = "") -> Referral:
    return _group_move(referral=referral, by=by, to=S.CONTACTED, note=note)


def referral_mark_met(*, referral: Referral, by, note: str = "") -> Referral:
    return _group_move(referral=referral, by=by, to=S.MET, note=note)


def referral_close(*, referral: Referral, by, outcome: str, text: str = "") -> Referral:
    if outcome not in Outcome.values or outcome == Outcome.REROUTED:
        raise IncompleteDetails(_("Choose an outcome."))
    if outcome == Outcome.OTHER and not text.strip():
        raise IncompleteDetails(_("Say what the outcome was."))
    return _group_move(
        referral=referral,
        by=by,
        to=S.CLOSED,
        fields={"outcome": outcome, "outcome_text": text.strip()},
    )


def referral_details_clear(*, referral: Referral, at: dt.datetime) -> None:
    """Remove the person's details from a LOCKED referral (and its group notes), and
    cancel every message still waiting for it."""
    for name, value in PERSONAL_FIELDS.items():
        setattr(referral, name, value)
    referral.details_cleared_at = at
    referral.save(update_fields=[*PERSONAL_FIELDS, "details_cleared_at"])
    referral.notes.all().delete()
    messages_cancel(referral=referral)


def referral_withdraw(
    *, referral: Referral, by=None, link_holder: str = "", note: str = ""
) -> Referral:
    """The person stops the referral: it is withdrawn, their consents end, the group no
    longer sees their details, and messages still waiting are cancelled. The referrer is
    told (unless the referrer is the person).

    Asked for by the referrer's account (a professional acting on the person's request) or
    through a private link: ``link_holder`` is the holder of the link the view verified
    with referral_get_by_status_token (a peer referrer's link cannot withdraw: only the
    person can).
    """
    with transaction.atomic():
        locked = referral_lock(referral.pk)
        role = _withdrawer_role(locked, by=by, link_holder=link_holder)
        if not move_is_allowed(locked.status, S.WITHDRAWN):
            raise _refuse(locked, S.WITHDRAWN)
        at = timezone.now()
        consents_withdraw(referral=locked, at=at)
        referral_details_clear(referral=locked, at=at)
        # After the clear: the only message left is the one telling the referrer.
        return referral_move(
            referral=locked,
            to=S.WITHDRAWN,
            actor=by,
            actor_role=role,
            note=note,
            at=at,
            fields={"outcome": Outcome.PERSON_WITHDREW},
        )


def _withdrawer_role(referral: Referral, *, by, link_holder: str) -> str:
    if by is not None and getattr(by, "is_authenticated", False):
        if referral.referrer_id == by.pk:
            return ActorRole.REFERRER
    elif link_holder == LinkHolder.PERSON or (
        link_holder == LinkHolder.REFERRER and referral.route == Route.SELF
    ):
        return ActorRole.PERSON
    raise NotPermitted(_("Only the person, or the professional who referred them, can do this."))


def referral_note_add(*, referral: Referral, by, text: str) -> ReferralNote:
    """An internal note by a member of the receiving group."""
    text = text.strip()
    if not text:
        raise IncompleteDetails(_("Write the note first."))
    if not user_is_receiving_member(by, referral) or referral.details_cleared_at:
        raise NotPermitted(_("Only the group the referral was sent to can do this."))
    return ReferralNote.objects.create(referral=referral, author=by, text=text)
