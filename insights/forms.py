"""The dashboards' filter form: a GET form, so every view of the figures is a link."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Taxonomy, TaxonomyTerm
from insights import figures
from insights.transparency import areas_in_directory

# Day first, as people in the UK write dates; ISO too, as links and the CSV use it.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"]
QUARTERS_OFFERED = 8
CUSTOM = "custom"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_after(start: dt.date) -> dt.date:
    month = start.month + 3
    return dt.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarters(today: dt.date, count: int = QUARTERS_OFFERED) -> list[dt.date]:
    """The first days of the current quarter and the ``count - 1`` before it, newest first."""
    starts = [quarter_start(today)]
    while len(starts) < count:
        previous = starts[-1] - dt.timedelta(days=1)
        starts.append(quarter_start(previous))
    return starts


def quarter_label(start: dt.date) -> str:
    last_month = quarter_after(start) - dt.timedelta(days=1)
    return _("%(first)s to %(last)s") % {
        "first": dateformat.format(start, "F"),
        "last": dateformat.format(last_month, "F Y"),
    }


def _period_choices(today: dt.date) -> list[tuple[str, str]]:
    return [
        ("", _("All time")),
        *((start.isoformat(), quarter_label(start)) for start in quarters(today)),
        (CUSTOM, _("Dates I choose (below)")),
    ]


def _term_choices(taxonomy_slug: str, empty_label: str) -> list[tuple[str, str]]:
    terms = TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy_slug)
    return [("", empty_label), *((str(term.pk), term.label) for term in terms)]


def breakdown_choices(*, public: bool = False) -> list[tuple[str, str]]:
    choices = [("", _("Nothing (everyone together)"))]
    choices += [(key, label) for key, label in figures.CHARACTERISTICS.items()]
    if not public:
        choices += [(key, label) for key, label in figures.DIMENSIONS.items()]
    return choices


def breakdown_label(key: str) -> str:
    known = {**figures.SEARCH_DIMENSIONS, **figures.DIMENSIONS, **figures.CHARACTERISTICS}
    return str(known.get(key, key))


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("For example 31/3/2026"),
        error_messages={"invalid": _("Enter a real date, for example 31/3/2026")},
    )


class FiguresFilterForm(forms.Form):
    """Period, area, service type, community and up to two breakdowns.

    Subclasses drop the fields a page does not offer (``omit``). An empty form is valid:
    all time, everywhere, everyone together.
    """

    omit: tuple[str, ...] = ()
    public = False

    period = forms.ChoiceField(label=_("Period"), required=False)
    start = _date_field(_("From"))
    end = _date_field(_("To (inclusive)"))
    area = forms.ChoiceField(label=_("Area (local authority)"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    service_type = forms.ChoiceField(label=_("Service type"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)
    by = forms.ChoiceField(label=_("Break down by"), required=False)
    crossed = forms.ChoiceField(label=_("Crossed with"), required=False)

    def __init__(self, *args, services=None, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for name in self.omit:
            self.fields.pop(name, None)
        self._set_choices(services)

    def _set_choices(self, services) -> None:
        choices = {
            "period": lambda: _period_choices(self.today),
            "area": lambda: [("", _("All areas")), *areas_in_directory()],
            "service": lambda: (
                [("", _("All services"))] + [(str(s.pk), s.name) for s in services or ()]
            ),
            "service_type": lambda: _term_choices(Taxonomy.SERVICE_TYPES, _("All service types")),
            "community": lambda: _term_choices(Taxonomy.COMMUNITIES, _("All communities")),
            "by": lambda: breakdown_choices(public=self.public),
            "crossed": lambda: breakdown_choices(public=self.public),
        }
        for name, make in choices.items():
            if name in self.fields:
                self.fields[name].choices = make()
        if "period" in self.fields:
            self.fields["period"].help_text = _("Quarters run January to March, April to June…")
        if "crossed" in self.fields:
            self.fields["crossed"].help_text = _(
                "A second characteristic, to see intersections such as ethnic group and sex."
            )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be the same as or after the start date"))
        by, crossed = data.get("by"), data.get("crossed")
        if crossed and not by:
            data["by"], data["crossed"] = crossed, ""
        elif crossed and crossed == by:
            self.add_error("crossed", _("Choose a different characteristic to cross with"))
        return data

    # --- what the figures are asked for -------------------------------------------------

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """(start inclusive, end exclusive). Dates typed in win over a quarter chosen."""
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start or end:
            return start, end + dt.timedelta(days=1) if end else None
        period = data.get("period") or ""
        if period and period != CUSTOM:
            first = dt.date.fromisoformat(period)
            return first, quarter_after(first)
        return None, None

    def filters(self, **scope: str) -> figures.Filters:
        data = self.cleaned_data
        start, end = self.dates()
        values = {
            "area": data.get("area") or "",
            "service_type": data.get("service_type") or "",
            "community": data.get("community") or "",
            "service_id": data.get("service") or "",
        }
        values.update(scope)
        return figures.Filters(start=start, end=end, **values)

    def breakdown(self) -> tuple[str, ...]:
        data = self.cleaned_data
        return tuple(key for key in (data.get("by"), data.get("crossed")) if key)

    def period_text(self) -> str:
        start, end = self.dates()
        if start and end:
            last = end - dt.timedelta(days=1)
            return _("%(start)s to %(end)s") % {
                "start": dateformat.format(start, "j F Y"),
                "end": dateformat.format(last, "j F Y"),
            }
        if start:
            return _("From %(start)s") % {"start": dateformat.format(start, "j F Y")}
        if end:
            last = end - dt.timedelta(days=1)
            return _("Up to %(end)s") % {"end": dateformat.format(last, "j F Y")}
        return str(_("All time"))

    def slug_parts(self) -> list[str]:
        """Words for a download's file name: the breakdown and the dates."""
        start, end = self.dates()
        parts = [*self.breakdown()]
        if start:
            parts.append(start.isoformat())
        if end:
            parts += ["to", (end - dt.timedelta(days=1)).isoformat()]
        return parts


class DashboardFilterForm(FiguresFilterForm):
    omit = ("service",)


class OrganisationFilterForm(FiguresFilterForm):
    """An organisation's own figures: its services stand in for area and service type."""

    omit = ("area", "service_type", "community")


class PublicFilterForm(FiguresFilterForm):
    """The transparency pages: a quarter and one characteristic, kept small."""

    omit = ("start", "end", "area", "service", "service_type", "community", "crossed")
    public = True

    def _set_choices(self, services) -> None:
        super()._set_choices(services)
        self.fields["period"].choices = [c for c in self.fields["period"].choices if c[0] != CUSTOM]
