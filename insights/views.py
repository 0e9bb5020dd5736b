"""Dashboards for people with accounts: the platform-wide one for curators, site admins and
commissioners (/insights/), and each organisation's own (/manage/organisations/<id>/insights/).

Every figure shown or downloaded has been through ``disclosure.disclose``: counts of 1 to 7
show as "*", other counts are rounded to the nearest 5. Access is checked before any figure
is computed: the role for /insights/ (403), membership for an organisation's page (404, as
on the rest of /manage/).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import mfa_required
from directory import selectors as directory_selectors
from insights import charts, figures
from insights.access import dashboard_required
from insights.csv import csv_filename, csv_response
from insights.disclosure import disclose
from insights.forms import (
    DashboardFilterForm,
    FiguresFilterForm,
    OrganisationFilterForm,
    breakdown_label,
)
from insights.transparency import organisation_is_published, transparency_set

# The column each table's chart draws when the figures are broken down.
CHART_COLUMNS = {"timeliness": 2, "wellbeing": 1}
# Beyond this many bars a chart stops helping; the table says it all.
MAX_BARS = 40


@dataclass
class FigureEntry:
    """One disclosed table as a page shows it: the table, its chart and its download."""

    table: figures.Table
    chart: SafeString
    chart_text: str
    csv_url: str
    notes: list[str]

    @property
    def caption_id(self) -> str:
        return f"caption-{self.table.key}"

    @property
    def by_labels(self) -> list[str]:
        return breakdown_labels(self.table)


def breakdown_labels(table: figures.Table) -> list[str]:
    return [breakdown_label(key) for key in table.by]


def disclosed_table(
    key: str, filters: figures.Filters, by: tuple[str, ...]
) -> tuple[figures.Table, tuple[str, ...]]:
    """The disclosed table, and the keys of ``by`` it cannot be broken down by (searches
    know nothing of the people who searched): those are left out."""
    if key not in figures.TABLES:
        raise Http404
    allowed = figures.TABLE_BREAKDOWNS.get(key, {})
    kept = tuple(k for k in by if k in allowed)
    dropped = tuple(k for k in by if k not in allowed)
    table = disclose(figures.TABLES[key](filters, kept))
    # A row with no labels names no group (the figures give one beside "All" when nothing
    # is broken down): it would show as a blank row, so it is left out.
    table.rows = [row for row in table.rows if row.labels]
    return table, dropped


def table_chart(table: figures.Table) -> tuple[SafeString, str]:
    """A chart of the table, and a sentence saying what it shows.

    Without a breakdown: the All row's counts side by side (for access, the funnel).
    With one: a bar per group for one column; counts leave out the All row, which
    would dwarf every group (the table keeps it).
    """
    if not table.rows:
        return SafeString(""), ""
    if not table.by:
        row = table.all_row
        bars = [_bar(str(table.columns[i]), row.cells[i].display) for i in table.count_columns]
        text = _("Chart of the counts in the table above.")
    else:
        column = CHART_COLUMNS.get(table.key, table.count_columns[0] if table.count_columns else 0)
        is_count = column in table.count_columns
        bars = [
            _bar(
                charts.SEPARATOR.join(str(label) for label in row.labels),
                row.cells[column].display,
                whole=row.is_all,
            )
            for row in table.rows
            if not (is_count and row.is_all)
        ]
        text = _("Chart of “%(column)s” from the table above.") % {"column": table.columns[column]}
    if len(bars) > MAX_BARS:
        return SafeString(""), ""
    return charts.bar_chart(bars, labelled_by=f"caption-{table.key} chart-{table.key}"), text


def _bar(label: str, display: str, *, whole: bool = False) -> charts.Bar:
    return charts.Bar(
        label=label, display=display, value=charts.display_number(display), whole=whole
    )


def _dropped_note(dropped: tuple[str, ...]) -> list[str]:
    if not dropped:
        return []
    names = ", ".join(breakdown_label(key) for key in dropped)
    return [_("This table cannot be broken down by %(names)s.") % {"names": names}]


def table_keys(filters: figures.Filters) -> list[str]:
    """The tables that mean something for these filters: searches belong to no
    organisation or service, so an organisation's pages leave them out."""
    keys = list(figures.TABLES)
    if filters.organisation_id or filters.service_id:
        keys.remove("gaps_searches")
    return keys


