"""The Koha branchtransfers importer: formats, bad input, idempotence, streaming."""

import io
import tracemalloc
from io import StringIO

import pyarrow as pa
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblioteksportal.models import Region
from samverkan import koha
from samverkan.choices import ImportStatus
from samverkan.koha import detection, row_rules, storing
from samverkan.models import Transfer, TransferImport

from ..builders import KOHA_HEADER, csv_bytes, generated, import_bytes

GOOD = [
    "1,101,5001,Sommarboken,2019-03-01 10:00:00,2019-03-01 12:00:00,VAS,"
    "2019-03-03 09:00:00,,KOP,,Reserve",
    "2,101,5001,Sommarboken,2019-03-10,2019-03-10,KOP,2019-03-12,,VAS,,Reserve",
    "3,102,5002,Vinterboken,2019-04-01,,VAS,,2019-04-02,KOP,,Manual",
]


def test_import_keeps_every_field(region, libraries):
    run = import_bytes(region, csv_bytes(GOOD))
    assert run.status == ImportStatus.DONE, run.message
    assert (run.rows_read, run.rows_added, run.rows_known, run.bad_rows) == (3, 3, 0, 0)
    first = Transfer.objects.get(koha_id=1)
    assert (first.itemnumber, first.biblionumber, first.title) == (101, 5001, "Sommarboken")
    assert (str(first.sent), str(first.arrived), first.from_branch, first.to_branch) == (
        "2019-03-01",
        "2019-03-03",
        "VAS",
        "KOP",
    )
    cancelled = Transfer.objects.get(koha_id=3)
    assert cancelled.sent is None and str(cancelled.date) == "2019-04-01"
    assert str(cancelled.cancelled) == "2019-04-02" and cancelled.reason == "Manual"
    assert (run.encoding, run.delimiter, run.unmapped) == ("utf-8", ",", {})


def test_import_under_the_debug_cursor(region, libraries):
    """Under DEBUG (as in `make run`'s demo data) or a query counter, Django's cursor logs
    each query; the import's COPY goes past it."""
    with CaptureQueriesContext(connection):
        run = import_bytes(region, csv_bytes(GOOD))
        again = import_bytes(region, csv_bytes(GOOD))  # through the staging table
    assert (run.status, run.rows_added) == (ImportStatus.DONE, 3), run.message
    assert (again.status, again.rows_added, again.rows_known) == (ImportStatus.DONE, 0, 3)


def test_importing_the_same_file_again_adds_nothing(region, libraries):
    data = generated(500)
    first = import_bytes(region, data)
    second = import_bytes(region, data)
    assert first.rows_added == 500 and Transfer.objects.count() == 500
    assert (second.rows_added, second.rows_known, second.bad_rows) == (0, 500, 0)
    assert Transfer.objects.count() == 500


def test_an_import_leaves_the_date_index_summarized(region, libraries):
    """A BRIN range without a summary matches every query: a year's transfers would be read
    from the whole table until a VACUUM got there. 20,000 rows fill a few ranges of 128 pages."""
    import_bytes(region, generated(20_000))
    with connection.cursor() as cursor:
        cursor.execute("SELECT brin_summarize_new_values('transfer_region_date_brin')")
        assert cursor.fetchone() == (0,)


@pytest.mark.parametrize(
    "encoding, delimiter, expected",
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("latin-1", ";", "latin-1"),
        ("utf-8", "\t", "utf-8"),
    ],
)
def test_encodings_and_delimiters(region, libraries, encoding, delimiter, expected):
    lines = [GOOD[0].replace("Sommarboken", "Åsa-Nisse på Öland")]
    run = import_bytes(region, csv_bytes(lines, encoding=encoding, delimiter=delimiter))
    assert (run.status, run.bad_rows, run.rows_added) == (ImportStatus.DONE, 0, 1)
    assert (run.encoding, run.delimiter) == (expected, delimiter)
    assert Transfer.objects.get().title == "Åsa-Nisse på Öland"


