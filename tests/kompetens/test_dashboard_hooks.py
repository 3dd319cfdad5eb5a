"""The app's parts of the county dashboard, the municipality pages and the portal search."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblioteksportal.areas import Figure
from biblioteksportal.choices import AreaApp, LibraryKind
from biblioteksportal.models import Library, Municipality, Region
from biblioteksportal.search import parse
from kompetens.choices import Audience, EventKind, EventStatus, RegistrationStatus
from kompetens.models import Registration, Workshop

from ..builders import (
    ASSESSMENT_HEADER,
    assessment_rows,
    at,
    import_sheets,
    make_event,
    make_frame,
    make_library,
    make_round,
)
from ..conftest import assert_queries_constant

config = apps.get_app_config("kompetens")


def event_on(region, day, title="Digital källkritik", **extra):
    start = at(day.year, day.month, day.day, 13)
    return make_event(region, title=title, start=start, hours=3, **extra)


def attend(event, library, n, attended=True):
    for i in range(n):
        Registration.objects.create(
            event=event,
            name=f"Deltagare {i}",
            email=f"{library.pk}-{i}-{attended:d}@example.org",
            library=library,
            status=RegistrationStatus.CONFIRMED,
            attended=attended,
        )


@pytest.fixture
def year(region, vasteras, koping):
    """2019: two trainings and a workshop in Västerås held, one training cancelled, one event
    for adults who work with children (reading promotion's); the autumn 2018 round with six
    answer sheets from Västerås and four (too few to show) from Köping."""
    city = make_library(vasteras, "Västerås stadsbibliotek")
    town = make_library(koping, "Köpings bibliotek")
    hospital = Library.objects.create(
        region=region, name="Sjukhusbiblioteket", kind=LibraryKind.HOSPITAL
    )
    first = event_on(region, date(2019, 3, 14), "Fördjupning i digital källkritik, del 1")
    attend(first, city, 3)
    attend(first, town, 1)
    attend(first, town, 1, attended=False)
    second = event_on(region, date(2019, 10, 10), "Fördjupning i digital källkritik, del 2")
    attend(second, city, 1)
    attend(second, hospital, 1)
    event_on(region, date(2019, 5, 2), "Inställd källkritik", status=EventStatus.CANCELLED)
    adults = event_on(region, date(2019, 6, 1), "Läsinspiration", audience=Audience.CHILDREN_ADULTS)
    attend(adults, town, 2)
    survey = make_round(region)
    data = (
        ASSESSMENT_HEADER
        + assessment_rows("Västerås", 6)
        + assessment_rows("Köping", 4, values=(1, 1, 1, 1, 1))
    )
    assert import_sheets(survey, data.encode()) == (10, [])
    workshop = event_on(region, date(2019, 4, 2), "Workshop i Västerås", kind=EventKind.WORKSHOP)
    attend(workshop, city, 2)
    Workshop.objects.create(round=survey, municipality=vasteras, event=workshop)
    return make_frame(region, municipalities=[vasteras], areas=[AreaApp.KOMPETENS])


def test_dashboard_figures(year, head_user):
    part = config.county_part(year, head_user)
    assert part.figures == [
        Figure("utbildningstillfällen 2019", 3),
        Figure("deltagare i utbildningarna", 8),
        Figure("kommuner med workshop utifrån självskattningen 2019", "1 av 2"),
        Figure("kommuner med minst 5 svar i självskattningen Hösten 2018", "1 av 2"),
    ]
    participation, results = part.charts
    assert participation.rows == [
        ("Köping", [1], 1),
        ("Västerås", [6], 6),
        ("Regionens bibliotek", [1], 1),
    ]
    # Köping's four sheets (all ones) are left out of the county means
    assert results.rows == [
        ("Informations- och datakompetens", [4.0], 4.0),
        ("Kommunikation och samarbete", [5.0], 5.0),
        ("Skapande av digitalt innehåll", [6.0], 6.0),
        ("Säkerhet", [2.0], 2.0),
        ("Problemlösning", [3.0], 3.0),
    ]


def test_no_results_below_the_threshold(year, region, head_user):
    Workshop.objects.all().delete()
    survey = make_round(region, name="Våren 2019", held=date(2019, 5, 1))
    data = ASSESSMENT_HEADER + assessment_rows("Västerås", 4) + assessment_rows("Köping", 4)
    import_sheets(survey, data.encode())
    part = config.county_part(year, head_user)
    assert part.figures[2:] == [
        Figure("kommuner med workshop utifrån självskattningen 2019", "0 av 2"),
        Figure("kommuner med minst 5 svar i självskattningen Våren 2019", "0 av 2"),
    ]
    assert len(part.charts) == 1


def test_municipality_figures(year, vasteras, koping, head_user):
    part = config.municipality_part(year, vasteras, head_user)
    assert part.figures == [
        Figure("deltagare i utbildningar 2019", 6),
        Figure("workshop utifrån självskattningen Hösten 2018", "2019-04-02"),
    ]
    assert part.charts[0].rows == [("Västerås stadsbibliotek", [6], 6)]
    assert config.municipality_part(year, koping, head_user).figures == [
        Figure("deltagare i utbildningar 2019", 1),
        Figure("workshop utifrån självskattningen Hösten 2018", "Inte ännu"),
    ]


def test_pages_show_the_part(role_clients, year, vasteras):
    page = role_clients["head"].get("/oversikt/2019/").text
    assert "Deltagare i utbildningar 2019 per kommun" in page
    assert "Självskattning Hösten 2018: medelvärde per område (skala 1–7)" in page
    assert "<td>4,0</td>" in page  # the table beside the chart, with a decimal comma
    page = role_clients["head"].get(f"/kommun/{vasteras.code}/2019/").text
    assert '<span class="value">2019-04-02</span>' in page


def test_search_finds_the_events_of_the_users_region(role_clients, year, staff_user):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    event_on(other, date(2019, 3, 1), "Hemlig källkritik")
    page = role_clients["head"].get("/sok/?q=källkritiken").text
    assert "Fördjupning i digital källkritik, del 1" in page
    assert "Inställd källkritik" in page and "(inställd)" in page
    assert "Hemlig källkritik" not in page
    assert (
        "Fördjupning i digital källkritik"
        not in role_clients["reporter"].get("/sok/?q=källkritik").text
    )
    assert len(config.search(parse("källkritik"), staff_user)) == 3


def grow(region):
    def grow():
        for i in range(9):
            municipality = Municipality.objects.create(
                region=region, name=f"Kommun {i}", code=f"20{i:02d}"
            )
            library = make_library(municipality)
            for day in range(6):
                event = event_on(region, date(2019, 2, 1) + timedelta(days=7 * i + day))
                attend(event, library, 3)
            survey = make_round(region, name=f"Omgång {i}", held=date(2018, 1, 1 + i))
            import_sheets(survey, (ASSESSMENT_HEADER + assessment_rows(f"Kommun {i}", 6)).encode())
            workshop = event_on(region, date(2019, 9, 1 + i), kind=EventKind.WORKSHOP)
            Workshop.objects.create(round=survey, municipality=municipality, event=workshop)

    return grow


def test_dashboard_query_count(role_clients, year, region):
    assert assert_queries_constant(role_clients["head"], "/oversikt/2019/", grow(region)) == 12


def test_municipality_query_count(role_clients, year, region, vasteras):
    url = f"/kommun/{vasteras.code}/2019/"
    assert assert_queries_constant(role_clients["head"], url, grow(region)) == 14


def test_search_query_count(role_clients, year, region, head_user):
    def hook_queries():
        with CaptureQueriesContext(connection) as queries:
            hits = config.search(parse("källkritik"), head_user)
        return len(queries), len(hits)

    assert hook_queries() == (1, 3)
    assert assert_queries_constant(role_clients["head"], "/sok/?q=källkritik", grow(region)) == 13
    assert hook_queries() == (1, 50)
