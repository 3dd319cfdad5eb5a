"""The year's activities and their progress: exported, edited and imported again."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pghistory.core import event_models
from pghistory.models import Events

from biblioteksportal.followup.models import ActivityReport, Round
from biblioteksportal.models import Activity, Region
from biblioteksportal.tables import write_csv

from ..builders import grow_area_year, make_frame, make_user
from ..conftest import assert_queries_constant, download, login

URL = reverse("followup:activities", args=[2019])


@pytest.fixture
def frame(region, vasteras):
    year = make_frame(region, municipalities=[vasteras])
    Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    return year


def upload(client, content, name="aktiviteter.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def rows_of(client, fmt="csv"):
    return download(client, URL, fmt)


def events():
    return Events.objects.across(*event_models()).count()


def test_the_page_is_regional_staffs_only(role_clients, frame):
    assert role_clients["anonymous"].get(URL).status_code == 302
    assert role_clients["reporter"].get(URL).status_code == 403
    assert role_clients["head"].get(URL).status_code == 403
    page = role_clients["staff"].get(URL)
    assert page.status_code == 200 and "Aktivitet 0" in page.text


def test_another_regions_staff_finds_no_year(client, frame):
    other = Region.objects.create(name="Region Örebro", code="18", slug="orebro")
    login(client, make_user("orebro", "regional_staff", other))
    assert client.get(URL).status_code == 404


def test_the_file_exported_and_imported_unchanged_changes_nothing(role_clients, frame):
    staff = role_clients["staff"]
    for fmt, name in [("csv", "a.csv"), ("csv-excel", "a.csv"), ("xlsx", "a.xlsx")]:
        content = staff.get(f"{URL}?format={fmt}").content
        before = events()
        page = upload(staff, content, name)
        assert "0 aktiviteter ändrades, 8 var oförändrade." in page.text, fmt
        assert events() == before


def test_an_edited_file_updates_activities_and_reports_by_their_key(role_clients, frame):
    staff = role_clients["staff"]
    rows = rows_of(staff)
    header = rows[0]
    assert header[:7] == ["Nyckel", "Område", "Aktivitet", "Status", "Orsak", "Från", "Till"]
    assert header[7:] == ["T1 status", "T1 kommentar"]
    rows[1][3], rows[1][4] = "Inställd", "Ingen lokal."
    rows[1][5], rows[1][6] = "2019-02-01", "2019-03-31"
    rows[2][7], rows[2][8] = "Pågår", "Halvvägs."
    page = upload(staff, write_csv(rows))
    assert "2 aktiviteter ändrades, 6 var oförändrade." in page.text
    first = Activity.objects.get(pk=rows[1][0])
    assert (first.status, first.status_reason, first.end) == (
        "cancelled",
        "Ingen lokal.",
        date(2019, 3, 31),
    )
    report = ActivityReport.objects.get(activity=rows[2][0])
    assert (report.status, report.comment, str(report.round)) == ("ongoing", "Halvvägs.", "T1 2019")
    assert "0 aktiviteter ändrades" in upload(staff, write_csv(rows)).text  # again: nothing


def test_bad_rows_are_reported_by_line_and_nothing_changes(role_clients, frame):
    staff = role_clients["staff"]
    rows = rows_of(staff)
    rows[1][4] = "Ny orsak"  # a good row: not applied while others are bad
    rows[2][0] = "999999"
    rows[3][3] = "Kanske"
    rows[4][5] = "2019-02-30"
    rows[5][3], rows[5][4] = "Uppskjuten", ""
    rows[6][8] = "En kommentar utan status"
    rows[7][5], rows[7][6] = "2019-05-01", "2019-04-01"
    before = events()
    page = upload(staff, write_csv(rows)).text
    assert "Ingenting ändrades." in page
    for line, message in [
        (3, "Ingen aktivitet i året har nyckeln ”999999”."),
        (4, "Okänd status ”Kanske”."),
        (5, "”2019-02-30” är inget datum (ÅÅÅÅ-MM-DD)."),
        (6, "Ange en orsak när aktiviteten är uppskjuten eller inställd."),
        (7, "Ange en status för T1."),
        (8, "Slutdatum får inte vara före startdatum."),
    ]:
        assert f"Rad {line}: {message}" in page
    assert events() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Nyckel,Status\x00\n1,x\n", "Filen innehåller NUL-tecken och är ingen CSV-fil."),
        (b"", "Den skickade filen är tom."),
        (b"a,b\n1,2\n", "Kolumner saknas: Nyckel, Status, Orsak, Från, Till."),
        (b"PK\x03\x04broken", "Filen går inte att läsa som en Excel-fil."),
    ],
)
def test_a_file_that_is_no_export_gets_one_message(role_clients, frame, content, message):
    page = upload(role_clients["staff"], content)
    assert page.status_code == 200 and message in page.text


def test_a_latin1_file_with_semicolons_is_read(role_clients, frame):
    staff = role_clients["staff"]
    rows = rows_of(staff)
    rows[1][3], rows[1][4] = "Uppskjuten", "Väntar på lokalen i Köping."
    text = "\n".join(";".join(str(c) for c in row) for row in rows)
    assert "1 aktiviteter ändrades" in upload(staff, text.encode("latin-1")).text
    assert Activity.objects.get(pk=rows[1][0]).status_reason == "Väntar på lokalen i Köping."


def test_the_page_keeps_its_query_count(role_clients, frame):
    def grow():
        for area_year in frame.area_years.all():
            grow_area_year(area_year, 9)

    assert assert_queries_constant(role_clients["staff"], URL, grow) == 7