def test_older_koha_without_id_reason_and_cancellation(region, libraries):
    """Koha 3.x: itemnumber, datesent, frombranch, datearrived, tobranch, comments."""
    header = "itemnumber,datesent,frombranch,datearrived,tobranch,comments"
    lines = ["7,2015-05-01 10:00:00,VAS,2015-05-02 10:00:00,KOP,", "8,2015-05-03,KOP,,VAS,brådis"]
    run = import_bytes(region, csv_bytes(lines, header=header))
    assert (run.status, run.rows_added, run.bad_rows) == (ImportStatus.DONE, 2, 0)
    assert Transfer.objects.get(itemnumber=8).comments == "brådis"
    assert set(Transfer.objects.values_list("koha_id", flat=True)) == {None}
    again = import_bytes(region, csv_bytes(lines, header=header))
    assert (again.rows_added, again.rows_known) == (0, 2)


def test_cancellation_reason_of_koha_22_11(region, libraries, checked):
    """Koha 22.11 added branchtransfers.cancellation_reason: read and stored, the same by the
    column checks and by the careful checks."""
    header = f"{KOHA_HEADER},cancellation_reason"
    lines = [
        "1,101,1,T,2019-04-01,,VAS,,2019-04-02,KOP,,Reserve,WrongTransfer",
        "2,102,1,T,2019-04-01,,VAS,,2019-04-02,KOP,,Reserve, Manual ",
        "3,103,1,T,2019-04-01,2019-04-01,VAS,,,KOP,,Reserve,NULL",
        "4,104,1,T,2019-04-01,,VAS,,2019-04-02,KOP,,Reserve," + "x" * 41,
    ]
    for blank in ([], [""]):  # by the column checks, then row by row
        reader = koha.Reader(io.BytesIO(csv_bytes([*blank, *lines], header=header)))
        rows, errors, _codes, _read = rows_of(reader)
        assert [(row[1], row[14]) for row in rows] == [
            (1, "WrongTransfer"),
            (2, "Manual"),
            (3, ""),
        ]
        assert errors == [[5 + len(blank), "cancellation_reason är längre än 40 tecken."]]
    # The column checks left only the long reason (line 5); row by row, every row.
    assert sorted(line for _fields, line in checked) == [3, 4, 5, 5, 6]
    run = import_bytes(region, csv_bytes(lines, header=header))
    assert run.rows_added == 3
    assert Transfer.objects.get(koha_id=1).cancellation_reason == "WrongTransfer"


OLD_HEADER = "itemnumber,datesent,frombranch,datearrived,tobranch,comments"
OLD = ["7,2015-05-01 10:00:00,VAS,2015-05-02 10:00:00,KOP,", "8,2015-05-03,KOP,,VAS,brådis"]
NEW = [
    "31,7,1,T,2015-05-01,2015-05-01 10:00:00,VAS,2015-05-02,,KOP,,Reserve",
    "32,8,1,T,2015-05-03,2015-05-03,KOP,,,VAS,brådis,Reserve",
    "33,9,1,T,2015-05-03,2015-05-03,KOP,,,VAS,,Reserve",  # not in the older export
]


@pytest.mark.parametrize("batch", [storing.BATCH, 1])
def test_the_same_transfers_before_and_after_a_koha_upgrade_are_stored_once(
    region, libraries, monkeypatch, batch
):
    """Exported before a Koha upgrade (without branchtransfer_id) and after it (with it): a
    transfer of the same item, day sent, from and to branch is stored once; the newer export
    counts it as already imported."""
    monkeypatch.setattr(storing, "BATCH", batch)
    before = import_bytes(region, csv_bytes(OLD, header=OLD_HEADER))
    after = import_bytes(region, csv_bytes(NEW))
    assert (before.rows_added, after.rows_added, after.rows_known, after.bad_rows) == (2, 1, 2, 0)
    assert sorted(Transfer.objects.values_list("itemnumber", "koha_id")) == [
        (7, None),
        (8, None),
        (9, 33),
    ]
    # …and the other way round: the older export read after the newer one adds nothing.
    again = import_bytes(region, csv_bytes(OLD, header=OLD_HEADER))
    assert (again.rows_added, again.rows_known) == (0, 2)
    Transfer.objects.all().delete()
    import_bytes(region, csv_bytes(NEW))
    older = import_bytes(region, csv_bytes(OLD, header=OLD_HEADER))
    assert (older.rows_added, older.rows_known, Transfer.objects.count()) == (0, 2, 3)


