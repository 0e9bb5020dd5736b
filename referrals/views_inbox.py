"""Pages for people with accounts: a group's referral inbox, the referral page with its
actions and notes, and a professional's "My referrals".

Reads go through the selectors (scoped to the person, Http404 for anyone else; the
referral page's read is written to the access log there); moves through the services.
A move the referral's status does not allow is shown on the page (409), not raised.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.access import mfa_required, professional_required
from directory.models import Gender
from directory.selectors import organisation_get_for_member, service_get_public
from referrals import services
from referrals.forms import (
    CloseForm,
    DeclineForm,
    MoveNoteForm,
    NoteForm,
    RerouteForm,
    WithdrawForm,
    consent_wording,
)
from referrals.models import ActorRole, ContactMethod, Mismatch, Status
from referrals.selectors import (
    INBOX_TABS,
    inbox_counts,
    inbox_page_referrals,
    referral_get_for_user,
    referrals_made_by,
)
from referrals.services import InvalidTransition, NotPermitted, ReferralError
from referrals.services.transitions import ALLOWED, REROUTE_FROM

PAGE_SIZE = 25

TAB_LABELS = {
    "new": gettext_lazy("New"),
    "open": gettext_lazy("Open"),
    "waiting": gettext_lazy("Waiting list"),
    "closed": gettext_lazy("Closed"),
}


@never_cache
@mfa_required
def inbox(request: HttpRequest, pk) -> HttpResponse:
    organisation = organisation_get_for_member(request.user, pk)
    tab = request.GET.get("tab", "new")
    if tab not in INBOX_TABS:
        tab = "new"
    counts = inbox_counts(user=request.user, organisation=organisation)
    referrals = inbox_page_referrals(user=request.user, organisation=organisation, tab=tab)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "referrals/inbox.html",
        {
            "organisation": organisation,
            "tab": tab,
            "tabs": [(key, TAB_LABELS[key], counts[key]) for key in INBOX_TABS],
            "page": page,
        },
    )


@never_cache
@professional_required
def my_referrals(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    referrals = referrals_made_by(request.user)
    if status in Status.values:
        referrals = referrals.filter(status=status)
    else:
        status = ""
    page = Paginator(referrals.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "referrals/my_referrals.html",
        {"page": page, "status": status, "statuses": Status.choices},
    )


# --- The referral page --------------------------------------------------------------

# Group moves offered from each status (opening happens by itself on the first view).
_GROUP_ACTIONS = {
    Status.ACCEPTED: "accept",
    Status.WAITING_LIST: "waitlist",
    Status.DECLINED: "decline",
    Status.CONTACTED: "contacted",
    Status.MET: "met",
    Status.CLOSED: "close",
}


def _group_actions(referral) -> list[str]:
    allowed = ALLOWED.get(referral.status, frozenset())
    return [action for status, action in _GROUP_ACTIONS.items() if status in allowed]


def _fetch(request: HttpRequest, pk: int, *, reason: str):
    referral = referral_get_for_user(request.user, pk, reason=reason)
    if referral.viewer_role == ActorRole.GROUP and referral.status == Status.SUBMITTED:
        role = referral.viewer_role
        try:
            referral = services.referral_open(referral=referral, by=request.user)
        except InvalidTransition:  # someone else in the group opened it first
            referral.refresh_from_db()
        referral.viewer_role = role
    return referral


def _yes_no(value: bool | None) -> str:
    return {True: _("Yes"), False: _("No")}.get(value, _("Not said"))


def _details(referral) -> list[tuple[str, str]]:
    """The person's details as label and text, only those given."""
    rows = [
        (_("Name or what to call them"), referral.name),
        (_("Pronouns"), referral.pronouns),
        (
            _("Ways to contact them"),
            ", ".join(str(ContactMethod(m).label) for m in referral.contact_methods),
        ),
        (_("Phone"), referral.phone),
        (_("Email"), referral.email),
        (_("Postal address"), "\n".join(filter(None, [referral.address, referral.postcode]))),
        (_("Safe times to contact"), referral.safe_times),
        (_("Safe to leave a message"), _yes_no(referral.ok_to_leave_message)),
        (_("Safe to say who is calling"), _yes_no(referral.ok_to_say_who_is_calling)),
        (_("Preferred language"), referral.preferred_language),
        (_("Interpreter needed"), referral.interpreter),
        (_("Access needs"), referral.access_needs),
        (_("What they would like help with"), referral.help_wanted),
        (_("Age"), "" if referral.age is None else str(referral.age)),
        (_("Gender"), dict(Gender.choices).get(referral.gender, referral.gender)),
        (_("Local area"), referral.local_area),
        (_("Send the person updates"), _yes_no(referral.updates_to_person)),
        (_("Route"), referral.get_route_display()),
        (_("Referred by"), _referrer_text(referral)),
        (_("Reason for declining"), _declined_text(referral)),
        (_("Outcome"), _outcome_text(referral)),
    ]
    return [(label, value) for label, value in rows if value]


def _referrer_text(referral) -> str:
    if referral.referrer is not None:
        return (
            f"{referral.referrer.get_full_name() or referral.referrer} ({referral.referrer.email})"
        )
    parts = [referral.referrer_name, referral.referrer_phone, referral.referrer_email]
    return ", ".join(p for p in parts if p)


