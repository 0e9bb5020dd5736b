"""The equality questions pages, reached after a referral is made.

- The person (self route: the referrer's link is theirs; peer route: the person's own link)
  from their private status link: /r/<token>/about-you/.
- The professional who made the referral, with the person: /referrals/<pk>/about-you/
  (second factor required, like every referral page).

Anyone else gets 404, as with every referral page. Nobody is ever shown the answers
again: after answering there is only the choice to remove them.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.access import mfa_required
from insights.forms_monitoring import (
    QUESTIONS,
    WELLBEING,
    EqualityForm,
    WithdrawEqualityForm,
    ethnic_groups_by_heading,
)
from insights.models import EqualityAnswers
from insights.monitoring import (
    equality_answers_record,
    equality_consent_current,
    equality_consent_withdraw,
    monitoring_open,
)
from referrals.models import ActorRole, ConsentMethod, LinkHolder, Route, WellbeingWhen
from referrals.selectors import referral_get_by_status_token, referral_get_for_user
from referrals.services import ReferralError
from referrals.services.followups import AlreadyAnswered, wellbeing_record


def _private(response: HttpResponse) -> HttpResponse:
    # As the status page: the token never leaves in a Referer (referrals/views_pages.py).
    response["Referrer-Policy"] = "strict-origin"
    return response


def _by_token(token: str):
    referral = referral_get_by_status_token(token)
    is_the_person = referral.link_holder == LinkHolder.PERSON or (
        referral.link_holder == LinkHolder.REFERRER and referral.route == Route.SELF
    )
    if not is_the_person or not monitoring_open(referral):
        raise Http404
    return referral


def _by_professional(request: HttpRequest, pk: int):
    referral = referral_get_for_user(request.user, pk, reason="equality questions")
    if referral.viewer_role != ActorRole.REFERRER or not monitoring_open(referral):
        raise Http404
    return referral


def _page(request, referral, *, form, urls, professional: bool, status: int = 200):
    has_answers = EqualityAnswers.objects.filter(pk=referral.pk).exists()
    context = {
        "referral": referral,
        "form": form,
        "questions": [form[name] for name in QUESTIONS if name != "ethnic_group"],
        "wellbeing": [form[name] for name in WELLBEING],
        "ethnic_headings": ethnic_groups_by_heading(),
        "wellbeing_answered": referral.wellbeing_answers.filter(
            when=WellbeingWhen.REFERRAL
        ).exists(),
        "has_answers": has_answers,
        "has_consent": equality_consent_current(referral) is not None,
        "professional": professional,
        "error_forms": [form] if form.errors else [],
        **urls,
    }
    return TemplateResponse(request, "insights/monitoring/questions.html", context, status=status)


def _handle(request, referral, *, urls, professional: bool, method: str | None):
    form = EqualityForm(
        request.POST if request.method == "POST" else None, professional=professional
    )
    if not form.is_bound or not form.is_valid():
        return _page(
            request,
            referral,
            form=form,
            urls=urls,
            professional=professional,
            status=400 if form.is_bound else 200,
        )
    try:
        if form.cleaned_data["agree"]:
            equality_answers_record(
                referral=referral,
                answers=form.answers(),
                method=method or form.cleaned_data["consent_method"],
                recorded_by=request.user if professional else None,
            )
        if form.cleaned_data["wellbeing_agree"]:
            wellbeing_record(referral=referral, when=WellbeingWhen.REFERRAL, **form.scores())
    except AlreadyAnswered:
        form.add_error(None, _("The questions about how you feel have been answered already."))
    except ReferralError as error:
        form.add_error(None, error.message)
    else:
        return redirect(urls["done_url"])
    return _page(request, referral, form=form, urls=urls, professional=professional, status=400)


def _done(request, referral, *, urls, professional: bool):
    return TemplateResponse(
        request,
        "insights/monitoring/done.html",
        {
            "referral": referral,
            "has_answers": EqualityAnswers.objects.filter(pk=referral.pk).exists(),
            "professional": professional,
            **urls,
        },
    )


def _withdraw(request, referral, *, urls, professional: bool):
    form = WithdrawEqualityForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        equality_consent_withdraw(referral=referral)
        return redirect(urls["done_url"])
    return TemplateResponse(
        request,
        "insights/monitoring/withdraw.html",
        {
            "referral": referral,
            "form": form,
            "professional": professional,
            "error_forms": [form] if form.errors else [],
            **urls,
        },
        status=400 if form.errors else 200,
    )


def _token_urls(token: str) -> dict[str, str]:
    from django.urls import reverse

    return {
        "questions_url": reverse("insights:monitoring_status", args=[token]),
        "done_url": reverse("insights:monitoring_status_done", args=[token]),
        "withdraw_url": reverse("insights:monitoring_status_withdraw", args=[token]),
        "back_url": reverse("referrals:status", args=[token]),
    }


def _pk_urls(pk: int) -> dict[str, str]:
    from django.urls import reverse

    return {
        "questions_url": reverse("insights:monitoring_referral", args=[pk]),
        "done_url": reverse("insights:monitoring_referral_done", args=[pk]),
        "withdraw_url": reverse("insights:monitoring_referral_withdraw", args=[pk]),
        "back_url": reverse("referrals:referral", args=[pk]),
    }


# --- through the private link ------------------------------------------------------------


@never_cache
@sensitive_variables("token")
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def status_questions(request: HttpRequest, token: str) -> HttpResponse:
    referral = _by_token(token)
    return _private(
        _handle(
            request,
            referral,
            urls=_token_urls(token),
            professional=False,
            method=ConsentMethod.STATUS_LINK,
        )
    )


@never_cache
@sensitive_variables("token")
def status_done(request: HttpRequest, token: str) -> HttpResponse:
    referral = _by_token(token)
    return _private(_done(request, referral, urls=_token_urls(token), professional=False))


@never_cache
@sensitive_variables("token")
@require_http_methods(["GET", "POST"])
def status_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    referral = _by_token(token)
    return _private(_withdraw(request, referral, urls=_token_urls(token), professional=False))


# --- the professional who made the referral ---------------------------------------------


@never_cache
@mfa_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def referral_questions(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _by_professional(request, pk)
    return _handle(request, referral, urls=_pk_urls(pk), professional=True, method=None)


@never_cache
@mfa_required
def referral_done(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _by_professional(request, pk)
    return _done(request, referral, urls=_pk_urls(pk), professional=True)


@never_cache
@mfa_required
@require_http_methods(["GET", "POST"])
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _by_professional(request, pk)
    return _withdraw(request, referral, urls=_pk_urls(pk), professional=True)
