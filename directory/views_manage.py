"""A group's workspace (/manage/): its listings, capacity, edits awaiting review, members.

Every view is behind ``mfa_required`` and fetches through a selector scoped to the
person's memberships, so another group's records answer 404 whatever id is guessed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import mfa_required
from directory import selectors, services
from directory.forms import (
    CapacityForm,
    ClaimForm,
    InvitationForm,
    OrganisationEditForm,
    ServiceEditForm,
    organisation_sections,
    sections_bind,
    sections_errors,
    sections_snapshot,
    sections_valid,
    service_sections,
)
from directory.models import CapacityStatus, ChangeStatus, Organisation, Service
from directory.services.changes import change_is_new_service, service_new_propose
from directory.services.snapshots import (
    new_service_snapshot,
    organisation_snapshot,
    service_snapshot,
    snapshot_diff,
)


@mfa_required
def manage_home(request):
    organisations = selectors.organisations_for_member(request.user)
    return TemplateResponse(
        request,
        "manage/home.html",
        {"organisations": organisations},
    )


def _workspace_context(request, organisation: Organisation, **extra) -> dict:
    membership = selectors.membership_get(request.user, organisation.pk)
    context = {
        "organisation": organisation,
        "membership": membership,
        "services": selectors.services_for_organisation(organisation),
        "changes": selectors.changes_for_organisation(organisation)[:20],
        "capacity_choices": CapacityStatus.choices,
    }
    if membership.is_admin:
        context["members"] = selectors.memberships_for_organisation(organisation)
        context["invitations"] = selectors.invitations_open_for_organisation(organisation)
        context.setdefault("invitation_form", InvitationForm())
    context.update(extra)
    return context


@mfa_required
def manage_organisation(request, pk):
    organisation = selectors.organisation_get_for_member(request.user, pk)
    return TemplateResponse(
        request, "manage/organisation.html", _workspace_context(request, organisation)
    )


def _bound(request):
    return request.POST if request.method == "POST" else None


@mfa_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = selectors.organisation_get_for_member(request.user, pk)
    base = organisation_snapshot(organisation)
    form = OrganisationEditForm(_bound(request), initial=base)
    sections = sections_bind(organisation_sections(), data=_bound(request), base=base)
    if request.method == "POST" and all([form.is_valid(), sections_valid(sections)]):
        try:
            services.change_propose(
                organisation=organisation,
                base=base,
                proposed=sections_snapshot(form, sections),
                by=request.user,
            )
        except services.ListingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. A curator will review your changes."))
            return redirect("directory:manage_organisation", pk=organisation.pk)
    return TemplateResponse(
        request,
        "manage/organisation_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "sections": sections,
            "error_forms": _error_forms(request, form, sections),
            "pending": organisation.pending_changes.filter(
                status=ChangeStatus.PENDING, service__isnull=True
            ).exists(),
        },
    )


def _error_forms(request, form, sections) -> list:
    errors = [form] if form.errors else []
    if request.method == "POST":
        errors += sections_errors(sections)
    return errors


def _service_sections(request, organisation: Organisation, base):
    # A place's hidden id must name one of this group's places: anything else is a
    # tampered form, refused with an error rather than applied.
    place_ids = frozenset(str(pk) for pk in organisation.locations.values_list("pk", flat=True))
    return sections_bind(
        service_sections(),
        data=_bound(request),
        base=base,
        form_kwargs={"locations": {"place_ids": place_ids}},
    )


def _service_page(request, *, organisation, service, form, sections, status=200):
    return TemplateResponse(
        request,
        "manage/service_edit.html",
        {
            "organisation": organisation,
            "service": service,
            "form": form,
            "sections": sections,
            "error_forms": _error_forms(request, form, sections),
            "pending": service is not None
            and service.pending_changes.filter(status=ChangeStatus.PENDING).exists(),
        },
        status=status,
    )


@mfa_required
@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service = selectors.service_get_for_member(request.user, pk)
    base = service_snapshot(service)
    form = ServiceEditForm(_bound(request), initial=base)
    sections = _service_sections(request, service.organisation, base)
    if request.method == "POST" and all([form.is_valid(), sections_valid(sections)]):
        try:
            services.change_propose(
                organisation=service.organisation,
                service=service,
                base=base,
                proposed=sections_snapshot(form, sections),
                by=request.user,
            )
        except services.ListingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. A curator will review your changes."))
            return redirect("directory:manage_organisation", pk=service.organisation_id)
    return _service_page(
        request, organisation=service.organisation, service=service, form=form, sections=sections
    )


@mfa_required
@require_http_methods(["GET", "POST"])
def service_create(request, pk):
    """Propose a new listing for the group; it is created when a curator approves it."""
    organisation = selectors.organisation_get_for_member(request.user, pk)
    base = new_service_snapshot()
    form = ServiceEditForm(_bound(request), initial=base)
    sections = _service_sections(request, organisation, base)
    if request.method == "POST" and all([form.is_valid(), sections_valid(sections)]):
        try:
            service_new_propose(
                organisation=organisation,
                proposed=sections_snapshot(form, sections),
                by=request.user,
            )
        except services.ListingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Thank you. A curator will review the new listing before it shows.")
            )
            return redirect("directory:manage_organisation", pk=organisation.pk)
    return _service_page(
        request, organisation=organisation, service=None, form=form, sections=sections
    )


@mfa_required
@require_POST
def service_capacity(request, pk):
    service = selectors.service_get_for_member(request.user, pk)
    form = CapacityForm(request.POST)
    if form.is_valid():
        services.service_capacity_set(
            service=service,
            status=form.cleaned_data["capacity_status"],
            waiting_list_weeks=form.cleaned_data["waiting_list_weeks"],
            by=request.user,
        )
        messages.success(
            request, _("Capacity of %(name)s updated. It shows in search now.") % {"name": service}
        )
        return redirect("directory:manage_organisation", pk=service.organisation_id)
    context = _workspace_context(request, service.organisation, error_forms=[form])
    return TemplateResponse(request, "manage/organisation.html", context, status=400)


@mfa_required
@require_POST
def service_confirm(request, pk):
    service = selectors.service_get_for_member(request.user, pk)
    services.service_confirm(service=service, by=request.user)
    messages.success(
        request, _("Thank you for confirming %(name)s is up to date.") % {"name": service}
    )
    return redirect("directory:manage_organisation", pk=service.organisation_id)


@mfa_required
def change_detail(request, pk):
    change = selectors.pending_change_get_for_member(request.user, pk)
    return TemplateResponse(request, "manage/change_detail.html", change_context(change))


def change_context(change) -> dict:
    """The diff of a proposed change, for the member's and the curator's pages."""
    is_new = change_is_new_service(change)
    model = Service if change.service_id or is_new else Organisation
    return {
        "change": change,
        "is_new_service": is_new,
        "diff": snapshot_diff(model=model, base=change.base, proposed=change.proposed),
    }


@mfa_required
@require_POST
def invitation_create(request, pk):
    organisation = selectors.organisation_get_for_admin(request.user, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        services.invitation_create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=request.user,
            accept_url_base=_invitation_url_base(request),
        )
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("directory:manage_organisation", pk=organisation.pk)
    context = _workspace_context(request, organisation, invitation_form=form, error_forms=[form])
    return TemplateResponse(request, "manage/organisation.html", context, status=400)


def _invitation_url_base(request) -> str:
    """The absolute URL an invitation token is appended to (…/invitations/)."""
    path = reverse("directory:invitation_accept", args=["-"]).removesuffix("-/")
    return request.build_absolute_uri(path)


@mfa_required
@require_POST
def invitation_revoke(request, pk):
    invitation = selectors.invitation_get_for_admin(request.user, pk)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("Invitation cancelled."))
    return redirect("directory:manage_organisation", pk=invitation.organisation_id)


@mfa_required
@require_POST
def member_remove(request, pk):
    membership = selectors.membership_get_for_admin(request.user, pk)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except services.ListingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
    if membership.user_id == request.user.pk and not selectors.organisations_for_member(
        request.user
    ).filter(pk=membership.organisation_id):
        return redirect("directory:manage_home")
    return redirect("directory:manage_organisation", pk=membership.organisation_id)


# --- Joining: invitations and claims (signed in; MFA follows once a member) -------------


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    error = None
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except services.InvitationError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("You now help look after %(name)s.") % {"name": membership.organisation},
            )
            return redirect("directory:manage_organisation", pk=membership.organisation_id)
    return TemplateResponse(
        request,
        "manage/invitation_accept.html",
        {"error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_request(request, pk):
    organisation = selectors.organisation_get_public(pk)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_request_create(
                organisation=organisation, user=request.user, message=form.cleaned_data["message"]
            )
        except services.ListingError as error:
            form.add_error(None, error.message)
        else:
            return TemplateResponse(
                request, "manage/claim_sent.html", {"organisation": organisation}
            )
    return TemplateResponse(
        request,
        "manage/claim.html",
        {
            "organisation": organisation,
            "form": form,
            "error_forms": [form] if form.errors else [],
            "claimed": selectors.organisation_is_claimed(organisation),
        },
    )
