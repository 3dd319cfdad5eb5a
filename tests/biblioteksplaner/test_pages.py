"""The county overview and the public register, per role, with pinned query counts."""

import csv
import datetime
import io
import json
import re

from django.urls import reverse

from biblioteksplaner import services
from biblioteksplaner.choices import AdoptingBody, ReportState
from biblioteksplaner.models import LibraryPlan, Report
from biblioteksportal.models import Municipality, Region

from ..builders import PDF, grow_county, make_plan
from ..conftest import READERS, assert_queries_constant, download_statuses, downloads

D = datetime.date
OVERVIEW = reverse("biblioteksplaner:overview")
REGISTER = reverse("biblioteksplaner:register")


def county(region, vasteras, koping):
    make_plan(vasteras, D(2015, 1, 1), D(2019, 12, 31), title="Västerås plan")
    old = make_plan(koping, D(2014, 1, 1), D(2017, 12, 31), title="Köpings gamla plan")
    services.extend_plan(old, AdoptingBody.COMMITTEE, D(2017, 11, 1), D(2018, 12, 31))
    make_plan(region, D(2016, 1, 1), D(2023, 12, 31), title="Regional biblioteksplan")


def test_overview_per_role(role_clients, region, vasteras, koping):
    county(region, vasteras, koping)
    assert role_clients["anonymous"].get(OVERVIEW).status_code == 302
    assert role_clients["reporter"].get(OVERVIEW).status_code == 403
    for role in ("head", "staff"):
        page = role_clients[role].get(OVERVIEW + "?datum=2019-06-01&ar=2020").text
        assert "Västerås plan" in page and "Regional biblioteksplan" in page
        assert "<svg" in page and "Planernas giltighet" in page


def test_overview_statuses_counts_and_lacking(role_clients, region, vasteras, koping):
    county(region, vasteras, koping)
    survey_round = services.open_round(services_round(region, "Uppföljning 2019", D(2019, 10, 31)))
    Report.objects.filter(round=survey_round, municipality=koping).update(
        state=ReportState.APPROVED,
        drafting=True,
        expected_adoption=D(2020, 6, 30),
        submitted=D(2019, 5, 15),  # answered early, before the date shown
    )
    response = role_clients["head"].get(OVERVIEW + "?datum=2019-06-01&ar=2020")
    rows = {row.name: row for row in response.context["rows"]}
    assert rows["Västerås"].status.code == "expiring"
    assert rows["Köping"].status.code == "drafting"  # ended 2018, a new plan is being drafted
    assert rows["Köping"].status.expected == D(2020, 6, 30)
    assert rows["Köping"].kb_current and rows["Köping"].grant
    assert rows["Region Västmanland"].status.code == "current"
    counts = {code: n for code, _, n in response.context["counts"]}
    assert counts == {"current": 0, "expiring": 1, "expired": 0, "missing": 0, "drafting": 1}
    page = response.text
    assert "◐</span> Går ut" in page and "✎</span> Under arbete" in page
    assert [row.name for row in response.context["lacking"]] == ["Köping", "Västerås"]
    assert "1 av 2" in page  # the response rate of the round
    assert "2017-12-31 → 2018-12-31" in page  # the extension in the data table
    bars = re.findall(r'<rect x="([^"]+)" y="[^"]+" width="([^"]+)"', page)
    assert len(bars) == 3 and all(re.fullmatch(r"[0-9.]+", v) for bar in bars for v in bar)


def services_round(region, title, deadline):
    from biblioteksplaner.models import SurveyRound

    return SurveyRound(region=region, title=title, year=deadline.year, deadline=deadline)


def test_overview_bad_filters_get_messages(role_clients, region):
    page = role_clients["staff"].get(OVERVIEW + "?datum=igår&ar=1").text
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in page
    assert "Ange ett år mellan 2000 och 2100." in page


def test_overview_shows_only_the_own_region(role_clients, region, vasteras, koping):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    orebro = Municipality.objects.create(region=other, name="Örebro", code="1880")
    make_plan(orebro, D(2016, 1, 1), D(2019, 12, 31), title="Örebros plan")
    page = role_clients["head"].get(OVERVIEW).text
    assert "Örebro" not in page and "Västerås" in page


