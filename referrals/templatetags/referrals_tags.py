"""Small pieces of referral pages: the status tag and the workspace's inbox link count."""

from __future__ import annotations

from django import template

from referrals.models import Status
from referrals.selectors import organisation_new_referrals_count

register = template.Library()

_COLOURS = {
    Status.PENDING_CONSENT: "govuk-tag--grey",
    Status.SUBMITTED: "govuk-tag--blue",
    Status.OPENED: "govuk-tag--light-blue",
    Status.ACCEPTED: "govuk-tag--green",
    Status.WAITING_LIST: "govuk-tag--yellow",
    Status.DECLINED: "govuk-tag--red",
    Status.CONTACTED: "govuk-tag--turquoise",
    Status.MET: "govuk-tag--green",
    Status.CLOSED: "govuk-tag--grey",
    Status.WITHDRAWN: "govuk-tag--grey",
}


@register.inclusion_tag("referrals/_status_tag.html")
def status_tag(status: str):
    """The status in words, coloured as well (never colour alone)."""
    return {"colour": _COLOURS.get(status, "govuk-tag--grey"), "text": Status(status).label}


@register.simple_tag
def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else ""


@register.simple_tag
def new_referrals_count(organisation) -> int:
    return organisation_new_referrals_count(organisation)
