"""KB's library statistics as bibstat's Excel export (.xlsx): the survey export of the fixture
(a column År) and the public open data of a year (sheet "Värden", the year in the file's name)."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from biblioteksportal.followup.importers import import_kb_excel
from biblioteksportal.followup.models import Statistic, StatisticImport

from ..builders import make_user
from ..conftest import login
from .test_importers import municipalities  # noqa: F401 (the fixture)

FIXTURES = Path(__file__).parent / "fixtures"
XLSX = (FIXTURES / "kb.xlsx").read_bytes()
PUBLIC = "Biblioteksstatistik för 2019 (2020-03-01 10.00.00).xlsx"


def value(code, year, variable="Folk54"):
    return Statistic.objects.get(
        municipality__code=code, year=year, series__code=variable, gender="T"
    ).value


def rows():
    return list(Statistic.objects.order_by("pk").values_list("pk", "value", "modified"))


def edited(cells, append=()):
    """The fixture with `cells` {(row, header): value} changed and `append` rows at rows."""
    book = load_workbook(io.BytesIO(XLSX))
    sheet = book.active
    column = {cell.value: cell.column for cell in sheet[1]}
    for (row, header), new in cells.items():
        sheet.cell(row=row, column=column[header]).value = new
    for row, values in append:
        for header, new in values.items():
            sheet.cell(row=row, column=column[header]).value = new
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def public_workbook(*libraries):
    """A workbook of bibstat's public open data export: sheets Värden and Definitioner."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Värden"
    sheet.append(["Bibliotek", "Sigel", "Bibliotekstyp", "Kommunkod", "Stad", "Externt id"])
    sheet.cell(row=1, column=7).value = "Folk54"
    sheet.cell(row=1, column=8).value = "Folk55"
    for library in libraries:
        sheet.append(library)
    definitions = book.create_sheet("Definitioner")
    definitions.append(["Folk54", "Antal bemannade serviceställen"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_good_file_then_same_file_again(municipalities):  # noqa: F811
    log = import_kb_excel(XLSX, "kb.xlsx")
    assert (log.added, log.changed, log.unchanged, log.errors) == (12, 0, 0, [])
    assert log.source == "kb"
    assert value("1980", 2019) == 202 and value("1980", 2019, "Folk55") == 15
    assert value("1983", 2019, "Folk55") == 12  # "okänt värde" is not published
    assert value("1984", 2018) == 200 and value("1984", 2019, "Folk55") == 12  # by name
    assert not Statistic.objects.filter(municipality__code="0114").exists()
    before = rows()
    again = import_kb_excel(XLSX, "kb.xlsx")
    assert (again.added, again.changed, again.unchanged, again.errors) == (0, 0, 12, [])
    assert rows() == before


def test_changed_value(municipalities):  # noqa: F811
    import_kb_excel(XLSX, "kb.xlsx")
    before = {pk: (v, m) for pk, v, m in rows()}
    log = import_kb_excel(edited({(2, "Folk54"): 150}), "kb.xlsx")
    assert (log.added, log.changed, log.unchanged, log.errors) == (0, 1, 11, [])
    assert value("1980", 2018) == 250
    changed = [pk for pk, v, m in rows() if before[pk] != (v, m)]
    assert changed == [
        Statistic.objects.get(municipality__code="1980", year=2018, series__code="Folk54").pk
    ]


def test_bad_rows_by_row_number(municipalities):  # noqa: F811
    cells = {
        (2, "Folk54"): "många",
        (3, "Kommunkod"): "19800",
        (4, "År"): 3019,
        (5, "Folk54"): -5,
        (6, "Folk54"): 1e20,
    }
    late = {"År": 2019, "Bibliotek": "Bibliotek 1980d", "Kommunkod": "1980", "Folk54": "x"}
    log = import_kb_excel(edited(cells, append=[(30, late)]), "kb.xlsx")
    assert [e["line"] for e in log.errors] == [2, 3, 4, 6, 30]
    assert log.errors[0]["message"] == "Värdet i kolumnen Folk54 är inte ett tal."
    assert log.errors[1]["message"] == "Bibliotekets kommunkod saknas eller är inte fyra siffror."
    assert log.errors[2]["message"] == "Året är inte ett år."
    assert value("1983", 2018) == -5  # a negative number is a value (row 4 is of 3019)
    assert value("1984", 2018) == 100  # row 6's huge number is left out
    assert value("1980", 2018, "Folk55") == 10  # row 2's other value, without row 3's
    assert not Statistic.objects.filter(
        municipality__code="1980", year=2018, series__code="Folk54"
    ).exists()
    assert not Statistic.objects.filter(year=3019).exists()


def test_public_open_data_of_a_year(municipalities):  # noqa: F811
    content = public_workbook(
        ["Bibliotek 1980a", "1980a", "folkbib", "1980", "Västerås", "", 7, 1],
        ["Bibliotek 1980b", "1980b", "folkbib", "1980", "Västerås", "", 8, None],
        ["Bibliotek 1984a", "1984a", "folkbib", None, "Arboga", "", 9, None],
        ["Upplands Väsby bibliotek", "0114a", "folkbib", 114, "Upplands Väsby", "", 1, 1],
    )
    log = import_kb_excel(content, PUBLIC)
    assert (log.added, log.changed, log.unchanged, log.errors) == (3, 0, 0, [])
    assert value("1980", 2019) == 15 and value("1980", 2019, "Folk55") == 1
    assert value("1984", 2019) == 9
    assert Statistic.objects.filter(year=2019).count() == 3
    unnamed = import_kb_excel(content, "kb.xlsx")
    assert unnamed.errors == [
        {"line": 0, "message": "Året saknas: filen har ingen kolumn År och filens namn inget år."}
    ]


def no_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "inte en arbetsbok")
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00" * 64,
        b"PK\x03\x04\x00\x00\x00\x00trasig",
        "Bibliotek;Kommunkod;Folk54\nÅmåls bibliotek;1980;100\n".encode("latin-1"),
        b"",
        b'{"observations": []}',
        no_workbook(),
        XLSX[: len(XLSX) // 2],
    ],
)
def test_unreadable_files_store_nothing(municipalities, content):  # noqa: F811
    log = import_kb_excel(content, "kb.xlsx")
    assert len(log.errors) == 1 and log.errors[0]["line"] == 0
    assert log.errors[0]["message"] == "Filen går inte att läsa som en Excel-fil."
    assert (log.added, log.changed, log.unchanged) == (0, 0, 0)
    assert not Statistic.objects.exists()


