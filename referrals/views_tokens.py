"""Pages to create and revoke API tokens: a group's (for its admins, under /manage/) and a
professional's own (under /referrals/). Both need a second factor this session.

A new token's clear text is shown once, in the response to the form that created it, and
is kept nowhere (not in the session either); afterwards only its first characters are.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import mfa_required, professional_required
from directory.selectors import organisation_get_for_admin
from referrals.api.selectors import (
    api_token_get_for_organisation,
    api_token_get_for_user,
    api_tokens_for_organisation,
    api_tokens_for_user,
)
from referrals.forms_tokens import ApiTokenForm
from referrals.services.errors import ReferralError
from referrals.services.tokens import api_token_acting_user, api_token_create, api_token_revoke


def _tokens_page(request, *, tokens, organisation=None, form=None, created=None, status=200):
    form = form or ApiTokenForm()
    context = {
        "organisation": organisation,
        "tokens": [(token, api_token_acting_user(token) is not None) for token in tokens],
        "form": form,
        "error_forms": [form] if form.errors else [],
        "created": created,
    }
    return TemplateResponse(request, "referrals/tokens/tokens.html", context, status=status)


def _create(request, *, organisation=None):
    """Create from the posted form: (form, (token, clear_text) or None)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return form, None
    try:
        created = api_token_create(
            by=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            organisation=organisation,
        )
    except ReferralError as error:
        form.add_error(None, error.message)
        return form, None
    return ApiTokenForm(), created


def _revoke(request, token) -> None:
    api_token_revoke(token=token, by=request.user)
    message = _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix}
    messages.success(request, message)


@never_cache
@mfa_required
@require_http_methods(["GET", "POST"])
def organisation_tokens(request, pk):
    organisation = organisation_get_for_admin(request.user, pk)
    form = created = None
    if request.method == "POST":
        form, created = _create(request, organisation=organisation)
    return _tokens_page(
        request,
        tokens=api_tokens_for_organisation(organisation),
        organisation=organisation,
        form=form,
        created=created,
        status=400 if form is not None and form.errors else 200,
    )


@mfa_required
@require_POST
def organisation_token_revoke(request, pk, token_pk):
    organisation = organisation_get_for_admin(request.user, pk)
    token = api_token_get_for_organisation(organisation, token_pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix}
    )
    return redirect("referrals:organisation_api_tokens", pk=organisation.pk)


@never_cache
@professional_required
@require_http_methods(["GET", "POST"])
def my_tokens(request):
    form = created = None
    if request.method == "POST":
        form, created = _create(request)
    return _tokens_page(
        request,
        tokens=api_tokens_for_user(request.user),
        form=form,
        created=created,
        status=400 if form is not None and form.errors else 200,
    )


# Anyone may revoke their own tokens, even after they stop being an approved professional.
@mfa_required
@require_POST
def my_token_revoke(request, token_pk):
    token = api_token_get_for_user(request.user, token_pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix}
    )
    return redirect("referrals:my_api_tokens")