def _declined_text(referral) -> str:
    if not referral.decline_reason:
        return ""
    return " – ".join(filter(None, [referral.get_decline_reason_display(), referral.decline_text]))


def _outcome_text(referral) -> str:
    if not referral.outcome:
        return ""
    return " – ".join(filter(None, [referral.get_outcome_display(), referral.outcome_text]))


def _page(request: HttpRequest, referral, *, status: int = 200, **forms_given) -> HttpResponse:
    role = referral.viewer_role
    is_group = role == ActorRole.GROUP
    is_referrer = role == ActorRole.REFERRER
    context = {
        "referral": referral,
        "role": role,
        "is_group": is_group,
        "is_referrer": is_referrer,
        "events": list(referral.events.select_related("actor")),
        "details": _details(referral),
        "mismatch_labels": [str(Mismatch(m).label) for m in referral.mismatches],
        "consent_wording": consent_wording(),
        "notes": list(referral.notes.select_related("author")) if is_group else [],
        "actions": _group_actions(referral) if is_group else [],
        "may_withdraw": is_referrer and not referral.is_final,
        "may_reroute": is_referrer and referral.status in REROUTE_FROM,
        "decline_form": DeclineForm(),
        "close_form": CloseForm(),
        "note_form": NoteForm(),
        "move_form": MoveNoteForm(),
        "withdraw_form": WithdrawForm(),
        "reroute_form": RerouteForm(),
        **forms_given,
    }
    context["error_forms"] = [
        f for f in forms_given.values() if isinstance(f, forms.Form) and f.errors
    ]
    context["error_message"] = forms_given.get("error_message", "")
    return TemplateResponse(request, "referrals/referral.html", context, status=status)


@never_cache
@mfa_required
def referral_page(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _fetch(request, pk, reason="referral page")
    return _page(request, referral)


# action -> (form key in the page context, form class, service call)
def _move(fn: Callable) -> Callable:
    return lambda request, referral, data: fn(
        referral=referral, by=request.user, note=data.get("note", "")
    )


def _reroute(request, referral, data):
    try:
        to_service = service_get_public(data["service"])
    except Http404:
        raise services.IncompleteDetails(_("There is no service with that address.")) from None
    return services.referral_reroute(
        referral=referral,
        to_service=to_service,
        by=request.user,
        consent=services.ConsentGiven(
            share_with_group=bool(data["consent"]),
            method=data["consent_method"],
            wording_version=data.get("consent_version") or services.ConsentGiven.wording_version,
        ),
        eligibility_reason=data.get("eligibility_reason", ""),
    )


_ACTIONS: dict[str, tuple[str, type[forms.Form], Callable, str]] = {
    "accept": ("move_form", MoveNoteForm, _move(services.referral_accept), _("Accepted.")),
    "waitlist": (
        "move_form",
        MoveNoteForm,
        _move(services.referral_waitlist),
        _("Put on the waiting list."),
    ),
    "contacted": (
        "move_form",
        MoveNoteForm,
        _move(services.referral_mark_contacted),
        _("Marked as contacted."),
    ),
    "met": (
        "move_form",
        MoveNoteForm,
        _move(services.referral_mark_met),
        _("Marked as first session attended."),
    ),
    "decline": (
        "decline_form",
        DeclineForm,
        lambda request, referral, data: services.referral_decline(
            referral=referral, by=request.user, reason=data["reason"], text=data["text"]
        ),
        _("Declined."),
    ),
    "close": (
        "close_form",
        CloseForm,
        lambda request, referral, data: services.referral_close(
            referral=referral, by=request.user, outcome=data["outcome"], text=data["text"]
        ),
        _("Closed."),
    ),
    "note": (
        "note_form",
        NoteForm,
        lambda request, referral, data: services.referral_note_add(
            referral=referral, by=request.user, text=data["text"]
        ),
        _("Note added."),
    ),
    "withdraw": (
        "withdraw_form",
        WithdrawForm,
        lambda request, referral, data: services.referral_withdraw(
            referral=referral, by=request.user
        ),
        _("Withdrawn. The group no longer sees the person's details."),
    ),
    "reroute": ("reroute_form", RerouteForm, _reroute, _("Sent to the other service.")),
}


@never_cache
@sensitive_post_parameters()
@mfa_required
@require_POST
def referral_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in _ACTIONS:
        raise Http404
    referral = _fetch(request, pk, reason=f"referral action: {action}")
    form_key, form_class, call, done = _ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return _page(request, referral, **{form_key: form})
    try:
        result = call(request, referral, form.cleaned_data)
    except NotPermitted:
        raise Http404 from None
    except InvalidTransition as error:
        referral.refresh_from_db()
        return _page(request, referral, status=409, error_message=error.message)
    except ReferralError as error:
        form.add_error(None, error.message)
        return _page(request, referral, **{form_key: form})
    messages.success(request, done)
    if action == "reroute":
        return redirect("referrals:referral", pk=result.pk)
    return redirect("referrals:referral", pk=referral.pk)