def test_not_kb_columns(municipalities):  # noqa: F811
    book = Workbook()
    book.active.append(["Namn", "Värde"])
    book.active.append(["Bibliotek 1980a", 1])
    out = io.BytesIO()
    book.save(out)
    log = import_kb_excel(out.getvalue(), "kb.xlsx")
    assert [e["line"] for e in log.errors] == [0] and not Statistic.objects.exists()


def test_management_command(municipalities, capsys, tmp_path):  # noqa: F811
    outputs = []
    for _run in range(2):
        call_command("import_kb", str(FIXTURES / "kb.xlsx"))
        outputs.append(capsys.readouterr().out.strip())
    (tmp_path / "export").write_bytes(XLSX)  # a workbook by its leading bytes
    call_command("import_kb", str(tmp_path / "export"))
    outputs.append(capsys.readouterr().out.strip())
    assert outputs == [
        "added 12, changed 0, unchanged 0",
        "added 0, changed 0, unchanged 12",
        "added 0, changed 0, unchanged 12",
    ]
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(SystemExit, match="^1$"):
        call_command("import_kb", str(tmp_path / "bad.xlsx"))
    assert capsys.readouterr().err == "0: Filen går inte att läsa som en Excel-fil.\n"
    assert list(StatisticImport.objects.values_list("name", flat=True).order_by("pk")) == [
        "kb.xlsx",
        "kb.xlsx",
        "export",
        "bad.xlsx",
    ]


def test_admin_upload_as_superuser(municipalities):  # noqa: F811
    client = Client()
    login(client, make_user("kb-admin", is_staff=True, is_superuser=True))  # with its OTP
    url = "/admin/followup/statisticimport/importera/"
    upload = SimpleUploadedFile("kb.xlsx", XLSX)
    response = client.post(url, {"source": "kb", "file": upload}, follow=True)
    assert "12 tillagda, 0 ändrade, 0 oförändrade, 0 fel." in response.content.decode()
    assert StatisticImport.objects.get().name == "kb.xlsx"
    # an Excel file by its leading bytes, whatever its name
    upload = SimpleUploadedFile("export", XLSX)
    response = client.post(url, {"source": "kb", "file": upload}, follow=True)
    assert "0 tillagda, 0 ändrade, 12 oförändrade, 0 fel." in response.content.decode()
    upload = SimpleUploadedFile("kb.xlsx", XLSX)
    response = client.post(url, {"source": "kolada", "file": upload})
    assert response.status_code == 200
    assert "En Excelfil kan bara importeras som KB:s biblioteksstatistik" in (
        response.content.decode()
    )
    assert StatisticImport.objects.count() == 2 and Statistic.objects.count() == 12
