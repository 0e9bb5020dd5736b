"""One-tap follow-up pages (/f/<token>/…), for people without an account.

GET never changes anything: phones and mail scanners open links in messages before the
person does. GET shows the question with the tapped answer chosen and one button; POST
records it once (referrals/services/followups.py).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from referrals.forms_followups import ANSWER_SLUGS, CheckinForm, ExperienceForm
from referrals.models import CheckinAnswer, FollowUpKind
from referrals.services import followups
from referrals.services.errors import ReferralError
from referrals.services.messages import _service_name


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the path: the Referer carries the origin only, never the path, and
    # nothing is indexed. Not no-referrer: with it, browsers send "Origin: null" with the
    # page's own form and the CSRF check refuses the answer (seen in the browser test).
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_or_404(token: str) -> followups.LinkFound:
    found = followups.followup_link_find(token)
    if found is None or found.followup.kind not in (FollowUpKind.CHECKIN, FollowUpKind.EXPERIENCE):
        raise Http404
    return found


def _page_context(found: followups.LinkFound) -> dict[str, object]:
    referral = found.followup.referral
    _route, to_referrer = followups._checkin_route(referral)
    return {
        "followup": found.followup,
        "service_name": _service_name(referral),
        "to_referrer": to_referrer,
    }


def _closed_page(request, found: followups.LinkFound, *, status: int = 200) -> HttpResponse:
    """A used, expired or ended link: say so plainly, and show the answer already given."""
    followup = found.followup
    answer = getattr(followup, "checkin_answer", None) if found.answered else None
    return TemplateResponse(
        request,
        "referrals/followups/closed.html",
        {
            **_page_context(found),
            "answered": found.answered,
            "answer": answer,
            "expired": found.expired and not found.answered,
            "ended": found.ended and not found.answered,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def followup_link(request, token: str, answer: str = ""):
    found = _link_or_404(token)
    if found.answered or found.expired or found.ended:
        return _private(_closed_page(request, found, status=200 if found.answered else 410))
    if found.followup.kind == FollowUpKind.CHECKIN:
        return _private(_checkin(request, found, chosen=answer))
    if answer:
        raise Http404
    return _private(_experience(request, found))


def _checkin(request, found: followups.LinkFound, *, chosen: str) -> HttpResponse:
    if chosen and chosen not in ANSWER_SLUGS:
        raise Http404
    if request.method == "POST":
        form = CheckinForm(request.POST)
        if form.is_valid():
            try:
                recorded = followups.checkin_answer_record(
                    followup=found.followup, answer=form.cleaned_data["answer"]
                )
            except ReferralError as refused:
                form.add_error(None, refused.message)
            else:
                return _thanks(request, found, answer=recorded)
    else:
        form = CheckinForm(initial={"answer": ANSWER_SLUGS.get(chosen, "")})
    return TemplateResponse(
        request,
        "referrals/followups/checkin.html",
        {**_page_context(found), "form": form, "chosen": bool(chosen)},
        status=400 if form.errors else 200,
    )


def _experience(request, found: followups.LinkFound) -> HttpResponse:
    if request.method == "POST":
        form = ExperienceForm(request.POST)
        if form.is_valid():
            try:
                followups.experience_answer_record(followup=found.followup, **form.answers())
            except ReferralError as refused:
                form.add_error(None, refused.message)
            else:
                return _thanks(request, found, answer=None)
    else:
        form = ExperienceForm()
    return TemplateResponse(
        request,
        "referrals/followups/experience.html",
        {**_page_context(found), "form": form},
        status=400 if form.errors else 200,
    )


def _thanks(request, found, *, answer: CheckinAnswer | None) -> HttpResponse:
    return TemplateResponse(
        request,
        "referrals/followups/thanks.html",
        {**_page_context(found), "answer": answer, "help": answer and answer.answer == "help"},
    )
