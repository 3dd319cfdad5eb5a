"""The app's parts of the county dashboard, the municipality pages and the portal search."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblioteksplaner import services
from biblioteksplaner.choices import ReportState
from biblioteksplaner.models import Report, SurveyRound
from biblioteksportal.areas import Figure
from biblioteksportal.choices import AreaApp
from biblioteksportal.models import Municipality
from biblioteksportal.search import parse

from ..builders import make_frame, make_plan
from ..conftest import assert_queries_constant

D = datetime.date

config = apps.get_app_config("biblioteksplaner")


@pytest.fixture
def year(region, vasteras, koping):
    """Three municipalities at the end of 2019: Västerås with a current plan, Köping with
    one that ends within a year, Sala without one (a plan decided in 2020 does not count)
    but drafting one; Västerås and Sala answered the year's round."""
    sala = Municipality.objects.create(region=region, name="Sala", code="1981")
    make_plan(vasteras, D(2018, 1, 1), D(2021, 12, 31), title="Västerås biblioteksplan")
    make_plan(koping, D(2016, 1, 1), D(2020, 6, 30), title="Köpings biblioteksplan")
    make_plan(sala, D(2020, 3, 1), D(2023, 12, 31), title="Salas biblioteksplan")
    survey_round = services.open_round(
        SurveyRound(region=region, title="Uppföljning 2019", year=2019, deadline=D(2019, 10, 31))
    )
    Report.objects.filter(round=survey_round, municipality=vasteras).update(
        state=ReportState.SUBMITTED
    )
    Report.objects.filter(round=survey_round, municipality=sala).update(
        state=ReportState.APPROVED,
        drafting=True,
        expected_adoption=D(2020, 2, 28),
        submitted=D(2019, 10, 20),
    )
    return make_frame(region, municipalities=[vasteras], areas=[AreaApp.BIBLIOTEKSPLANER])


def test_dashboard_figures(year, head_user):
    part = config.county_part(year, head_user)
    assert part.figures == [
        Figure("kommuner med gällande biblioteksplan per 2019-12-31", 1),
        Figure("kommuner vars plan går ut inom ett år", 1),
        Figure("kommuner utan gällande plan", 0),
        Figure("kommuner som tar fram en ny plan", 1),
        Figure("svarsfrekvens i Uppföljning 2019 (2 av 3 kommuner)", "67 %"),
    ]
    (chart,) = part.charts
    assert chart.rows == [
        ("Gällande", [1], 1),
        ("Går ut", [1], 1),
        ("Utgången", [0], 0),
        ("Saknas", [0], 0),
        ("Under arbete", [1], 1),
    ]


def test_a_later_year_sees_the_later_plans(year, region, head_user):
    from biblioteksportal.models import Year

    later = Year.objects.create(region=region, year=2021)
    figures = {f.label: f.value for f in config.county_part(later, head_user).figures}
    # at the end of 2021 Västerås's plan ends within a year, Köping's has ended, Sala's holds
    assert figures["kommuner med gällande biblioteksplan per 2021-12-31"] == 1
    assert figures["kommuner vars plan går ut inom ett år"] == 1
    assert figures["kommuner utan gällande plan"] == 1
    assert not [label for label in figures if label.startswith("svarsfrekvens")]


def test_municipality_figures(year, vasteras, koping, head_user):
    assert config.municipality_part(year, vasteras, head_user).figures == [
        Figure("biblioteksplan per 2019-12-31", "Gällande"),
        Figure("gällande plan, 2018-01-01–2021-12-31", "Västerås biblioteksplan"),
        Figure("Uppföljning 2019", "Inskickad"),
    ]
    sala = Municipality.objects.get(name="Sala")
    assert config.municipality_part(year, sala, head_user).figures == [
        Figure("biblioteksplan per 2019-12-31", "Under arbete"),
        Figure("ny plan väntas antas", "2020-02-28"),
        Figure("Uppföljning 2019", "Godkänd"),
    ]
    assert config.municipality_part(year, koping, head_user).figures[0].value == "Går ut"