def test_overview_query_count_does_not_grow(role_clients, region, vasteras, koping):
    county(region, vasteras, koping)
    count = assert_queries_constant(role_clients["head"], OVERVIEW, lambda: grow_county(region, 20))
    assert count == 9  # the page's eight, and the municipalities without a reporter
    download = OVERVIEW + "?datum=2019-06-01&format=xlsx"
    assert assert_queries_constant(role_clients["head"], download, lambda: grow_county(region)) == 8


def test_overview_download_holds_the_pages_tables(role_clients, region, vasteras, koping):
    county(region, vasteras, koping)
    url = OVERVIEW + "?datum=2019-06-01&ar=2020"
    assert download_statuses(role_clients, url) == READERS
    rows = downloads(role_clients["head"], url)
    assert rows[0] == ["Tabell", "Rad", "Kolumn", "Värde"]
    cells = {(table, row, column): value for table, row, column, value in rows[1:]}
    status = "Status 2019-06-01"
    assert cells[status, "Västerås", "Status"] == "Går ut"
    assert cells[status, "Västerås", "Plan"] == "Västerås plan"
    assert cells[status, "Västerås", "Gäller till och med"] == "2019-12-31"
    assert cells[status, "Köping", "Status"] == "Utgången"
    assert cells[status, "Köping", "Saknar giltig plan under hela 2020"] == "Ja"
    assert cells[status, "Region Västmanland", "Aktuell enligt KB:s räkning"] == "Ja"
    assert {row for table, row, _column in cells if table == status} == {
        "Region Västmanland",
        "Köping",
        "Västerås",
    }
    assert cells["Antal per status", "Går ut", "Antal kommuner"] == "1"
    validity = "Planernas giltighet"
    assert cells[validity, "Köping: Köpings gamla plan", "Förlängd"] == "2017-12-31 → 2018-12-31"
    assert cells[validity, "Region Västmanland: Regional biblioteksplan", "Från"] == "2016-01-01"
    assert not [row for row in rows if row[0] == "Svarsfrekvens per uppföljning"]
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Örebro", code="1880")
    assert "Örebro" not in str(downloads(role_clients["head"], url))


def test_public_register_for_everyone(role_clients, region, vasteras, koping):
    county(region, vasteras, koping)
    for role in ("anonymous", "reporter", "head", "staff"):
        page = role_clients[role].get(REGISTER).text
        assert "Regional biblioteksplan" in page and "Västerås" in page


def test_public_register_shows_no_drafts_or_reviewer_comments(client, region, koping, vasteras):
    county(region, vasteras, koping)
    survey_round = services.open_round(services_round(region, "U 2019", D(2019, 10, 31)))
    Report.objects.filter(round=survey_round, municipality=koping).update(
        state=ReportState.RETURNED,
        plan_title="Hemligt utkast",
        reviewer_comment="Intern kommentar",
        has_plan=True,
    )
    for url in (
        REGISTER,
        reverse("biblioteksplaner:register-owner", args=["1983"]),
        reverse("biblioteksplaner:register-csv"),
        reverse("biblioteksplaner:register-json"),
    ):
        text = client.get(url).content.decode()
        assert "Hemligt utkast" not in text and "Intern kommentar" not in text


def test_owner_page_shows_the_history_with_extensions(client, region, vasteras, koping):
    county(region, vasteras, koping)
    page = client.get(reverse("biblioteksplaner:register-owner", args=["1983"])).text
    assert "Köpings gamla plan" in page and "Nämnd 2017-11-01: till 2018-12-31" in page
    page = client.get(reverse("biblioteksplaner:register-owner", args=["19"])).text
    assert "Regional biblioteksplan" in page
    assert client.get(reverse("biblioteksplaner:register-owner", args=["9999"])).status_code == 404


