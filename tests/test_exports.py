"""table_response: CSV and Excel downloads, safe to open in a spreadsheet program."""

import csv
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

from django.test import RequestFactory
from openpyxl import load_workbook

from biblioteksportal.exports import cells, table_response

HOSTILE = ["=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def get(fmt, headers, rows):
    return table_response(RequestFactory().get("/", {"format": fmt}), "lista", headers, rows)


def test_no_download_without_a_known_format():
    assert table_response(RequestFactory().get("/"), "lista", ["A"], [[1]]) is None
    assert get("pdf", ["A"], [[1]]) is None


def test_csv_neutralises_formulas_but_keeps_numbers():
    response = get("csv", ["Text", "Tal"], [[text, -3] for text in HOSTILE])
    assert response["Content-Disposition"] == 'attachment; filename="lista.csv"'
    rows = list(csv.reader(StringIO(response.content.decode(), newline="")))
    assert rows[0] == ["Text", "Tal"]
    assert [row[0] for row in rows[1:]] == [f"'{text}" for text in HOSTILE]
    assert {row[1] for row in rows[1:]} == {"-3"}


def test_excel_writes_text_as_text_and_numbers_as_numbers():
    rows = [[text, -3, Decimal("2.50"), date(2019, 5, 1), None] for text in HOSTILE]
    rows.append(["Styr\x07tecken", 1.5, 0, "", "x"])
    response = get("xlsx", ["Text", "Tal", "Belopp", "Datum", "Tomt"], rows)
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    values = list(sheet.values)
    assert [row[0] for row in values[1:-1]] == HOSTILE
    assert values[1][1:] == (-3, 2.5, "2019-05-01", None)
    assert values[-1][:2] == ("Styrtecken", 1.5)


def test_cells_flatten_a_table():
    assert cells("T", ["a", "b"], [("x", [1, 2]), ("y", [3, 4])]) == [
        ["T", "x", "a", 1],
        ["T", "x", "b", 2],
        ["T", "y", "a", 3],
        ["T", "y", "b", 4],
    ]
