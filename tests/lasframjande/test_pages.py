"""The staff and library-head pages: network, projects, methods, writing arenas, adults."""

from datetime import date

import pytest
from django.urls import reverse

from biblioteksportal.choices import ActivityStatus, AreaApp
from biblioteksportal.models import Activity, Organisation, Region
from kompetens.choices import Audience, EventStatus
from lasframjande.choices import AgeGroup, ArenaKind, MemberKind, ModerationStatus
from lasframjande.models import ArenaParticipation, Method, NetworkMember, Project, WritingArena

from ..builders import at, grow_register, make_actor, make_event, make_frame
from ..conftest import READERS, assert_queries_constant, download_statuses, downloads

PAGES = {
    "network": ["Organisation 0", "Träff 0", "Anteckning.", "Kontakt 0"],
    "projects": ["Projekt 0", "Idé", "Metod 0", "Organisation 0"],
    "methods": ["Metod 0", "0–5 år", "Länk 0", "Projekt 0"],
    "arenas": ["Skrivarverkstad 0", "10–12 år: 5", "Västerås"],
    "adults": ["Lässtund för förskolepersonal"],
    "inventory": ["Författare", "Uppläsningar", "Västerås"],
}
# Pinned query counts (session and user, then the page's own queries).
QUERIES = {"network": 5, "projects": 6, "methods": 5, "arenas": 4, "adults": 3, "inventory": 3}


@pytest.fixture
def data(register_data):
    make_event(
        register_data,
        title="Lässtund för förskolepersonal",
        start=at(2019, 3, 5),
        place="Regionens hus",
        audience=Audience.CHILDREN_ADULTS,
    )
    make_event(
        register_data,
        title="Digitalt först för bibliotekarier",
        start=at(2019, 3, 6),
        audience=Audience.LIBRARY_STAFF,
    )
    return register_data


@pytest.mark.parametrize("name", PAGES)
def test_page_per_role(role_clients, data, name):
    url = reverse(f"lasframjande:{name}")
    assert role_clients["anonymous"].get(url)["Location"].startswith(reverse("login"))
    assert role_clients["reporter"].get(url).status_code == 403
    for role in ("head", "staff"):
        response = role_clients[role].get(url)
        assert response.status_code == 200, role
        for text in PAGES[name]:
            assert text in response.text, (role, text)
    assert download_statuses(role_clients, url) == READERS


@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_is_pinned(role_clients, data, vasteras, name):
    grown = []

    def grow():
        grow_register(data, vasteras, 10, start=1 + 10 * len(grown))
        for i in range(10):
            make_event(
                data,
                title=f"Tillfälle {i}",
                start=at(2019, 4, 1 + i),
                audience=Audience.CHILDREN_ADULTS,
            )
        grown.append(1)

    url = reverse(f"lasframjande:{name}")
    assert assert_queries_constant(role_clients["head"], url, grow) == QUERIES[name]
    # the download: the page's queries (but the network's meetings, which it leaves out)
    download = assert_queries_constant(role_clients["head"], f"{url}?format=csv", grow)
    assert download == QUERIES[name] - 2 * (name == "network")


@pytest.mark.parametrize("name", PAGES)
def test_pages_show_nothing_of_another_region(role_clients, data, name):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    grow_register(other, None, 1, start=50)
    make_event(
        other, title="Örebros tillfälle", start=at(2019, 3, 5), audience=Audience.CHILDREN_ADULTS
    )
    page = role_clients["head"].get(reverse(f"lasframjande:{name}")).text
    download = str(downloads(role_clients["head"], reverse(f"lasframjande:{name}")))
    for text in ("Organisation 50", "Metod 50", "Projekt 50", "Skrivarverkstad 50", "Örebro"):
        assert text not in page and text not in download


def test_network_by_kind_and_by_municipality(role_clients, region, vasteras):
    for name, kind, municipality in [
        ("Västerås stadsbibliotek", MemberKind.MUNICIPAL_LIBRARY, vasteras),
        ("Barnhälsovården", MemberKind.CHILD_HEALTH_CARE, None),
    ]:
        NetworkMember.objects.create(
            region=region,
            organisation=Organisation.objects.create(name=name, kind="other"),
            kind=kind,
            municipality=municipality,
        )
    response = role_clients["head"].get(reverse("lasframjande:network"))
    kinds = dict(response.context["kinds"])
    assert [str(m) for m in kinds["Kommunbibliotek"]] == ["Västerås stadsbibliotek"]
    assert [str(m) for m in kinds["Barnhälsovård"]] == ["Barnhälsovården"]
    assert kinds["Idrottsrörelsen"] == []
    by_municipality = {str(k): [str(m) for m in v] for k, v in response.context["municipalities"]}
    assert by_municipality == {"Västerås": ["Västerås stadsbibliotek"], "None": ["Barnhälsovården"]}
    assert "Hela länet" in response.text


def test_arena_totals_per_age_group(role_clients, register_data, vasteras):
    grow_register(register_data, vasteras, 2, start=1)
    response = role_clients["staff"].get(reverse("lasframjande:arenas"))
    totals = dict(response.context["age_groups"])
    assert totals["10–12 år"] == 15 and totals["13–15 år"] == 6 and totals["0–5 år"] == 0
    assert response.context["total"] == 21