@pytest.mark.parametrize("batch", [storing.BATCH, 2])
def test_a_duplicated_id_is_reported_on_every_import(region, libraries, monkeypatch, batch):
    monkeypatch.setattr(storing, "BATCH", batch)
    lines = [GOOD[0], GOOD[1], GOOD[2], GOOD[0].replace(",101,", ",111,")]
    first, second = (import_bytes(region, csv_bytes(lines)) for _ in range(2))
    for run in (first, second):
        assert run.errors == [[5, "branchtransfer_id 1 finns redan på rad 2."]]
    assert (first.rows_added, first.rows_known, first.bad_rows) == (3, 0, 1)
    assert (second.rows_added, second.rows_known, second.bad_rows) == (0, 3, 1)


def test_missing_required_columns_fail_the_file(region, libraries):
    run = import_bytes(region, csv_bytes(["1,101,VAS"], header="branchtransfer_id,itemnumber,x"))
    assert run.status == ImportStatus.FAILED
    assert "Kolumner saknas i rubrikraden: datesent, frombranch, tobranch" in run.message
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Filen är tom."),
        (b"  \n\n", "Filen är tom."),
        (b"branchtransfer_id itemnumber\n1 2\n", "Hittar ingen avgränsare i rubrikraden."),
    ],
)
def test_unreadable_files(region, data, message):
    run = import_bytes(region, data)
    assert run.status == ImportStatus.FAILED and message in run.message


@pytest.mark.parametrize("blank", [b"", b"\n\n", b"\r\n\r\n"])
def test_header_only(region, libraries, blank):
    run = import_bytes(region, csv_bytes([]) + blank)
    assert run.status == ImportStatus.DONE
    assert run.message == "Filen innehåller inga rader efter rubrikraden."


def test_a_block_of_blank_lines_at_the_end(region, libraries, monkeypatch):
    monkeypatch.setattr("samverkan.koha.reader.BLOCK", 200)
    run = import_bytes(region, csv_bytes(GOOD) + b"\n" * 500)
    assert (run.status, run.rows_read, run.rows_added, run.bad_rows) == (ImportStatus.DONE, 3, 3, 0)


def test_bad_rows_are_reported_by_line_and_good_rows_kept(region, libraries):
    lines = [
        GOOD[0],  # line 2
        "4,abc,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,Reserve",  # 3
        "5,105,1,T,2019-01-01,2019-13-45,VAS,,,KOP,,Reserve",  # 4
        '6,106,1,T,2019-01-01,2019-01-01,VAS,,,KOP,"rad ett\nrad två",Reserve',  # 5-6
        "7,107,1,T,2019-01-01,2019-01-01,VAS,,KOP,Reserve",  # 7: a field short
        "8,108,1,T,2019-01-05,2019-01-05,VAS,2019-01-02,,KOP,,Reserve",  # 8
        "9,109,1,T,,,VAS,,,KOP,,Reserve",  # 9
        "10,110,1,T,2019-01-01,2019-01-01,,,,KOP,,Reserve",  # 10
        "1,111,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,Reserve",  # 11: duplicated id
        GOOD[1],  # 12
    ]
    run = import_bytes(region, csv_bytes(lines))
    assert run.status == ImportStatus.DONE
    assert run.errors == [
        [3, "itemnumber är inte ett heltal: ”abc”."],
        [4, "datesent är inte ett datum (ÅÅÅÅ-MM-DD): ”2019-13-45”."],
        [7, "Raden har 10 fält men rubrikraden har 12."],
        [8, "datearrived är före datesent."],
        [9, "Varken datesent eller daterequested är ifyllt."],
        [10, "frombranch saknas."],
        [11, "branchtransfer_id 1 finns redan på rad 2."],
    ]
    assert (run.rows_read, run.rows_added, run.bad_rows) == (10, 3, 7)
    assert sorted(Transfer.objects.values_list("koha_id", flat=True)) == [1, 2, 6]
    assert Transfer.objects.get(koha_id=6).comments == "rad ett\nrad två"
    assert Transfer.objects.get(koha_id=2).line == 12


