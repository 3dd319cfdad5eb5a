"""The app's parts of the county dashboard, the municipality pages and the portal search."""

from datetime import date, datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from biblioteksportal.areas import Figure
from biblioteksportal.choices import AreaApp
from biblioteksportal.models import Municipality, Organisation, Region
from biblioteksportal.search import parse
from lasframjande.choices import AgeGroup, ArenaKind, MemberKind, ModerationStatus, ProjectPhase
from lasframjande.models import (
    ArenaParticipation,
    LiteraryActor,
    Method,
    NetworkMember,
    Project,
    WritingArena,
)

from ..builders import make_actor, make_frame
from ..conftest import assert_queries_constant

config = apps.get_app_config("lasframjande")
IN_2019 = timezone.make_aware(datetime(2019, 6, 1))


def member(region, name, kind, municipality=None, since=None):
    organisation = Organisation.objects.create(name=name, kind="other")
    return NetworkMember.objects.create(
        region=region, organisation=organisation, kind=kind, municipality=municipality, since=since
    )


def arena(region, title, start, municipality=None, **counts):
    arena = WritingArena.objects.create(
        region=region,
        title=title,
        kind=ArenaKind.WORKSHOP,
        age_groups=[AgeGroup.AGE_10_12],
        start=start,
        place="Biblioteket",
        municipality=municipality,
        organiser="Biblioteket",
    )
    for group, count in counts.items():
        ArenaParticipation.objects.create(arena=arena, age_group=group, count=count)
    return arena


@pytest.fixture
def year(region, vasteras, koping):
    """At the end of 2019: two network members (a third joined in 2020), one actor in the
    public directory (one not yet reviewed, one that declined to be shown, one that
    registered in 2020), two writing arenas in 2019 (and one in 2020)."""
    member(
        region, "Västerås stadsbibliotek", MemberKind.MUNICIPAL_LIBRARY, vasteras, date(2018, 5, 1)
    )
    member(region, "Region Västmanland", MemberKind.REGION)
    member(region, "Köpings skolor", MemberKind.SCHOOL, koping, date(2020, 2, 1))
    make_actor(
        region,
        "Anna Andersson",
        municipality=vasteras,
        description="Skriver bilderböcker och lyrik för barn.",
        genres="bilderböcker, lyrik",
    )
    make_actor(region, "Berit Bok", status=ModerationStatus.PENDING, description="Lyrik.")
    make_actor(region, "Cecilia Citat", shown=False, description="Lyrik för vuxna.")
    LiteraryActor.objects.update(created=IN_2019)
    make_actor(region, "David Dikt", municipality=vasteras, description="Lyrik.")
    arena(region, "Skrivarverkstad", date(2019, 3, 1), vasteras, **{"10-12": 8, "13-15": 4})
    arena(region, "Skrivartävling", date(2019, 9, 1), koping, **{"13-15": 5})
    arena(region, "Nästa års verkstad", date(2020, 3, 1), vasteras, **{"10-12": 30})
    return make_frame(region, municipalities=[vasteras], areas=[AreaApp.LASFRAMJANDE])


def test_dashboard_figures(year, head_user):
    part = config.county_part(year, head_user)
    assert part.figures == [
        Figure("medlemmar i nätverket för läsfrämjande vid årets slut", 2),
        Figure("litterära aktörer i den offentliga katalogen", 1),
        Figure("deltagare i 2 skrivarenor för barn och unga", 17),
    ]
    members, participants = part.charts
    assert [row[2] for row in members.rows] == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert members.rows[0][0] == "Region"
    assert {label: total for label, _values, total in participants.rows} == {
        "0–5 år": 0,
        "6–9 år": 0,
        "10–12 år": 8,
        "13–15 år": 9,
        "16–19 år": 0,
        "Vuxna": 0,
    }


def test_municipality_figures(year, vasteras, koping, head_user):
    assert config.municipality_part(year, vasteras, head_user).figures == [
        Figure("medlemmar i nätverket för läsfrämjande (Västerås stadsbibliotek)", 1),
        Figure("skrivarenor för barn och unga 2019", 1),
        Figure("deltagare i skrivarenorna", 12),
        Figure("litterära aktörer i den offentliga katalogen", 1),
    ]
    assert config.municipality_part(year, koping, head_user).figures == [
        Figure("medlemmar i nätverket för läsfrämjande", 0),
        Figure("skrivarenor för barn och unga 2019", 1),
        Figure("deltagare i skrivarenorna", 5),
        Figure("litterära aktörer i den offentliga katalogen", 0),
    ]


