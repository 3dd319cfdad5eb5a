"""Declared tables: one declaration for the page's table and its CSV, Excel-CSV and xlsx
downloads, safe to open in a spreadsheet program."""

import csv
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.test import RequestFactory
from openpyxl import load_workbook

from biblioteksportal.tables import Column, Table, download

HOSTILE = ["=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def table(rows, headers=("Text", "Tal")):
    return Table([Column(h, lambda row, i=i: row[i]) for i, h in enumerate(headers)], rows)


def get(fmt, *tables):
    return download(RequestFactory().get("/", {"format": fmt}), "lista", *tables)


def test_no_download_without_a_known_format():
    assert download(RequestFactory().get("/"), "lista", table([[1, 2]])) is None
    assert get("pdf", table([[1, 2]])) is None


def test_csv_neutralises_formulas_but_keeps_numbers():
    response = get("csv", table([[text, -3] for text in HOSTILE]))
    assert response["Content-Disposition"] == 'attachment; filename="lista.csv"'
    rows = list(csv.reader(StringIO(response.content.decode(), newline="")))
    assert rows[0] == ["Text", "Tal"]
    assert [row[0] for row in rows[1:]] == [f"'{text}" for text in HOSTILE]
    assert {row[1] for row in rows[1:]} == {"-3"}


def test_excel_csv_has_a_byte_order_mark_semicolons_and_decimal_commas():
    rows = [["=1", 2.5, Decimal("1.25"), 7, date(2019, 5, 1), None]]
    response = get("csv-excel", table(rows, ["A", "B", "C", "D", "E", "F"]))
    assert response["Content-Disposition"] == 'attachment; filename="lista.csv"'
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["A;B;C;D;E;F", "'=1;2,5;1,25;7;2019-05-01;"]


def test_excel_writes_text_as_text_and_numbers_as_numbers():
    rows = [[text, -3, Decimal("2.50"), date(2019, 5, 1), None] for text in HOSTILE]
    rows.append(["Styr\x07tecken", 1.5, 0, "", "x"])
    response = get("xlsx", table(rows, ["Text", "Tal", "Belopp", "Datum", "Tomt"]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    values = list(sheet.values)
    assert [row[0] for row in values[1:-1]] == HOSTILE
    assert values[1][1:] == (-3, 2.5, "2019-05-01", None)
    assert values[-1][:2] == ("Styrtecken", 1.5)


def test_several_tables_download_as_one_table_of_cells():
    first = Table([Column("Namn", "name"), Column("a", "a"), Column("b", "b")], [], "T")
    first.rows = [SimpleNamespace(name="x", a=1, b=2), SimpleNamespace(name="y", a=3, b=4)]
    second = table([["z", 5]])
    second.caption = "U"
    rows = list(csv.reader(StringIO(get("csv", first, second).content.decode())))
    assert rows == [
        ["Tabell", "Rad", "Kolumn", "Värde"],
        ["T", "x", "a", "1"],
        ["T", "x", "b", "2"],
        ["T", "y", "a", "3"],
        ["T", "y", "b", "4"],
        ["U", "z", "Tal", "5"],
    ]


def test_the_page_renders_the_same_declaration():
    people = [
        SimpleNamespace(name="<Anna>", town=None, url="/a/"),
        SimpleNamespace(name="Bo", town="Sala", url=None),
    ]
    declared = Table(
        [Column("Namn", "name", link=lambda p: p.url), Column("Ort", "town")],
        people,
        caption="Personer",
        empty="Inga personer.",
    )
    html = render_to_string("includes/table.html", {"table": declared})
    caption = f'<caption id="{declared.caption_id}">Personer</caption>'
    assert f'aria-labelledby="{declared.caption_id}"' in html and caption in html
    assert '<th scope="col">Namn</th><th scope="col">Ort</th>' in html
    assert '<th scope="row"><a href="/a/">&lt;Anna&gt;</a></th><td>–</td>' in html
    assert '<th scope="row">Bo</th><td>Sala</td>' in html
    rows = list(csv.reader(StringIO(get("csv", declared).content.decode())))
    assert rows == [["Namn", "Ort"], ["<Anna>", ""], ["Bo", "Sala"]]
    assert (
        render_to_string("includes/table.html", {"table": Table([], [], empty="Inga.")}).strip()
        == "<p>Inga.</p>"
    )