def test_duplicates_across_batches_are_reported(region, libraries, monkeypatch):
    monkeypatch.setattr(storing, "BATCH", 2)
    lines = [GOOD[0], GOOD[1], GOOD[2], GOOD[0]]
    run = import_bytes(region, csv_bytes(lines))
    assert run.errors == [[5, "branchtransfer_id 1 finns redan på rad 2."]]
    assert (run.rows_added, run.rows_known, run.bad_rows) == (3, 0, 1)


def test_invalid_utf8_after_a_valid_start_is_a_bad_row(region, libraries):
    """A UTF-8 file (most of its non-ASCII characters are UTF-8) with a Latin-1 byte late in
    it: that row is a bad row, not a failed import, and the other rows keep their letters."""
    data = generated(1_000)
    assert len(data) > detection.SAMPLE
    data += "99999,1,1,Tr\xe4d,2019-01-01,2019-01-01,VAS,,,KOP,,X\n".encode("latin-1")
    run = import_bytes(region, data)
    assert run.encoding == "utf-8"
    assert run.errors == [[1_002, "Raden innehåller tecken som inte är giltig UTF-8."]]
    assert run.rows_added == 1_000


def ascii_rows(n):
    return [f"{i},{100 + i},1,T,2019-01-01,2019-01-01,VAS,,,KOP,,Reserve" for i in range(1, n)]


@pytest.mark.parametrize(
    "title, encoding, expected",
    [
        ("Träd på Öland", "latin-1", "latin-1"),
        ("Träd – “på” Öland för 5 €", "cp1252", "cp1252"),
        # 0x81 is not defined in Windows-1252: read as Latin-1, whose every byte is a letter
        ("Träd\x81", "latin-1", "latin-1"),
    ],
)
def test_a_latin1_file_whose_first_letter_comes_late_loses_no_row(
    region, libraries, title, encoding, expected
):
    """The encoding is decided from the whole file: a Latin-1 or Windows-1252 file whose
    first non-ASCII byte comes after the first block keeps every row."""
    lines = ascii_rows(3_000)
    lines += [f"{n},9{n},1,{title},2019-01-01,2019-01-01,VAS,,,KOP,,X" for n in (5000, 5001)]
    data = csv_bytes(lines, encoding=encoding)
    assert data.index(title.encode(encoding)) > detection.SAMPLE
    run = import_bytes(region, data)
    assert (run.status, run.encoding, run.errors) == (ImportStatus.DONE, expected, [])
    assert run.rows_added == len(lines)
    titles = Transfer.objects.filter(koha_id__gte=5000).values_list("title", flat=True)
    assert list(titles) == [title, title]


@pytest.mark.parametrize("end", [b"\r\n", b"\r"])
def test_windows_and_old_mac_line_ends(region, libraries, end):
    data = csv_bytes([*GOOD, "4,x,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,R"]).replace(b"\n", end)
    run = import_bytes(region, data)
    assert (run.rows_read, run.rows_added) == (4, 3)
    assert run.errors == [[5, "itemnumber är inte ett heltal: ”x”."]]


def test_a_blank_line_and_a_lone_carriage_return_in_one_block(region, libraries):
    """Arrow would read as many rows as there are line feeds, but not on their lines."""
    data = csv_bytes(["", f"{GOOD[0]}\r{GOOD[1]}", "4,x,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,R"])
    run = import_bytes(region, data)
    assert run.errors == [[5, "itemnumber är inte ett heltal: ”x”."]]
    assert list(Transfer.objects.order_by("line").values_list("line", flat=True)) == [3, 4]


def test_lines_longer_than_a_block_and_a_nul_character(region, libraries, monkeypatch):
    monkeypatch.setattr("samverkan.koha.reader.BLOCK", 16)
    lines = [*GOOD, GOOD[2].replace("Manual", "Man\0ual").replace("3,", "4,", 1)]
    run = import_bytes(region, csv_bytes(lines))
    assert (run.rows_read, run.rows_added) == (4, 3)
    assert run.errors == [[5, "Raden innehåller ett NUL-tecken (0x00)."]]
    assert Transfer.objects.get(koha_id=3).line == 4