def test_pages_show_the_part(role_clients, year, vasteras):
    page = role_clients["head"].get("/oversikt/2019/").text
    assert "Nätverket för läsfrämjande 2019: medlemmar per slag" in page
    assert "Deltagare i skrivarenor 2019 per åldersgrupp" in page
    page = role_clients["head"].get(f"/kommun/{vasteras.code}/2019/").text
    assert "medlemmar i nätverket för läsfrämjande (Västerås stadsbibliotek)" in page


def test_search_finds_only_the_public_directory(role_clients, year):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    make_actor(other, "Erik Epos", description="Lyrik på örebroiska.")
    page = role_clients["reporter"].get("/sok/?q=lyriken").text
    # approved and consented, in any region's public directory
    assert "Anna Andersson" in page and "David Dikt" in page and "Erik Epos" in page
    assert "Berit Bok" not in page and "Cecilia Citat" not in page
    assert "/lasframjande/vastmanland/aktorer/?q=Anna+Andersson" in page
    assert "/lasframjande/orebro/aktorer/?q=Erik+Epos" in page


def test_search_finds_network_projects_methods_and_arenas_for_readers(role_clients, year, region):
    project = Project.objects.create(
        region=region,
        name="Språkfrö",
        phase=ProjectPhase.PRE_STUDY,
        description="Tidig språkutveckling hos de minsta barnen.",
    )
    method = Method.objects.create(
        region=region,
        name="Bokprat",
        age_groups=[AgeGroup.AGE_6_9],
        description="Samtal om bilderböcker i små grupper.",
    )
    skrivarverkstad = WritingArena.objects.get(title="Skrivarverkstad")
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Project.objects.create(
        region=other,
        name="Hemligt projekt",
        phase=ProjectPhase.IDEA,
        description="Språkutveckling.",
    )
    expected = {
        "Västerås stadsbibliotek": ("/lasframjande/natverk/", "stadsbibliotek"),
        "Språkfrö": (f"/lasframjande/projekt/#projekt-{project.pk}", "språkutvecklingen"),
        "Bokprat": (f"/lasframjande/metoder/#metod-{method.pk}", "bilderbok"),
        "Skrivarverkstad": (
            f"/lasframjande/skrivarenor/#skrivarena-{skrivarverkstad.pk}",
            "skrivarverkstad",
        ),
    }
    for title, (url, q) in expected.items():
        for role in ("head", "staff"):
            page = role_clients[role].get("/sok/", {"q": q}).text
            assert f'<a href="{url}">{title}</a>' in page, (role, q)
            assert "Hemligt projekt" not in page
        assert title not in role_clients["reporter"].get("/sok/", {"q": q}).text, q


def grow(region):
    def grow():
        municipalities = [
            Municipality.objects.create(region=region, name=f"Kommun {i}", code=f"20{i:02d}")
            for i in range(9)
        ]
        for i in range(54):
            municipality = municipalities[i % 9]
            member(region, f"Medlem {i}", list(MemberKind)[i % 9], municipality, date(2019, 1, 1))
            make_actor(region, f"Aktör {i}", municipality=municipality, description="Lyrik.")
            make_actor(region, f"Dold {i}", shown=False, description="Lyrik.")
            arena(region, f"Arena {i}", date(2019, 5, 1), municipality, **{"6-9": 3, "adults": 1})

    return grow


def test_dashboard_query_count(role_clients, year, region):
    assert assert_queries_constant(role_clients["head"], "/oversikt/2019/", grow(region)) == 11


def test_municipality_query_count(role_clients, year, region, vasteras):
    url = f"/kommun/{vasteras.code}/2019/"
    assert assert_queries_constant(role_clients["head"], url, grow(region)) == 14


def test_search_query_count(role_clients, year, region, head_user):
    def hook_queries():
        with CaptureQueriesContext(connection) as queries:
            hits = config.search(parse("lyrik"), head_user)
        return len(queries), len(hits)

    assert hook_queries() == (5, 2)
    # each of the five kinds of record in a query
    assert assert_queries_constant(role_clients["head"], "/sok/?q=lyrik", grow(region)) == 13
    assert hook_queries() == (5, 50)
