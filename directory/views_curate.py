"""Curators' workspace (/curate/): one page per queue item, each actionable there.

Views are behind ``curator_required`` and fetch through curator selectors that check the
role again, so a view that forgot its decorator would still answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import curator_required
from directory import selectors, services
from directory.forms import QueueCloseForm, ReviewForm
from directory.models import ChangeStatus, ClaimStatus, Organisation, QueueStatus, Service
from directory.services.snapshots import snapshot_diff

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
    model = Service if change.service_id else Organisation
    return TemplateResponse(
        request,
        "curate/change_review.html",
        {
            "change": change,
            "diff": snapshot_diff(model=model, base=change.base, proposed=change.proposed),
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
