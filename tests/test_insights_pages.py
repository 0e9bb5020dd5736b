"""Insights pages by persona: Cam (curator), Ada (site admin) and Cora (commissioner) see
/insights/; Priya (a professional) and Dev (a member of group A) are refused it. Dev sees
his group's own figures and may publish them; Grace (group B) and Cam get 404 there. The
public transparency pages show only disclosed figures, and nothing for a group that has not
opted in."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from accounts.testing import login_verified
from directory.models import MembershipRole, OrganisationMembership
from insights import charts
from insights.access import COMMISSIONERS_GROUP, commissioners_group, user_can_see_dashboard
from insights.csv import safe_cell, table_rows
from insights.disclosure import disclose
from insights.figures import TABLE_BREAKDOWNS, TABLES, Filters
from insights.models import TransparencyOptIn
from insights.views import breakdown_labels
from tests.factories import LocationFactory, ServiceAtLocationFactory, UserFactory
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    make_referral_personas,
    refer_professionally,
)

pytestmark = pytest.mark.django_db

SMALL = 3  # referrals to group A: fewer than 8, so every count about them must be "*"


@pytest.fixture
def p():
    personas = make_referral_personas()
    for service in (personas.service_a, personas.service_b):
        ServiceAtLocationFactory(
            service=service,
            location=LocationFactory(organisation=service.organisation, local_authority="Wigan"),
        )
    personas.cora = UserFactory(username="cora", email="cora@wigan.gov.uk")
    personas.cora.groups.add(commissioners_group())
    personas.member = UserFactory(username="mo", email="mo@example.org")
    OrganisationMembership.objects.create(
        organisation=personas.group_a, user=personas.member, role=MembershipRole.MEMBER
    )
    for _ in range(SMALL):
        refer_professionally(personas)
    return personas


def signed_in(client, user):
    login_verified(client, user)
    return client


def publish(organisation, by=None) -> None:
    from insights.transparency import transparency_set

    transparency_set(organisation=organisation, published=True, by=by)


# --- who may see what --------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/insights/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("persona", ["cam", "ada", "cora"])
def test_curators_admins_and_commissioners_see_the_dashboard(client, p, persona):
    response = signed_in(client, getattr(p, persona)).get("/insights/")
    assert response.status_code == 200
    for key in TABLES:
        assert f'id="caption-{key}"' in response.text
    assert 'role="img"' in response.text
    assert "Download CSV" in response.text


@pytest.mark.parametrize("persona", ["priya", "dev", "member"])
def test_professionals_and_group_members_are_refused_the_dashboard(client, p, persona):
    assert not user_can_see_dashboard(getattr(p, persona))
    response = signed_in(client, getattr(p, persona)).get("/insights/")
    assert response.status_code == 403
    assert signed_in(client, getattr(p, persona)).get("/insights/access.csv").status_code == 403


def test_dashboard_needs_a_second_factor(client, p):
    client.force_login(p.cam)
    response = client.get("/insights/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_insights_link_only_for_those_who_can_see_it(client, p):
    assert 'href="/insights/"' in signed_in(client, p.cam).get("/manage/").text
    client.logout()
    assert 'href="/insights/"' not in signed_in(client, p.priya).get("/manage/").text


def test_footer_links_to_transparency(client, p):
    assert 'href="/transparency/"' in client.get("/").text


# --- the dashboard's filters ---------------------------------------------------------------


def test_filters_and_a_crossing_are_applied(client, p):
    response = signed_in(client, p.cam).get(
        "/insights/", {"by": "route", "crossed": "age_band", "area": "", "period": ""}
    )
    assert response.status_code == 200
    assert response.context["entries"][0].table.by == ("route", "age_band")
    assert "by=route" in response.context["entries"][0].csv_url


def test_crossing_alone_becomes_the_breakdown(client, p):
    response = signed_in(client, p.cam).get("/insights/", {"crossed": "route"})
    assert response.context["entries"][0].table.by == ("route",)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "route", "crossed": "route"}, "Choose a different characteristic"),
        ({"start": "31/2/2025"}, "Enter a real date"),
        ({"start": "2/3/2025", "end": "1/3/2025"}, "must be the same as or after"),
        ({"by": "favourite_colour"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_explained_and_kept(client, p, params, message):
    response = signed_in(client, p.cam).get("/insights/", params)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert response.context["entries"] == []
    for value in params.values():
        assert value in response.text


def test_a_quarter_filters_by_its_dates(client, p):
    from insights.forms import DashboardFilterForm

    form = DashboardFilterForm({"period": "2025-04-01"})
    assert form.is_valid(), form.errors
    filters = form.filters()
    assert (filters.start.isoformat(), filters.end.isoformat()) == ("2025-04-01", "2025-07-01")
    form = DashboardFilterForm({"period": "2025-04-01", "start": "1/5/2025", "end": "31/5/2025"})
    assert form.is_valid()
    filters = form.filters()
    assert (filters.start.isoformat(), filters.end.isoformat()) == ("2025-05-01", "2025-06-01")


# --- CSV ---------------------------------------------------------------------------------


def parsed(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


@pytest.mark.parametrize("key", list(TABLES))
def test_csv_matches_the_disclosed_table(client, p, key):
    response = signed_in(client, p.cam).get(f"/insights/{key}.csv", {"by": "route"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="insights-{key}-route.csv"'
    # Searches know nothing of how anyone was referred: that table comes whole.
    by = ("route",) if "route" in TABLE_BREAKDOWNS[key] else ()
    table = disclose(TABLES[key](Filters(), by))
    expected = table_rows(table, breakdown_labels(table))
    assert parsed(response) == expected
    page = signed_in(client, p.cam).get("/insights/", {"by": "route"})
    entry = next(e for e in page.context["entries"] if e.table.key == key)
    assert entry.table == table


def test_csv_of_an_unknown_table_is_404(client, p):
    assert signed_in(client, p.cam).get("/insights/nonsense.csv").status_code == 404


def test_csv_cells_cannot_be_formulas():
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+44 7700") == "'+44 7700"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-x") == "'-x"
    assert safe_cell("-0.5") == "-0.5"
    assert safe_cell("12.5%") == "12.5%"
    assert safe_cell("*") == "*"


# --- an organisation's own dashboard -----------------------------------------------------


def org_url(organisation) -> str:
    return f"/manage/organisations/{organisation.pk}/insights/"


@pytest.mark.parametrize("persona", ["dev", "member"])
def test_members_see_their_own_figures(client, p, persona):
    response = signed_in(client, getattr(p, persona)).get(org_url(p.group_a))
    assert response.status_code == 200
    assert response.context["entries"]
    assert "Your group's figures" in response.text


@pytest.mark.parametrize("persona", ["grace", "cam", "priya"])
def test_other_organisations_figures_are_404(client, p, persona):
    user = getattr(p, persona)
    assert signed_in(client, user).get(org_url(p.group_a)).status_code == 404
    assert signed_in(client, user).get(org_url(p.group_a) + "access.csv").status_code == 404
    response = signed_in(client, user).post(
        org_url(p.group_a) + "transparency/", {"publish": "yes"}
    )
    assert response.status_code == 404
    assert not TransparencyOptIn.objects.exists()


def test_organisation_dashboard_anonymous_is_sent_to_sign_in(client, p):
    response = client.get(org_url(p.group_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_organisation_csv_is_scoped_to_the_organisation(client, p):
    response = signed_in(client, p.dev).get(org_url(p.group_a) + "access.csv")
    assert response.status_code == 200
    name = "sahara-punjabi-mens-circle-access.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    table = disclose(TABLES["access"](Filters(organisation_id=str(p.group_a.pk)), ()))
    expected = table_rows(table, [])
    assert parsed(response)[0] == expected[0]
    assert parsed(response)[1:] == [row for row in expected[1:] if row[0]]
    assert parsed(response)[-1][:2] == ["All", "*"]


def test_organisation_pages_leave_out_searches(client, p):
    response = signed_in(client, p.dev).get(org_url(p.group_a))
    assert "gaps_searches" not in [entry.table.key for entry in response.context["entries"]]
    assert signed_in(client, p.dev).get(org_url(p.group_a) + "gaps_searches.csv").status_code == 404


def test_admin_publishes_and_withdraws_the_figures(client, p):
    url = org_url(p.group_a) + "transparency/"
    public = reverse("insights:transparency_organisation", args=[p.group_a.pk])
    assert client.get(public).status_code == 404

    response = signed_in(client, p.dev).post(url, {"publish": "yes"}, follow=True)
    assert "Your figures are now public." in response.text
    assert TransparencyOptIn.objects.get().opted_in_by == p.dev
    client.logout()
    assert client.get(public).status_code == 200

    response = signed_in(client, p.dev).post(url, {"publish": "no"}, follow=True)
    assert "no longer public" in response.text
    client.logout()
    assert client.get(public).status_code == 404


def test_a_member_who_is_not_an_admin_cannot_publish(client, p):
    response = signed_in(client, p.member).get(org_url(p.group_a))
    assert "Publish our figures" not in response.text
    response = signed_in(client, p.member).post(
        org_url(p.group_a) + "transparency/", {"publish": "yes"}
    )
    assert response.status_code == 404
    assert not TransparencyOptIn.objects.exists()


def test_publishing_is_a_post(client, p):
    response = signed_in(client, p.dev).get(org_url(p.group_a) + "transparency/")
    assert response.status_code == 405


# --- public transparency pages -----------------------------------------------------------

CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
SVG_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def shown_figures(html: str) -> list[str]:
    """Every figure in the page's tables and charts."""
    cells = CELL.findall(html)
    svg_text = [
        t for svg in re.findall(r"<svg.*?</svg>", html, re.S) for t in SVG_TEXT.findall(svg)
    ]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells] + svg_text


