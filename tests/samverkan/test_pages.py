"""The samverkan pages: per role, their content, and query counts that do not grow."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from biblioteksportal.models import Municipality, Person, Region
from samverkan.choices import RolloutStatus, RuleKind, SignatureStatus
from samverkan.models import (
    AgreementParty,
    AgreementVersion,
    Decision,
    LendingRule,
    LendingRuleSet,
    Meeting,
    Membership,
    Rollout,
    Route,
    SharedSystem,
    Stop,
    WorkGroup,
)
from samverkan.services import add_parties
from tests.builders import (
    KOHA_HEADER,
    csv_bytes,
    generated,
    import_bytes,
    make_frame,
    make_user,
)
from tests.conftest import (
    READERS,
    assert_queries_constant,
    download_statuses,
    downloads,
    login,
)

PAGES = [
    "samverkan:index",
    "samverkan:agreement",
    "samverkan:work-groups",
    "samverkan:systems",
    "samverkan:lending-rules",
    "samverkan:transports",
    "samverkan:floating",
    "samverkan:back-and-forth",
]


def add_group(region, n, activities=()):
    group = WorkGroup.objects.create(region=region, name=f"Arbetsgrupp {n}", start=date(2018, 1, 1))
    person = Person.objects.create(region=region, name=f"Person {n}")
    Membership.objects.create(group=group, person=person, role="chair", start=date(2018, 1, 1))
    meeting = Meeting.objects.create(group=group, date=date(2019, 5, n % 28 + 1), agenda="1.")
    Decision.objects.create(meeting=meeting, text=f"Beslut {n}").activities.set(activities)
    return group


def add_system(region, n):
    system = SharedSystem.objects.create(region=region, name=f"System {n}")
    for municipality in Municipality.objects.filter(region=region):
        Rollout.objects.create(
            system=system,
            municipality=municipality,
            status=RolloutStatus.LIVE,
            go_live=date(2019, 3, 4),
            training=date(2019, 2, 1),
        )


def add_rules(region, n):
    rule_set = LendingRuleSet.objects.create(
        region=region, name=f"Regler {n}", effective_from=date(2019, 1, 1) + timedelta(days=n)
    )
    LendingRule.objects.create(rule_set=rule_set, kind=RuleKind.LOAN_PERIOD, value=28 + n)
    LendingRule.objects.create(rule_set=rule_set, kind=RuleKind.RENEWALS, value=3)


def add_route(region, n, libraries):
    route = Route.objects.create(
        region=region,
        name=f"Slinga {n}",
        carrier="Blod & böcker",
        weekdays=[1 + n % 5],
        start=date(2019, 1, 1),
    )
    Stop.objects.create(route=route, position=1, library=libraries["VAS"], time=time(8))
    Stop.objects.create(route=route, position=2, place="Vårdcentralen Köping")


@pytest.fixture
def cooperation(region, vasteras, koping, libraries):
    year = make_frame(region, municipalities=[vasteras])
    activity = year.area_years.get(area__app="samverkan").activities.first()
    agreement = AgreementVersion.objects.create(
        region=region, title="Samverkansavtal", version="1.0", status="final"
    )
    add_parties(agreement)
    AgreementParty.objects.filter(municipality=vasteras).update(
        status=SignatureStatus.SIGNED, date=date(2019, 12, 1), signatory="Kommunstyrelsen"
    )
    add_group(region, 0, [activity])
    add_system(region, 0)
    add_rules(region, 0)
    add_rules(region, 1)
    add_route(region, 0, libraries)
    import_bytes(region, generated(300))
    return {"activity": activity, "libraries": libraries}


def grow(region, libraries, activity):
    def grow():
        for n in range(1, 10):
            Municipality.objects.create(region=region, name=f"Kommun {n}", code=f"{1800 + n}")
            add_group(region, n, [activity])
            add_system(region, n)
            add_rules(region, n + 1)
            add_route(region, n, libraries)
        import_bytes(region, generated(3_000, first_id=10_000, seed=2))

    return grow


@pytest.mark.parametrize("name", PAGES)
def test_pages_per_role(role_clients, cooperation, name):
    url = reverse(name)
    assert role_clients["anonymous"].get(url)["Location"].startswith(reverse("login"))
    assert role_clients["reporter"].get(url).status_code == 403
    for role in ("head", "staff"):
        assert role_clients[role].get(url).status_code == 200


PINNED = {
    # session, user with profile, the page's own queries
    "samverkan:index": 4,
    "samverkan:agreement": 4,
    "samverkan:work-groups": 7,
    "samverkan:systems": 5,
    "samverkan:lending-rules": 4,
    "samverkan:transports": 5,
    "samverkan:floating": 6,
    "samverkan:back-and-forth": 6,
}


@pytest.mark.parametrize("name", PAGES)
def test_query_counts_do_not_grow(role_clients, region, cooperation, name):
    count = assert_queries_constant(
        role_clients["head"],
        reverse(name),
        grow(region, cooperation["libraries"], cooperation["activity"]),
    )
    assert count == PINNED[name]


@pytest.mark.parametrize("name", ["samverkan:systems", "samverkan:floating"])
def test_a_superuser_of_several_regions_chooses_the_region(client, cooperation, name):
    Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    login(client, make_user("root", is_superuser=True, is_staff=True))
    chooser = client.get(reverse(name)).text
    assert '?region=vastmanland"' in chooser and '?region=orebro"' in chooser
    page = client.get(reverse(name), {"region": "vastmanland"}).text
    assert "Västerås" in page and "Välj region" not in page


def test_agreement_page_counts_signatures_and_warns(role_clients, region, cooperation):
    page = role_clients["head"].get(reverse("samverkan:agreement")).text
    assert "1 av 3 parter har skrivit under." in page
    assert "Saknas: Region Västmanland, Köping." in page
    assert "ska förnyas" not in page
    AgreementVersion.objects.update(renewal_date=timezone.localdate() + timedelta(days=30))
    page = role_clients["head"].get(reverse("samverkan:agreement")).text
    assert "sv-warning" in page and "Avtalet ska förnyas senast" in page


def test_agreement_page_lists_declined_parties_apart_and_an_overdue_renewal(
    role_clients, region, koping, cooperation
):
    AgreementParty.objects.filter(municipality=koping).update(
        status=SignatureStatus.DECLINED, date=date(2019, 12, 3)
    )
    past = timezone.localdate() - timedelta(days=1)
    AgreementVersion.objects.update(renewal_date=past)
    page = role_clients["head"].get(reverse("samverkan:agreement")).text
    assert "1 av 3 parter har skrivit under." in page
    assert "Saknas: Region Västmanland." in page
    assert "Har avböjt: Köping." in page
    overdue = f"Avtalet skulle ha förnyats senast {formats.localize(past)}."
    assert f'<p class="sv-warning">{overdue}</p>' in page
    assert "ska förnyas" not in page


def test_work_groups_page(role_clients, region, cooperation):
    page = role_clients["head"].get(reverse("samverkan:work-groups")).text
    assert "Arbetsgrupp 0" in page and "Person 0" in page and "Ordförande".lower() in page
    assert "Beslut 0" in page and "Aktivitet 0" in page


def test_systems_matrix(role_clients, region, cooperation):
    page = role_clients["head"].get(reverse("samverkan:systems")).text
    assert "System 0" in page and "Köping" in page and "Västerås" in page
    assert "2 / 2" in page


def test_lending_rules_in_force_and_diff(role_clients, region, cooperation):
    url = reverse("samverkan:lending-rules")
    page = role_clients["head"].get(url, {"date": "2019-01-01"}).text
    assert "Regler 0, gäller från 1 januari 2019" in page
    first, second = LendingRuleSet.objects.order_by("effective_from")
    response = role_clients["head"].get(url, {"date": "2019-01-01", "a": first.pk, "b": second.pk})
    assert response.context["in_force"] == first
    assert response.context["diff"] == [("Lånetid (dagar)", "", 28, 29)]
    response = role_clients["head"].get(url, {"date": "2018-01-01"})
    assert response.context["in_force"] is None
    assert "Inga låneregler gäller det datumet." in response.text
    response = role_clients["head"].get(url, {"date": "inte ett datum"})
    assert "Fyll i ett giltigt datum." in response.text


def test_transports_per_library(role_clients, region, cooperation):
    response = role_clients["head"].get(reverse("samverkan:transports"))
    rows = {row["library"].name: row["days"] for row in response.context["libraries"]}
    assert rows["Västerås stadsbibliotek"] == ["måndag"]
    assert rows["Köpings stadsbibliotek"] == []
    assert "Vårdcentralen Köping" in response.text


def test_floating_page_matrix_and_net_inflow(role_clients, region, cooperation):
    url = reverse("samverkan:floating")
    response = role_clients["head"].get(url, {"start": "2019-01-01", "end": "2019-12-31"})
    flows = response.context["flows"]
    names = [lib.name for lib in flows["libraries"]]
    assert names == ["Köpings stadsbibliotek", "Sjukhusbiblioteket", "Västerås stadsbibliotek"]
    total = sum(sum(cells) for _lib, cells in flows["library_rows"])
    assert total == response.context["totals"]["total"] - response.context["totals"]["cancelled_n"]
    assert sum(row["net"] for row in flows["net"]) == 0
    assert {name for name, _ in flows["municipality_rows"]} == {"Köping", "Regionen", "Västerås"}
    assert sum(m["total"] for m in response.context["months"]) == 300


def test_floating_page_lists_cancellations_by_reason(role_clients, region, libraries):
    lines = [
        "1,10,77,T,2019-02-01,,VAS,,2019-02-02,KOP,,Reserve,WrongTransfer",
        "2,11,77,T,2019-02-01,,VAS,,2019-02-03,KOP,,Reserve,WrongTransfer",
        "3,12,77,T,2019-02-01,,VAS,,2019-02-03,KOP,,Reserve,",
        "4,13,77,T,2019-02-01,2019-02-01,VAS,2019-02-02,,KOP,,Reserve,",
    ]
    import_bytes(region, csv_bytes(lines, header=f"{KOHA_HEADER},cancellation_reason"))
    url = reverse("samverkan:floating") + "?start=2019-01-01&end=2019-12-31"
    response = role_clients["head"].get(url)
    assert response.context["cancellations"] == [
        {"cancellation_reason": "WrongTransfer", "n": 2},
        {"cancellation_reason": "", "n": 1},
    ]
    assert "Avbrutna överföringar per orsak" in response.text
    assert '<th scope="row">Ingen orsak angiven</th><td class="num">1</td>' in response.text
    rows = downloads(role_clients["head"], url)
    assert ["Avbrutna överföringar per orsak", "WrongTransfer", "Överföringar", "2"] in rows


def test_floating_page_filters_and_errors(role_clients, region, cooperation):
    url = reverse("samverkan:floating")
    response = role_clients["head"].get(
        url, {"start": "2019-06-01", "end": "2019-06-30", "reason": "Manual"}
    )
    months = response.context["months"]
    assert [m["month"].month for m in months] in ([6], [])
    response = role_clients["head"].get(url, {"start": "2019-06-01", "end": "2019-01-01"})
    assert "Slutdatum får inte vara före startdatum." in response.text
    assert response.status_code == 200


def test_back_and_forth_finds_a_b_a(role_clients, region, libraries):
    import_bytes(
        region,
        csv_bytes(
            [
                "1,10,77,Resande titel,2019-02-01,2019-02-01,VAS,2019-02-02,,KOP,,Reserve",
                "2,10,77,Resande titel,2019-02-10,2019-02-10,KOP,2019-02-11,,VAS,,Reserve",
                "3,11,77,Resande titel,2019-02-01,2019-02-01,VAS,2019-02-02,,KOP,,Reserve",
                "4,11,77,Resande titel,2019-05-10,2019-05-10,KOP,2019-05-11,,VAS,,Reserve",
                "5,12,78,Annan titel,2019-02-01,2019-02-01,VAS,2019-02-02,,KOP,,Reserve",
                "6,12,78,Annan titel,2019-02-03,2019-02-03,KOP,2019-02-04,,SJH,,Reserve",
            ]
        ),
    )
    url = reverse("samverkan:back-and-forth")
    params = {"start": "2019-01-01", "end": "2019-12-31", "days": 30}
    result = role_clients["head"].get(url, params).context["result"]
    assert (result["trips"], result["items"], result["titles"]) == (1, 1, 1)
    assert result["top"][0]["title"] == "Resande titel"
    assert str(result["pairs"][0]["a"]) == "Västerås stadsbibliotek"
    result = role_clients["head"].get(url, {**params, "days": 120}).context["result"]
    assert (result["trips"], result["items"], result["titles"]) == (2, 2, 1)
    response = role_clients["head"].get(url, {**params, "days": 0})
    assert "Ange minst 1 dag." in response.text


TRIPS = [  # item 10 goes A → B → A; item 11 too, of the same title
    "1,10,77,Resande titel,2019-02-01,2019-02-01,VAS,2019-02-02,,KOP,,Reserve",
    "2,10,77,Resande titel,2019-02-10,2019-02-10,KOP,2019-02-11,,VAS,,Reserve",
    "3,11,77,Resande titel,2019-02-01,2019-02-01,VAS,2019-02-02,,KOP,,Reserve",
    "4,11,77,Resande titel,2019-02-10,2019-02-10,KOP,2019-02-11,,VAS,,Reserve",
]


def test_back_and_forth_without_titles_shows_item_numbers_and_how_to_join_titles_in(
    role_clients, region, libraries
):
    """A file without titles (an empty title is no title): the header counts no items as
    titles, the list shows the item numbers and says how to join the titles in; importing
    the file again with titles fills them in."""
    header = "branchtransfer_id,itemnumber,daterequested,datesent,frombranch,datearrived,tobranch"
    keep = [0, 1, 4, 5, 6, 7, 9]
    plain = [",".join(line.split(",")[i] for i in keep) for line in TRIPS]
    import_bytes(region, csv_bytes(plain, header=header))
    url = reverse("samverkan:back-and-forth") + "?start=2019-01-01&end=2019-12-31&days=30"
    response = role_clients["head"].get(url)
    result = response.context["result"]
    assert (result["trips"], result["items"], result["titles"], result["untitled"]) == (2, 2, 0, 2)
    assert [t["title"] for t in result["top"]] == ["Exemplar 10", "Exemplar 11"]
    assert result["pairs"][0]["titles"] == 0
    page = response.text
    assert "2 returer fram och tillbaka, 2 exemplar, 0 titlar." in page
    assert "2 exemplar saknar titel i filen från Koha" in page
    assert "biblionumber och title" in page
    upload = reverse("admin:samverkan_transferimport_add")
    assert upload not in page  # the upload is regional staff's
    assert upload in role_clients["staff"].get(url).text

    # An empty title with the title's id: the id stands for the title.
    with_ids = [line.replace("Resande titel", "") for line in TRIPS]
    import_bytes(region, csv_bytes(with_ids))
    result = role_clients["head"].get(url).context["result"]
    assert (result["titles"], result["untitled"]) == (1, 0)
    assert [(t["title"], t["items"]) for t in result["top"]] == [("Titel-id 77", 2)]

    import_bytes(region, csv_bytes(TRIPS))  # the same transfers, now with their titles
    result = role_clients["head"].get(url).context["result"]
    assert [(t["title"], t["trips"], t["items"]) for t in result["top"]] == [
        ("Resande titel", 2, 2)
    ]
    assert "saknar titel" not in role_clients["head"].get(url).text


def test_the_upload_form_gives_the_koha_report_that_joins_titles_in(client, staff_user):
    login(client, staff_user)
    page = client.get(reverse("admin:samverkan_transferimport_add")).text
    assert "LEFT JOIN items i ON i.itemnumber = bt.itemnumber" in page
    assert "LEFT JOIN biblio b ON b.biblionumber = i.biblionumber" in page


@pytest.mark.parametrize("name", PAGES[1:])  # all but the index, a page of links
def test_downloads_per_role_and_query_counts(role_clients, region, cooperation, name):
    url = reverse(name)
    assert download_statuses(role_clients, url) == READERS
    more = grow(region, cooperation["libraries"], cooperation["activity"])
    # the page's count: the rows come from the same querysets, the templates query nothing
    assert assert_queries_constant(role_clients["head"], f"{url}?format=csv", more) == PINNED[name]


def test_agreement_work_groups_systems_and_transports_download(role_clients, cooperation):
    head = role_clients["head"]
    assert downloads(head, reverse("samverkan:agreement")) == [
        ["Part", "Status", "Datum", "Undertecknare"],
        ["Region Västmanland", "Inte skickat", "", ""],
        ["Köping", "Inte skickat", "", ""],
        ["Västerås", "Undertecknat", "2019-12-01", "Kommunstyrelsen"],
    ]
    assert downloads(head, reverse("samverkan:work-groups")) == [
        ["Arbetsgrupp", "Medlem", "Kommun", "Roll", "Från", "Till och med"],
        ["Arbetsgrupp 0", "Person 0", "", "Ordförande", "2018-01-01", ""],
    ]
    assert downloads(role_clients["staff"], reverse("samverkan:systems")) == [
        ["System", "Kommun", "Status", "Driftstart", "Utbildning"],
        ["System 0", "Köping", "I drift", "2019-03-04", "2019-02-01"],
        ["System 0", "Västerås", "I drift", "2019-03-04", "2019-02-01"],
    ]
    rows = downloads(head, reverse("samverkan:transports"))
    assert rows[0] == ["Bibliotek", "Dagar", "Slinga och tid"]
    assert ["Västerås stadsbibliotek", "måndag", "Slinga 0 (Blod & böcker) 08:00"] in rows
    assert ["Köpings stadsbibliotek", "", ""] in rows and len(rows) == 4


def test_lending_rules_download_follows_the_filters(role_clients, cooperation):
    first, second = LendingRuleSet.objects.order_by("effective_from")
    url = reverse("samverkan:lending-rules")
    rows = downloads(role_clients["head"], f"{url}?date=2019-01-01")
    assert rows[0] == ["Regler", "Gäller från", "Regel", "Medietyp", "Värde", "Anmärkning"]
    # the set in force and the two compared by the page's diff, newest first
    assert [row[:3] for row in rows[1:]] == [
        ["Regler 1", "2019-01-02", "Lånetid (dagar)"],
        ["Regler 1", "2019-01-02", "Antal omlån"],
        ["Regler 0", "2019-01-01", "Lånetid (dagar)"],
        ["Regler 0", "2019-01-01", "Antal omlån"],
    ]
    assert float(rows[3][4]) == 28 and rows[3][3] == "Alla"
    rows = downloads(role_clients["head"], f"{url}?date=2019-01-01&a={first.pk}&b={first.pk}")
    assert {row[0] for row in rows[1:]} == {"Regler 0"}


def test_floating_download_holds_the_pages_tables(role_clients, cooperation):
    url = reverse("samverkan:floating") + "?start=2019-01-01&end=2019-12-31"
    context = role_clients["head"].get(url).context
    rows = downloads(role_clients["head"], url)
    assert rows[0] == ["Tabell", "Rad", "Kolumn", "Värde"]
    tables = {}
    for table, row, column, value in rows[1:]:
        tables.setdefault(table, {})[row, column] = int(value)
    months = tables["Överföringar per månad"]
    assert [(m["month"].strftime("%Y-%m"), m["total"]) for m in context["months"]] == [
        (row, n) for (row, column), n in months.items() if column == "Överföringar"
    ]
    flows = context["flows"]
    matrix = tables["Från → till per bibliotek"]
    for library, cells in flows["library_rows"]:
        for other, n in zip(flows["libraries"], cells, strict=True):
            assert matrix[library.name, other.name] == n
    assert set(tables["Från → till per kommun"]) == {
        (a, b) for a in flows["municipalities"] for b in flows["municipalities"]
    }
    net = tables["Nettoinflöde per bibliotek"]
    assert sum(n for (_lib, column), n in net.items() if column == "Netto") == 0
    assert "Filialkoder utan bibliotek" not in tables  # every code is mapped


def test_back_and_forth_download(role_clients, region, libraries):
    import_bytes(
        region,
        csv_bytes(
            [
                "1,10,77,Resande titel,2019-02-01,2019-02-01,VAS,2019-02-02,,KOP,,Reserve",
                "2,10,77,Resande titel,2019-02-10,2019-02-10,KOP,2019-02-11,,VAS,,Reserve",
            ]
        ),
    )
    url = reverse("samverkan:back-and-forth") + "?start=2019-01-01&end=2019-12-31&days=30"
    assert downloads(role_clients["head"], url) == [
        ["Tabell", "Rad", "Kolumn", "Värde"],
        ["Per bibliotekspar", "Västerås stadsbibliotek → Köpings stadsbibliotek", "Returer", "1"],
        ["Per bibliotekspar", "Västerås stadsbibliotek → Köpings stadsbibliotek", "Exemplar", "1"],
        ["Per bibliotekspar", "Västerås stadsbibliotek → Köpings stadsbibliotek", "Titlar", "1"],
        ["Titlar som reser mest", "Resande titel", "Returer", "1"],
        ["Titlar som reser mest", "Resande titel", "Exemplar", "1"],
    ]
