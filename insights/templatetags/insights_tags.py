"""Template helpers for the figures pages, and the "Insights" link in the account menu."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from insights.access import user_can_see_dashboard

register = template.Library()

# What each table means, in plain words, for the public pages and the dashboards alike.
EXPLANATIONS = {
    "access": _(
        "How many referrals were made, and how many of them the group opened, accepted, "
        "got in touch about and met. The drop-off is the share lost between one step and "
        "the next."
    ),
    "timeliness": _(
        "How many days it took from a referral being sent to the group first getting in "
        "touch. Half of people were contacted within the median; 9 in 10 within the 90th "
        "percentile."
    ),
    "experience": _(
        "How people rated their experience when asked 8 weeks after first meeting the group."
    ),
    "wellbeing": _(
        "The change in wellbeing scores (the four ONS personal wellbeing questions, each "
        "0 to 10) between the referral and 8 weeks later, for people who answered both times. "
        "A positive change means people felt better."
    ),
    "declines": _("Why groups said no to referrals."),
    "closures": _("How referrals ended."),
    "gaps_searches": _(
        "Searches on this site that found nothing: a sign that help people look for is missing."
    ),
    "gaps_declines": _(
        "Referrals declined because the group had no space or the person was outside who "
        "the group is for: a sign there is not enough of the right help."
    ),
}


@register.filter
def can_see_insights(user) -> bool:
    """For the account menu; remembered on the user so a page asks the database once."""
    cached = getattr(user, "_insights_can_see", None)
    if cached is None:
        cached = user_can_see_dashboard(user)
        user._insights_can_see = cached
    return cached


@register.filter
def explanation(key: str) -> str:
    return EXPLANATIONS.get(key, "")


@register.filter
def figure(display: str) -> str:
    """A disclosed cell for an HTML table: "*" says what it means to screen readers too."""
    if display == "*":
        return format_html('*<span class="govuk-visually-hidden"> {}</span>', _("(fewer than 8)"))
    if display == "":
        return format_html('–<span class="govuk-visually-hidden"> {}</span>', _("(not shown)"))
    return display