def test_unknown_branch_codes_are_reported_not_guessed(region, libraries):
    lines = [GOOD[0], GOOD[1].replace("KOP", "XYZ"), GOOD[2].replace("VAS", "XYZ")]
    run = import_bytes(region, csv_bytes(lines))
    assert run.unmapped == {"XYZ": 2}
    assert run.rows_added == 3  # kept; counted per library once the code is mapped


def test_memory_stays_flat_with_file_size(region, libraries, monkeypatch):
    """The peak of Python's memory and of Arrow's does not grow with the file."""
    monkeypatch.setattr("samverkan.koha.reader.BLOCK", 1 << 14)
    monkeypatch.setattr(storing, "BATCH", 200)
    base = pa.default_memory_pool()

    def peak(rows, first_id):
        data = generated(rows, first_id=first_id, seed=first_id)
        run = TransferImport.objects.create(
            region=region, file=SimpleUploadedFile("bt.csv", data), file_name="bt.csv"
        )
        arrow = pa.proxy_memory_pool(base)
        pa.set_memory_pool(arrow)
        tracemalloc.start()
        try:
            koha.run_import(run)
            _, top = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            pa.set_memory_pool(base)
        assert run.rows_added == rows
        return top, arrow.max_memory()

    small, large = peak(1_000, 1), peak(8_000, 100_000)
    assert small[1] > 0  # Arrow's memory was counted
    assert large[0] < small[0] * 1.5 and large[1] < small[1] * 1.5, (small, large)


def test_command_imports_with_a_report(region, libraries, tmp_path):
    path = tmp_path / "bt.csv"
    path.write_bytes(csv_bytes([*GOOD, "4,x,1,T,2019-01-01,2019-01-01,VAS,,,ABC,,R"]))
    out = StringIO()
    call_command("import_koha_transfers", str(path), "--quiet-progress", stdout=out)
    text = out.getvalue()
    assert "4 rader lästa: 3 nya, 0 redan inlästa, 1 felaktiga." in text
    assert "rad 5: itemnumber är inte ett heltal: ”x”." in text
    assert Transfer.objects.count() == 3
    out = StringIO()
    call_command("import_koha_transfers", str(path), "--quiet-progress", stdout=out)
    assert "0 nya, 3 redan inlästa" in out.getvalue()


def test_command_takes_the_only_region_or_asks_for_one(region, libraries, tmp_path):
    path = tmp_path / "bt.csv"
    path.write_bytes(csv_bytes(GOOD))
    Region.objects.create(name="Region Gotland", code="09", slug="gotland")
    with pytest.raises(CommandError, match="Ange regionens länskod med --region"):
        call_command("import_koha_transfers", str(path), "--quiet-progress")
    assert not TransferImport.objects.exists()
    call_command("import_koha_transfers", str(path), "--region", "19", "--quiet-progress")
    assert TransferImport.objects.get().region == region


def test_command_errors(region, tmp_path):
    with pytest.raises(CommandError, match="Filen kan inte öppnas"):
        call_command("import_koha_transfers", str(tmp_path / "finns-inte.csv"))
    with pytest.raises(CommandError, match="ingen region med länskoden 99"):
        call_command("import_koha_transfers", "x.csv", "--region", "99")
    xlsx = tmp_path / "bt.xlsx"
    xlsx.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml,;|")
    with pytest.raises(CommandError, match="Filen är inte en CSV-fil"):
        call_command("import_koha_transfers", str(xlsx), "--quiet-progress")
    assert not Transfer.objects.exists()
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="Filen är tom."):
        call_command("import_koha_transfers", str(empty), "--quiet-progress")
    assert TransferImport.objects.get(file_name=str(empty)).status == ImportStatus.FAILED