def test_age_groups_are_listed_youngest_first_not_as_text(role_clients, region):
    arena = WritingArena.objects.create(
        region=region,
        title="Skrivarläger",
        kind=ArenaKind.WORKSHOP,
        age_groups=[AgeGroup.ADULTS, AgeGroup.AGE_10_12, AgeGroup.AGE_6_9],
        start=date(2019, 6, 10),
        place="Biblioteket",
        organiser="Biblioteket",
    )
    for group, count in [("adults", 2), ("10-12", 5), ("6-9", 3)]:
        ArenaParticipation.objects.create(arena=arena, age_group=group, count=count)
    Method.objects.create(
        region=region,
        name="Bokprat",
        age_groups=[AgeGroup.AGE_13_15, AgeGroup.AGE_6_9],
        description="Samtal om böcker.",
    )
    page = role_clients["head"].get(reverse("lasframjande:arenas")).text
    assert "För: 6–9 år, 10–12 år, Vuxna" in page
    assert "Deltagare: 6–9 år: 3; 10–12 år: 5; Vuxna: 2" in page
    assert "Målgrupp: 6–9 år, 13–15 år" in role_clients["head"].get("/lasframjande/metoder/").text


def test_adults_lists_only_events_for_adults_who_work_with_children(role_clients, data):
    make_event(
        data,
        title="Inställd sagostund",
        start=at(2019, 5, 1),
        status=EventStatus.CANCELLED,
        audience=Audience.CHILDREN_ADULTS,
    )
    response = role_clients["head"].get(reverse("lasframjande:adults"))
    titles = [event.title for event in response.context["table"].objects]
    assert titles == ["Inställd sagostund", "Lässtund för förskolepersonal"]
    assert "Digitalt först för bibliotekarier" not in response.text
    assert "Inställd" in response.text


def test_project_shows_linked_plan_activities(role_clients, data):
    year = make_frame(data, areas=[AreaApp.LASFRAMJANDE])
    activity = Activity.objects.create(
        area_year=year.area_years.get(),
        title="Förstudie om tidig språkutveckling",
        status=ActivityStatus.ONGOING,
    )
    Project.objects.get(region=data, name="Projekt 0").activities.add(activity)
    page = role_clients["head"].get(reverse("lasframjande:projects")).text
    assert "Förstudie om tidig språkutveckling (2019, Pågår)" in page


def test_inventory_counts_without_names(role_clients, register_data, vasteras):
    make_actor(register_data, "Avböjd", status=ModerationStatus.REJECTED, kinds=["festival"])
    make_actor(
        register_data,
        "Översättare och förlag",
        kinds=["translator", "publisher"],
        income_share="main",
        municipality=vasteras,
    )
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    make_actor(other, "Örebroförfattare")
    response = role_clients["head"].get(reverse("lasframjande:inventory"))
    tables = {str(table.caption): dict(table.values()) for table in response.context["tables"]}
    assert response.context["total"] == 4
    assert tables["Slag av aktör"]["Författare"] == 3
    assert tables["Slag av aktör"]["Översättare"] == 1
    assert tables["Slag av aktör"]["Festival"] == 0
    assert tables["Andel av inkomsten från litterärt arbete"]["Hälften eller mer"] == 1
    assert tables["Andel av inkomsten från litterärt arbete"]["Inget svar"] == 3
    assert tables["Kommun"] == {"Västerås": 2, "Ingen kommun angiven": 2}
    for name in ("Godkänd 0", "Ogranskad 0", "Översättare och förlag"):
        assert name not in response.text


def test_network_projects_methods_and_arenas_download(role_clients, data):
    from lasframjande.choices import ArenaKind

    head = role_clients["head"]
    rows = downloads(head, reverse("lasframjande:network"))
    assert rows == [
        ["Slag", "Organisation", "Kommun", "Kontakt", "E-post", "Med sedan"],
        [list(MemberKind)[0].label, "Organisation 0", "Hela länet", "Kontakt 0", "", "2019-03-01"],
    ]
    rows = downloads(head, reverse("lasframjande:projects"))
    assert rows[0][:3] == ["Projekt", "Fas", "Från"] and rows[0][-3:] == [
        "Parter",
        "Metoder",
        "Aktiviteter",
    ]
    assert rows[1] == ["Projekt 0", "Idé", "2019-01-01", *[""] * 5, "Organisation 0", "Metod 0", ""]
    assert downloads(head, reverse("lasframjande:methods")) == [
        ["Metod", "Målgrupp", "Beskrivning", "Har använts", "I projekt", "Länkar"],
        ["Metod 0", "0–5 år", "Beskrivning.", "", "Projekt 0", "https://example.org/"],
    ]
    rows = downloads(head, reverse("lasframjande:arenas"))
    assert rows[0][7:] == ["För", "0–5 år", "6–9 år", "10–12 år", "13–15 år", "16–19 år", "Vuxna"]
    workshop = ["Skrivarverkstad 0", ArenaKind.WORKSHOP.label, "2019-04-01", "", "Biblioteket"]
    assert rows[1] == [
        *workshop,
        "Västerås",
        "Biblioteket",
        "10–12 år",
        "0",
        "0",
        "5",
        "2",
        "0",
        "0",
    ]


def test_adults_and_inventory_download(role_clients, data):
    rows = downloads(role_clients["head"], reverse("lasframjande:adults"))
    assert rows == [
        ["Datum", "Tillfälle", "Status", "Typ", "Plats", "Arrangör", "Deltog"],
        [
            "2019-03-05",
            "Lässtund för förskolepersonal",
            "Planerad",
            "Halvdag",
            "Regionens hus",
            "Regional biblioteksverksamhet",
            "0",
        ],
    ]
    url = reverse("lasframjande:inventory")
    tables = role_clients["head"].get(url).context["tables"]
    rows = downloads(role_clients["head"], url)
    assert rows[0] == ["Fråga", "Svar", "Antal"]
    shown = [[str(t.caption), str(label), str(n)] for t in tables for label, n in t.values()]
    assert rows[1:] == shown and ["Slag av aktör", "Författare", "3"] in shown