def test_csv_and_json_downloads(client, region, vasteras, koping):
    county(region, vasteras, koping)
    response = client.get(reverse("biblioteksplaner:register-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    koping_row = next(r for r in rows if r["namn"] == "Köping")
    assert koping_row["galler_till"] == "2018-12-31" and koping_row["forlangd"] == "2017-11-01"
    assert koping_row["antagen_av"] == "Kommunfullmäktige" and koping_row["kod"] == "1983"
    data = json.loads(client.get(reverse("biblioteksplaner:register-json")).content)
    records = data["biblioteksplaner"]
    assert len(records) == len(rows) == 3
    assert {r["titel"] for r in records} == {r["titel"] for r in rows}


def test_the_open_data_csv_neutralises_formulas(client, region, vasteras):
    make_plan(vasteras, D(2015, 1, 1), D(2019, 12, 31), title='=HYPERLINK("http://x")')
    response = client.get(reverse("biblioteksplaner:register-csv"))
    assert response["Content-Disposition"] == 'attachment; filename="biblioteksplaner.csv"'
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["titel"] == '\'=HYPERLINK("http://x")'
    assert row["galler_fran"] == "2015-01-01" and row["kod"] == "1980"
    data = json.loads(client.get(reverse("biblioteksplaner:register-json")).content)
    assert data["biblioteksplaner"][0]["titel"] == '=HYPERLINK("http://x")'  # JSON as it is


def test_plan_documents_are_public_and_safe(client, region, vasteras, media):
    from django.core.files.base import ContentFile

    plan = make_plan(vasteras, D(2015, 1, 1), D(2019, 12, 31), title="Plan")
    plan.document.save("x.pdf", ContentFile(PDF))
    response = client.get(reverse("biblioteksplaner:plan-document", args=[plan.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="Plan.pdf"'
    plain = make_plan(vasteras, D(2020, 1, 1), D(2021, 12, 31), title="Utan dokument")
    assert client.get(reverse("biblioteksplaner:plan-document", args=[plain.pk])).status_code == 404


def test_register_query_counts_do_not_grow(client, region, vasteras, koping):
    county(region, vasteras, koping)
    urls = [
        REGISTER,
        reverse("biblioteksplaner:register-owner", args=["1980"]),
        reverse("biblioteksplaner:register-csv"),
        reverse("biblioteksplaner:register-json"),
    ]
    urls += [f"{REGISTER}?format=csv", f"{urls[1]}?format=xlsx"]
    counts = [assert_queries_constant(client, url, lambda: grow_county(region)) for url in urls]
    # the register: regions, plans and municipalities (no extensions), the page its cache key
    assert counts == [4, 4, 4, 4, 3, 4]


def test_register_pages_download_for_everyone(role_clients, region, vasteras, koping):
    county(region, vasteras, koping)
    owner = reverse("biblioteksplaner:register-owner", args=["1983"])
    for url in (REGISTER, owner):
        assert set(download_statuses(role_clients, url).values()) == {200}
    rows = downloads(role_clients["anonymous"], REGISTER)
    assert rows[0] == [
        "Kommun eller region",
        "Kod",
        "Status",
        "Plan",
        "Gäller från",
        "Gäller till och med",
        "Antagen av",
        "Beslutsdatum",
        "Dokument",
    ]
    # the status today: every plan of the test county has ended
    assert [row[:3] for row in rows[1:]] == [
        ["Region Västmanland", "19", "Utgången"],
        ["Köping", "1983", "Utgången"],
        ["Västerås", "1980", "Utgången"],
    ]
    region_plan = ["Regional biblioteksplan", "2016-01-01", "2023-12-31", "Kommunfullmäktige"]
    assert rows[1][3:8] == [*region_plan, "2016-01-01"]
    assert rows[2][3:6] == ["Köpings gamla plan", "2014-01-01", "2018-12-31"]
    LibraryPlan.objects.filter(title="Västerås plan").update(document_url="https://example.org/p")
    assert downloads(role_clients["head"], REGISTER)[3][8] == "https://example.org/p"
    assert downloads(role_clients["anonymous"], owner) == [
        [
            "Plan",
            "Antagen av",
            "Beslutsdatum",
            "Gäller från",
            "Gäller till och med",
            "Förlängningar",
            "Dokument",
        ],
        [
            "Köpings gamla plan",
            "Kommunfullmäktige",
            "2014-01-01",
            "2014-01-01",
            "2018-12-31",
            "Nämnd 2017-11-01: till 2018-12-31",
            "",
        ],
    ]


def test_a_document_missing_on_disk_is_404_not_500(client, region, vasteras):
    plan = make_plan(vasteras, D(2015, 1, 1), D(2019, 12, 31), document="biblioteksplaner/x.pdf")
    assert client.get(reverse("biblioteksplaner:plan-document", args=[plan.pk])).status_code == 404