TRICKY = [
    *GOOD,
    ",101,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,Reserve",  # an empty id where the column is
    "11, 102 ,1,T,2019-01-01,2019-01-01, VAS ,,,KOP,, Reserve ",  # spaces
    "12,103,NULL,NULL,NULL,2019-01-01 10:00:00,VAS,0000-00-00 00:00:00,\\N,KOP,NULL,NULL",
    "13,104,,T,2019-01-01T10:00:00,2019-01-01T10:00:00,VAS,2019-01-02T08:00,,KOP,,",
    "14,105,1,T,2019-02-30,2019-02-30,VAS,,,KOP,,Reserve",  # no such day
    "15,106,1,T,2019-01-01x,2019-01-01,VAS,,,KOP,,Reserve",
    "0,107,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,Reserve",
    "16,-108,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,Reserve",
    "17,9223372036854775808,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,Reserve",
    "18,109,1,T,2019-01-01,2019-01-01,NULL,,,KOP,,Reserve",
    "19,110,1,T,2019-01-01,2019-01-01,VAS,,,ABCDEFGHIJKLMNOPQRSTU,,Reserve",
    "20,111,1,T,2019-01-01,2019-01-01,VAS,,,KOP,," + "x" * 41,
    "21,112,1,T,2019-01-05,2019-01-05,VAS,2019-01-04,,KOP,,Reserve",
    "22,113,1,T,,,VAS,,,KOP,,Reserve",
    "23,114,1,,2019-01-05,,VAS,,,KOP,,",  # requested only
    "24,0115,1,\xa0Åsa\u2003,2019-01-05, 2019-01-05,VAS,,,KOP,NULL,",  # odd spaces, a zero
    "25,116,1,T,2019-01-05 ,2019-01-05 ,VAS,2019-01-06 ,,KOP,,",  # spaces after days
    '26,117,1,"Hav, skog ""och"" sjö",2019-01-05,,VAS,,,KOP," ja ",',  # quoted
    "27,118,1," + "Ö" * 499 + "ö ,2019-01-05,,VAS,,,KOP,,",  # long, ends with a space
    "28,119,1,1_000,2019-01-05,,VAS,,,KOP,,",
    "29,1_000,1,T,2019-01-05,,VAS,,,KOP,,",
]


def rows_of(reader):
    """The reader's rows in line order, and its report."""
    rows = [
        row for table in reader.tables() for row in zip(*table.to_pydict().values(), strict=True)
    ]
    rows.sort(key=lambda row: row[-1])
    return rows, sorted(reader.errors), reader.codes, reader.rows_read


@pytest.fixture
def checked(monkeypatch):
    """The (fields, line) of each row that goes through the row rules."""
    calls = []
    careful = row_rules.check
    monkeypatch.setattr(
        row_rules,
        "check",
        lambda fields, line, layout: calls.append((fields, line)) or careful(fields, line, layout),
    )
    return calls


@pytest.mark.parametrize(
    "header", [None, "itemnumber,datesent,frombranch,datearrived,tobranch,comments"]
)
def test_the_column_checks_read_every_row_as_the_careful_checks_do(header, checked):
    """Rows that the column rules take come out as the row rules (`row_rules.check`) read
    them, and every row they leave goes to `check`: the same rows and the same report as a
    block read row by row with Python's csv module (which a blank line brings about)."""
    if header:  # an older Koha: the same values, fewer columns
        columns = koha.COLUMNS
        keep = [columns.index(name) for name in header.split(",")]
        lines = [
            ",".join(line.split(",")[i] for i in keep) for line in TRICKY if line.count(",") == 11
        ]
    else:
        header, lines = KOHA_HEADER, TRICKY
        assert len(lines) == 24
    by_columns = rows_of(koha.Reader(io.BytesIO(csv_bytes(lines, header=header))))
    from_columns = sorted(line for _fields, line in checked)
    checked.clear()
    by_rows = rows_of(koha.Reader(io.BytesIO(csv_bytes(["", *lines], header=header))))
    assert len(checked) == len(lines)  # each row of the block went through `check`
    assert len(from_columns) < len(lines)  # …not so the column checks
    # The blank line moved every row one line down.
    rows, errors, codes, read = by_rows
    rows = [(*row[:-1], row[-1] - 1) for row in rows]
    errors = [[line - 1, message] for line, message in errors]
    assert by_columns == (rows, errors, codes, read)
    assert len(rows) + len(errors) == len(lines) == read
    if header == KOHA_HEADER:
        assert [line for line, _message in errors] == [5, *range(9, 19)]
        titles = {row[1]: row[4] for row in rows}
        assert titles[24] == "Åsa" and titles[26] == 'Hav, skog "och" sjö'
        assert titles[27] == "Ö" * 499 + "ö" and titles[28] == "1_000"
        assert [row[2] for row in rows if row[1] in (11, 24, 29)] == [102, 115, 1000]
        assert [row[12] for row in rows if row[1] in (24, 26)] == ["", " ja "]
        # The column checks left the rows whose values need a closer look.
        assert from_columns == [5, 6, 7, *range(9, 19), 20, 25]