def assert_no_small_counts(values: list[str]) -> None:
    small = [v for v in values if re.fullmatch(r"[1-7]", v.replace(",", ""))]
    assert small == [], f"counts from 1 to 7 shown: {small}"


def test_index_lists_areas_and_only_published_organisations(client, p):
    publish(p.group_b)
    response = client.get("/transparency/")
    assert response.status_code == 200
    assert "Wigan" in response.text
    assert escape(p.group_b.name) in response.text
    assert "Sahara Punjabi" not in response.text
    assert "public" in response["Cache-Control"]


def test_organisation_not_opted_in_is_404_and_shows_nothing(client, p):
    response = client.get(f"/transparency/organisations/{p.group_a.pk}/")
    assert response.status_code == 404
    assert "Sahara Punjabi" not in response.text
    csv_url = f"/transparency/organisations/{p.group_a.pk}/access.csv"
    assert client.get(csv_url).status_code == 404


def test_published_organisation_page_shows_no_small_counts(client, p):
    publish(p.group_a)
    response = client.get(f"/transparency/organisations/{p.group_a.pk}/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    figures_shown = shown_figures(response.text)
    assert "*" in figures_shown
    assert_no_small_counts(figures_shown)
    rows = parsed(client.get(f"/transparency/organisations/{p.group_a.pk}/access.csv"))
    assert rows[-1][:2] == ["All", "*"]
    assert_no_small_counts([cell for row in rows[1:] for cell in row])
    for key in TABLES:
        # Searches belong to no organisation: their table is not on its page.
        shown = f'id="caption-{key}"' in response.text
        assert shown == (key != "gaps_searches")


def test_area_page_shows_no_small_counts(client, p):
    response = client.get("/transparency/")
    area_url = re.search(r'href="(/transparency/areas/[^"]+/)"', response.text).group(1)
    response = client.get(area_url, {"by": "age_band"})
    assert response.status_code == 200
    assert "Wigan" in response.text
    figures_shown = shown_figures(response.text)
    assert "*" in figures_shown
    assert_no_small_counts(figures_shown)
    csv_url = area_url + "access.csv"
    rows = parsed(client.get(csv_url, {"by": "age_band"}))
    assert_no_small_counts([cell for row in rows[1:] for cell in row])


def test_counts_of_eight_or_more_are_rounded(client, p):
    for _ in range(8):
        refer_professionally(p)  # 11 referrals in all
    response = signed_in(client, p.cam).get("/insights/")
    access = response.context["entries"][0].table
    assert access.key == "access"
    assert access.all_row.cells[0].value == 11
    assert access.all_row.cells[0].display == "10"
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">10</td>' in response.text
    assert ">11<" not in response.text


def test_commissioners_group_is_the_role():
    group = commissioners_group()
    assert group.name == COMMISSIONERS_GROUP
    assert commissioners_group() == group
    assert Group.objects.filter(name=COMMISSIONERS_GROUP).count() == 1


def test_public_pages_in_another_language(client, p):
    publish(p.group_a)
    assert client.get("/cy/transparency/").status_code == 200
    assert client.get(f"/cy/transparency/organisations/{p.group_a.pk}/").status_code == 200


def test_unknown_area_is_404(client, p):
    assert client.get("/transparency/areas/E99999999/").status_code == 404


def test_public_pages_offer_no_crossings_or_dimensions(client, p):
    publish(p.group_a)
    response = client.get(f"/transparency/organisations/{p.group_a.pk}/", {"by": "organisation"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert 'name="crossed"' not in response.text


def test_signed_in_views_of_public_pages_are_private(client, p):
    response = signed_in(client, p.cam).get("/transparency/")
    assert "private" in response["Cache-Control"]


# --- charts ------------------------------------------------------------------------------


def test_chart_is_an_image_named_by_the_caption_and_draws_no_suppressed_bar():
    svg = charts.bar_chart(
        [charts.Bar("Men", "15", 15.0), charts.Bar("Women", "*", None)],
        labelled_by="caption-access chart-access",
    )
    assert 'role="img"' in svg
    assert 'aria-labelledby="caption-access chart-access"' in svg
    assert 'width="0.0"' in svg
    assert ">*</text>" in svg


def test_chart_escapes_labels():
    svg = charts.bar_chart([charts.Bar("<script>", "10", 10.0)], labelled_by="c")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize(
    ("display", "value"),
    [("1,235", 1235.0), ("12.5%", 12.5), ("*", None), ("", None), ("-0.4", -0.4)],
)
def test_display_number(display, value):
    assert charts.display_number(display) == value


def test_the_commissioners_group_exists_for_admins_to_fill():
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="commissioners").exists()