def figure_entries(filters: figures.Filters, by: tuple[str, ...], csv_url_for) -> list[FigureEntry]:
    entries = []
    for key in table_keys(filters):
        table, dropped = disclosed_table(key, filters, by)
        chart, chart_text = table_chart(table)
        entries.append(
            FigureEntry(table, chart, chart_text, csv_url_for(key), _dropped_note(dropped))
        )
    return entries


def query_suffix(request: HttpRequest) -> str:
    return f"?{request.GET.urlencode()}" if request.GET else ""


def filtered(form: FiguresFilterForm, **scope: str):
    """(filters, by) of a valid form, or (None, ()) when it has errors to show instead."""
    if not form.is_valid():
        return None, ()
    return form.filters(**scope), form.breakdown()


def table_download(form: FiguresFilterForm, key: str, name: str, **scope: str) -> HttpResponse:
    filters, by = filtered(form, **scope)
    if filters is None:
        raise Http404
    if key not in table_keys(filters):
        raise Http404
    table, _dropped = disclosed_table(key, filters, by)
    filename = csv_filename(name, key, *form.slug_parts())
    return csv_response(table, breakdown_labels(table), filename)


# --- the platform-wide dashboard --------------------------------------------------------


@never_cache
@dashboard_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET)
    filters, by = filtered(form)
    suffix = query_suffix(request)
    entries = []
    if filters is not None:
        entries = figure_entries(
            filters, by, lambda key: reverse("insights:dashboard_csv", args=[key]) + suffix
        )
    return TemplateResponse(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "error_forms": [form] if form.errors else [],
            "entries": entries,
            "period_text": _period_text(form),
        },
    )


@never_cache
@dashboard_required
def dashboard_csv(request: HttpRequest, key: str) -> HttpResponse:
    return table_download(DashboardFilterForm(request.GET), key, "insights")


def _period_text(form: FiguresFilterForm) -> str:
    return form.period_text() if form.is_valid() else ""


# --- an organisation's own dashboard ----------------------------------------------------


def _organisation_form(request: HttpRequest, organisation) -> OrganisationFilterForm:
    services = directory_selectors.services_for_organisation(organisation)
    return OrganisationFilterForm(request.GET, services=services)


@never_cache
@mfa_required
def organisation_dashboard(request: HttpRequest, pk) -> HttpResponse:
    membership = directory_selectors.membership_get(request.user, pk)
    organisation = membership.organisation
    form = _organisation_form(request, organisation)
    filters, by = filtered(form, organisation_id=str(organisation.pk))
    suffix = query_suffix(request)
    entries = []
    if filters is not None:
        entries = figure_entries(
            filters,
            by,
            lambda key: reverse("insights:organisation_csv", args=[organisation.pk, key]) + suffix,
        )
    return TemplateResponse(
        request,
        "insights/organisation_dashboard.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "error_forms": [form] if form.errors else [],
            "entries": entries,
            "period_text": _period_text(form),
            "published": organisation_is_published(organisation),
        },
    )


@never_cache
@mfa_required
def organisation_csv(request: HttpRequest, pk, key: str) -> HttpResponse:
    organisation = directory_selectors.organisation_get_for_member(request.user, pk)
    form = _organisation_form(request, organisation)
    return table_download(form, key, organisation.name, organisation_id=str(organisation.pk))


@mfa_required
@require_POST
def organisation_transparency(request: HttpRequest, pk) -> HttpResponse:
    """An admin of the organisation publishes its figures, or stops publishing them."""
    organisation = directory_selectors.organisation_get_for_admin(request.user, pk)
    publish = request.POST.get("publish") == "yes"
    transparency_set(organisation=organisation, published=publish, by=request.user)
    if publish:
        url = reverse("insights:transparency_organisation", args=[organisation.pk])
        messages.success(
            request,
            format_html(
                '{} <a class="govuk-link" href="{}">{}</a>',
                _("Your figures are now public."),
                url,
                _("See the public page"),
            ),
        )
    else:
        messages.success(request, _("Your figures are no longer public."))
    return redirect("insights:organisation_dashboard", pk=organisation.pk)