def test_the_usual_rows_take_the_column_checks(checked):
    reader = koha.Reader(io.BytesIO(generated(300) + csv_bytes([TRICKY[3]], header="")[1:]))
    assert sum(table.num_rows for table in reader.tables()) == 300
    assert [fields[0] for fields, _line in checked] == [""]  # only the row with an empty id


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_line_breaks_inside_quotes_keep_the_column_checks(region, libraries, checked, end):
    """A block with line breaks inside quoted values is still checked by columns, and each
    row keeps the line it begins on."""
    lines = [
        GOOD[0].replace(",,Reserve", ',"rad ett\nrad två\nrad tre",Reserve'),  # lines 2-4
        "4,x,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,R",  # 5
        GOOD[1].replace(",,Reserve", ',"a\nb",Reserve'),  # 6-7
        GOOD[2],  # 8
    ]
    run = import_bytes(region, csv_bytes(lines).replace(b"\n", end.encode()))
    assert run.errors == [[5, "itemnumber är inte ett heltal: ”x”."]]
    assert [line for _fields, line in checked] == [5]  # only the bad row went to `check`
    assert list(Transfer.objects.order_by("line").values_list("line", "comments")) == [
        (2, end.join(["rad ett", "rad två", "rad tre"])),
        (6, f"a{end}b"),
        (8, ""),
    ]


def test_a_quoted_line_break_across_blocks(region, libraries, monkeypatch):
    """A block ends inside a quoted value: the rest of the value is read from the next block,
    and the line numbers after it stay right."""
    monkeypatch.setattr("samverkan.koha.reader.BLOCK", 300)
    comment = '"' + "rad\n" * 40 + '"'
    lines = [GOOD[0].replace(",,Reserve", f",{comment},Reserve"), *GOOD[1:], GOOD[2]]
    run = import_bytes(region, csv_bytes(lines))
    assert (run.rows_read, run.rows_added, run.bad_rows) == (4, 3, 1)
    assert run.errors == [[45, "branchtransfer_id 3 finns redan på rad 44."]]
    assert Transfer.objects.get(koha_id=1).comments == "rad\n" * 40
    assert list(Transfer.objects.order_by("line").values_list("line", flat=True)) == [2, 43, 44]


def test_a_failed_upload_can_be_started_again_once(region, libraries, role_clients, run_jobs):
    """A running import offers no restart (the queue retries a job whose worker stopped); a
    failed one is queued again once, and rows already there are not added twice."""
    from django.urls import reverse

    run = TransferImport.objects.create(
        region=region, file=SimpleUploadedFile("t.csv", csv_bytes(GOOD)), file_name="t.csv"
    )
    run.status = ImportStatus.RUNNING
    run.save()
    page, restart = (
        reverse("samverkan:import", args=[run.pk]),
        reverse("samverkan:import-restart", args=[run.pk]),
    )
    staff = role_clients["staff"]
    assert "Starta importen igen" not in staff.get(page).content.decode()
    assert staff.post(restart).status_code == 302  # still running: refused
    assert not run_jobs.queue.jobs

    TransferImport.objects.filter(pk=run.pk).update(status=ImportStatus.FAILED)
    assert "Starta importen igen" in staff.get(page).content.decode()
    assert role_clients["head"].post(restart).status_code == 403
    assert role_clients["anonymous"].post(restart).status_code == 302
    assert not run_jobs.queue.jobs

    staff.post(restart)
    staff.post(restart)  # once
    assert [job["args"] for job in run_jobs.queue.jobs.values()] == [{"run_id": run.pk}]
    run.refresh_from_db()
    assert run.status == ImportStatus.PENDING
    run_jobs()
    run.refresh_from_db()
    assert (run.status, run.rows_added) == (ImportStatus.DONE, 3)
