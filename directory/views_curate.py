"""Curators' workspace (/curate/): one page per queue item, each actionable there.

Views are behind ``curator_required`` and fetch through curator selectors that check the
role again, so a view that forgot its decorator would still answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import services as account_services
from accounts.access import curator_required, user_is_curator
from directory import catalogues, selectors, services
from directory.forms import QueueCloseForm, ReviewForm
from directory.languages import language_name
from directory.models import ChangeStatus, ClaimStatus, QueueStatus
from directory.views_manage import change_context

QUEUE_LENGTH = 50


@curator_required
def curate_home(request):
    queues = selectors.curator_queues(request.user)
    return TemplateResponse(
        request,
        "curate/home.html",
        {
            "counts": {name: queryset.count() for name, queryset in queues.items()},
            **{name: queryset[:QUEUE_LENGTH] for name, queryset in queues.items()},
        },
    )


@curator_required
@require_http_methods(["GET", "POST"])
def change_review(request, pk):
    change = selectors.pending_change_get_for_curator(request.user, pk)
    form = ReviewForm(request.POST or None)
    error = None
    if request.method == "POST" and change.status == ChangeStatus.PENDING and form.is_valid():
        decision = request.POST.get("decision")
        message = form.cleaned_data["message"]
        try:
            if decision == "approve":
                services.change_approve(change=change, by=request.user, message=message)
                messages.success(request, _("Approved: the listing now shows the change."))
            else:
                services.change_reject(change=change, by=request.user, message=message)
                messages.success(request, _("Rejected: the group has been told why."))
        except services.ListingError as refused:
            error = refused.message
        else:
            return redirect("directory:curate_home")
    return TemplateResponse(
        request,
        "curate/change_review.html",
        {
            **change_context(change),
            "form": form,
            "error": error,
            "error_forms": [form] if form.errors else [],
        },
        status=409 if error else 200,
    )


@curator_required
@require_http_methods(["GET", "POST"])
def claim_review(request, pk):
    claim = selectors.claim_get_for_curator(request.user, pk)
    form = ReviewForm(request.POST or None)
    error = None
    if request.method == "POST" and claim.status == ClaimStatus.PENDING and form.is_valid():
        message = form.cleaned_data["message"]
        try:
            if request.POST.get("decision") == "approve":
                services.claim_approve(claim=claim, by=request.user, message=message)
                messages.success(request, _("Approved: they are now an admin of the group."))
            else:
                services.claim_reject(claim=claim, by=request.user, message=message)
                messages.success(request, _("Claim rejected."))
        except services.ListingError as refused:
            error = refused.message
        else:
            return redirect("directory:curate_home")
    return TemplateResponse(
        request,
        "curate/claim_review.html",
        {
            "claim": claim,
            "form": form,
            "error": error,
            "error_forms": [form] if form.errors else [],
            "already_claimed": selectors.organisation_is_claimed(claim.organisation),
        },
    )


def _queue_item_review(request, item, template: str, context: dict):
    form = QueueCloseForm(request.POST or None)
    if request.method == "POST" and item.status == QueueStatus.NEW and form.is_valid():
        status = (
            QueueStatus.DISMISSED if request.POST.get("decision") == "dismiss" else QueueStatus.DONE
        )
        try:
            services.queue_item_close(
                item=item, status=status, by=request.user, note=form.cleaned_data["note"]
            )
        except services.ListingError as refused:
            messages.error(request, refused.message)
        return redirect("directory:curate_home")
    return TemplateResponse(request, template, {**context, "item": item, "form": form})


@curator_required
@require_http_methods(["GET", "POST"])
def suggestion_review(request, pk):
    suggestion = selectors.suggestion_get_for_curator(request.user, pk)
    return _queue_item_review(request, suggestion, "curate/suggestion_review.html", {})


@curator_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk):
    report = selectors.report_get_for_curator(request.user, pk)
    return _queue_item_review(
        request, report, "curate/report_review.html", {"service": report.service}
    )


@curator_required
def listing_history(request, pk):
    return TemplateResponse(
        request,
        "curate/history.html",
        selectors.listing_history_for_curator(request.user, organisation_pk=pk),
    )


# --- Accounts: disable (ending every session at once) and re-enable -------------------


def _account_get_for_curator(user, pk):
    """The account a curator acts on; 404 for anyone else, even if a decorator is missed."""
    if not user_is_curator(user):
        raise Http404
    return get_object_or_404(get_user_model(), pk=pk)


@curator_required
def accounts_find(request):
    query = request.GET.get("q", "").strip()
    found = None
    if query:
        found = (
            get_user_model()
            .objects.filter(
                Q(email__icontains=query)
                | Q(username__icontains=query)
                | Q(display_name__icontains=query)
            )
            .order_by("email", "pk")[:QUEUE_LENGTH]
        )
    return TemplateResponse(request, "curate/accounts.html", {"query": query, "found": found})


def _account_refusal(request, account) -> str | None:
    if account.pk == request.user.pk:
        return _("You cannot disable or re-enable your own account.")
    if account.is_superuser and not request.user.is_superuser:
        return _("Only a site admin can change a site admin's account.")
    return None


@curator_required
@require_http_methods(["GET", "POST"])
def account_review(request, pk):
    account = _account_get_for_curator(request.user, pk)
    error = _account_refusal(request, account)
    if request.method == "POST" and error is None:
        action = request.POST.get("action")
        try:
            if action == "disable" and account.is_active:
                account_services.user_disable(user=account, by=request.user)
                messages.success(
                    request,
                    _("%(name)s's account is disabled and they have been signed out.")
                    % {"name": account},
                )
            elif action == "enable" and not account.is_active:
                account_services.user_enable(user=account, by=request.user)
                messages.success(
                    request, _("%(name)s's account is enabled again.") % {"name": account}
                )
            else:
                error = _("The account has already changed. Check its status and try again.")
        except ValidationError as refused:
            error = " ".join(refused.messages)
        if error is None:
            return redirect("directory:curate_account", pk=account.pk)
    return TemplateResponse(
        request,
        "curate/account.html",
        {"account": account, "error": error},
        status=400 if error and request.method == "POST" else 200,
    )


@curator_required
def translations(request):
    """Each language's catalogue: how far it is translated and how far it is checked."""
    rows = [
        {
            "code": catalogue.language,
            "name": language_name(catalogue.language),
            "review_state": catalogue.review_state or _("not recorded"),
            "percent_public": catalogue.percent_done(public_only=True),
            "percent_all": catalogue.percent_done(),
            "translator": catalogue.headers.get("Last-Translator", ""),
            "revised": catalogue.headers.get("PO-Revision-Date", ""),
        }
        for catalogue in catalogues.catalogues()
    ]
    return TemplateResponse(request, "curate/translations.html", {"rows": rows})
