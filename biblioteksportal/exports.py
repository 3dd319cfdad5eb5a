"""Every list a library head reads can be downloaded: CSV (UTF-8) and Excel (xlsx)."""

import csv
from decimal import Decimal
from io import BytesIO, StringIO

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NUMBERS = (int, float, Decimal)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CELL_HEADERS = [_("Tabell"), _("Rad"), _("Kolumn"), _("Värde")]


def cells(table, columns, rows):
    """A table of (label, values) rows as [table, label, column, value], a row per cell: a
    page with several tables puts them all in one download, under CELL_HEADERS."""
    return [
        [table, label, column, value]
        for label, values in rows
        for column, value in zip(columns, values, strict=True)
    ]


def csv_safe(value):
    """Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return
    before one) as a formula when they open a CSV file: such text gets a leading apostrophe."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def table_response(request, filename, headers, rows):
    """The download asked for with ?format=csv or ?format=xlsx, or None for the page itself.

    Numbers stay numbers; everything else is written as text (None as empty), in CSV
    neutralised against formulas, in Excel as string cells (openpyxl would make text that
    starts with = a formula) without the control characters that xlsx cannot hold.
    """
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        return None
    rows = [
        [v if isinstance(v, NUMBERS) else "" if v is None else str(v) for v in row]
        for row in [headers, *rows]
    ]
    if fmt == "csv":
        out = StringIO()
        csv.writer(out).writerows(
            [[v if isinstance(v, NUMBERS) else csv_safe(v) for v in row] for row in rows]
        )
        content = out.getvalue().encode()
    else:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = Workbook(write_only=True)
        sheet = book.create_sheet(filename[:31])

        def cell(value):
            if isinstance(value, NUMBERS):
                return value
            cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            return cell

        for row in rows:
            sheet.append([cell(v) for v in row])
        out = BytesIO()
        book.save(out)
        content = out.getvalue()
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