def test_the_latest_approved_report_counts(year, region, koping, head_user):
    from biblioteksportal.models import Year

    # Köping's plan ends in June 2020; it said in 2020 that it drafts one, in 2021 no longer.
    for number, drafting in [(2020, True), (2021, False)]:
        survey_round = services.open_round(
            SurveyRound(
                region=region,
                title=f"Uppföljning {number}",
                year=number,
                deadline=D(number, 10, 31),
            )
        )
        Report.objects.filter(round=survey_round, municipality=koping).update(
            state=ReportState.APPROVED,
            drafting=drafting,
            expected_adoption=D(2021, 3, 1),
            submitted=D(number, 10, 20),
        )
    parts = [
        config.municipality_part(Year.objects.create(region=region, year=n), koping, head_user)
        for n in (2020, 2021)
    ]
    assert [part.figures[0].value for part in parts] == ["Under arbete", "Utgången"]


def test_pages_show_the_part(role_clients, year, vasteras):
    page = role_clients["head"].get("/oversikt/2019/").text
    assert "kommuner vars plan går ut inom ett år" in page
    assert "Kommunernas biblioteksplaner per 2019-12-31" in page
    assert '<span class="value">67 %</span>' in page
    page = role_clients["head"].get(f"/kommun/{vasteras.code}/2019/").text
    assert '<span class="value">Västerås biblioteksplan</span>' in page


def test_search_finds_the_plans_the_user_may_see(role_clients, year, region):
    # Swedish stemming: "biblioteksplanen" finds "biblioteksplan"
    page = role_clients["head"].get("/sok/?q=biblioteksplanen").text
    assert "Västerås biblioteksplan" in page and "Köpings biblioteksplan" in page
    assert "/biblioteksplaner/register/1983/" in page
    reporter_page = role_clients["reporter"].get("/sok/?q=biblioteksplanen").text
    assert "Köpings biblioteksplan" in reporter_page
    assert "Västerås biblioteksplan" not in reporter_page


def test_search_of_another_region_finds_nothing(year, region, staff_user):
    from biblioteksportal.models import Region

    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    orebro = Municipality.objects.create(region=other, name="Örebro", code="1880")
    make_plan(orebro, D(2018, 1, 1), D(2021, 12, 31), title="Örebros biblioteksplan")
    titles = [hit.title for hit in config.search(parse("biblioteksplan"), staff_user)]
    assert sorted(titles) == [
        "Köpings biblioteksplan",
        "Salas biblioteksplan",
        "Västerås biblioteksplan",
    ]


def grow(region):
    def grow():
        for i in range(27):
            municipality = Municipality.objects.create(
                region=region, name=f"Kommun {i}", code=f"20{i:02d}"
            )
            make_plan(municipality, D(2010, 1, 1), D(2013, 12, 31), title=f"Biblioteksplan {i}")
            make_plan(municipality, D(2014, 1, 1), D(2020, 12, 31), title=f"Biblioteksplan {i}")
        for i in range(9):
            services.open_round(
                SurveyRound(
                    region=region, title=f"Omgång {i}", year=2019, deadline=D(2019, 5, i + 1)
                )
            )
        Report.objects.update(state=ReportState.APPROVED, submitted=D(2019, 4, 1))

    return grow


def test_dashboard_query_count(role_clients, year, region):
    assert assert_queries_constant(role_clients["head"], "/oversikt/2019/", grow(region)) == 11


def test_municipality_query_count(role_clients, year, region, vasteras):
    url = f"/kommun/{vasteras.code}/2019/"
    assert assert_queries_constant(role_clients["head"], url, grow(region)) == 15


def test_search_query_count(role_clients, year, region, head_user):
    def hook_queries():
        with CaptureQueriesContext(connection) as queries:
            hits = config.search(parse("biblioteksplan"), head_user)
        return len(queries), len(hits)

    assert hook_queries() == (1, 3)
    assert (
        assert_queries_constant(role_clients["head"], "/sok/?q=biblioteksplan", grow(region)) == 13
    )
    assert hook_queries() == (1, 50)
