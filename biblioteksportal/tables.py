"""Declared tables: one declaration renders a page's HTML table and its downloads.

A `Table` is a list of `Column`s (header, value, optional link and HTML) over rows; the page
renders it with templates/includes/table.html and the same declaration writes the CSV and
Excel files of the page (`respond`), built only when a download is asked for. A page with
several tables downloads them all in one file, a row per cell under CELL_HEADERS.

Formats (`?format=`): `csv` (UTF-8, commas, for data), `csv-excel` (UTF-8 with a byte order
mark, semicolons and decimal commas: what a Swedish Excel opens right on a double click) and
`xlsx`. Every text cell of a CSV file is neutralised against formulas.

On the page every table scrolls sideways in a focusable region named by its caption, with
its first column kept in view; a count matrix (`heat=True`, or `|heat_map` in a template)
shades its numeric cells by quartile, keeps the numbers and has a legend of the shades.
"""

import csv
import math
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from io import BytesIO, StringIO
from itertools import count
from operator import attrgetter
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CSV = "text/csv; charset=utf-8"
FORMATS = {
    "csv": CSV,
    "csv-excel": CSV,
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NUMBERS = (int, float, Decimal)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CELL_HEADERS = [
    gettext_lazy("Tabell"),
    gettext_lazy("Rad"),
    gettext_lazy("Kolumn"),
    gettext_lazy("Värde"),
]
HEAT_SHADES = 4
_ids = count(1)


def heat_bounds(values):
    """The highest value of each shade: the quartiles of the positive values (fewer bounds
    where they coincide); 0 and below are not shaded."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    n = len(positive)
    return sorted({positive[math.ceil(n * k / HEAT_SHADES) - 1] for k in range(1, HEAT_SHADES + 1)})


@dataclass(frozen=True)
class Column:
    """One column: its header, its value for a row (a callable or a dotted attribute name),
    and optionally the address its cell links to and the cell's HTML on the page (a callable
    returning safe HTML, for a cell that shows more than its value)."""

    header: Any
    value: Callable[[Any], Any] | str
    link: Callable[[Any], str | None] | None = None
    html: Callable[[Any], Any] | None = None
    numeric: bool = False

    def get(self, row):
        if callable(self.value):
            return self.value(row)
        try:
            return attrgetter(self.value)(row)
        except AttributeError:  # a relation that is not set (None.name)
            return None


@dataclass
class Table:
    """Columns over rows (any iterable: a queryset, a list, a generator function's result
    made into a list by the caller). `caption` names the table on the page and in a
    download of several tables; `empty` is shown when there are no rows; `heat` shades the
    numeric cells as a heat map."""

    columns: list[Column]
    rows: Iterable[Any]
    caption: Any = ""
    empty: Any = ""
    id: str = ""
    heat: bool = False
    _rows: list | None = field(default=None, repr=False)
    _number: int = field(default_factory=lambda: next(_ids), repr=False, compare=False)

    @property
    def caption_id(self):
        return f"{self.id or f'table-{self._number}'}-caption"

    @property
    def objects(self):
        if self._rows is None:
            self._rows = list(self.rows)
        return self._rows

    @property
    def headers(self):
        return [column.header for column in self.columns]

    def values(self):
        """The rows as lists of values, as a download writes them."""
        return [[column.get(row) for column in self.columns] for row in self.objects]

    def html_rows(self):
        """Each row's HTML, `<tr>` and its cells, for the include: the first cell a row
        header; a cell's own HTML, or its value ("–" for none), linked if it has a link;
        numbers marked. Written here rather than by the template: a page of 300 rows spent
        most of its time in the template's loop over the cells. A heat map's numbers are
        shaded (class heat-1 … heat-4)."""
        bounds = self.heat_bounds
        return [
            format_html(
                "<tr>{}</tr>",
                mark_safe(
                    "".join(
                        self._html_cell(column, row, i, bounds)
                        for i, column in enumerate(self.columns)
                    )
                ),
            )
            for row in self.objects
        ]

    @staticmethod
    def _html_cell(column, row, index, bounds):
        value = None
        if column.html and (html := column.html(row)) is not None:
            content = text(html)
        else:
            value = shown(column.get(row))
            content = text("–" if value is None else value)
            if column.link and (link := column.link(row)):
                content = format_html('<a href="{}">{}</a>', text(link), content)
        if index == 0:
            return f'<th scope="row">{content}</th>'
        if not column.numeric:
            return f"<td>{content}</td>"
        shade = heat_shade(value, bounds)
        return f'<td class="num{f" heat-{shade}" if shade else ""}">{content}</td>'

    @cached_property
    def heat_bounds(self):
        """The highest value of each shade of a heat map (none for another table)."""
        return heat_bounds(self._heat_values()) if self.heat else []

    def _heat_values(self):
        numeric = [i for i, column in enumerate(self.columns) if column.numeric]
        return [row[i] for row in self.values() for i in numeric if isinstance(row[i], NUMBERS)]

    def heat_legend(self):
        """[(shade, lowest, highest)] of each shade the heat map uses."""
        lows = {}
        for value in self._heat_values():
            shade = heat_shade(value, self.heat_bounds)
            lows[shade] = min(lows.get(shade, value), value)
        return [(shade, lows[shade], high) for shade, high in enumerate(self.heat_bounds, 1)]

    def cells(self):
        """[caption, row label, column, value], a row per cell: the first column labels."""
        headers = self.headers[1:]
        return [
            [self.caption, label, header, value]
            for label, *values in self.values()
            for header, value in zip(headers, values, strict=True)
        ]


def text(value):
    """A value as the template writes `{{ value }}`: in local time, localised, escaped."""
    return conditional_escape(localize(template_localtime(value)))


def heat_shade(value, bounds):
    """A value's shade 1–4 among a heat map's `bounds`; 0 (none) for 0, text or no map."""
    if not bounds or not isinstance(value, NUMBERS) or value <= 0:
        return 0
    return bisect_left(bounds, value) + 1


def heat_map(table):
    """The table as a heat map (the template filter |heat_map)."""
    return replace(table, heat=True)


def shown(value):
    """A value as the page shows it: yes or no for a truth value, the rest as Django would."""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return value


def csv_safe(value):
    """Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return
    before one) as a formula when they open a CSV file: such text gets a leading apostrophe."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def plain(value):
    """A cell's value as a file holds it: numbers stay numbers, dates ISO 8601, times in the
    portal's time zone to the minute, None empty, everything else text."""
    if isinstance(value, bool):
        return shown(value)
    if isinstance(value, NUMBERS):
        return value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(rows, excel=False):
    """The rows as CSV bytes; `excel`: the Swedish Excel dialect."""
    out = StringIO()
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",")
    for row in rows:
        writer.writerow(
            [
                (str(v).replace(".", ",") if excel and not isinstance(v, int) else v)
                if isinstance(v, NUMBERS)
                else csv_safe(v)
                for v in row
            ]
        )
    return out.getvalue().encode()


def write_xlsx(rows, sheet_name):
    """The rows as an Excel workbook: numbers stay numbers, text are string cells (openpyxl
    would make text that starts with = a formula) without the control characters that xlsx
    cannot hold."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])

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
    return out.getvalue()


def file_response(fmt, filename, headers, rows):
    """A download of `rows` under `headers` in one of FORMATS."""
    rows = [[plain(v) for v in row] for row in [headers, *rows]]
    if fmt == "xlsx":
        content = write_xlsx(rows, filename)
    else:
        content = write_csv(rows, excel=fmt == "csv-excel")
    extension = "csv" if fmt.startswith("csv") else fmt
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def download(request, filename, *tables):
    """The download asked for with ?format=, or None for the page itself. One table is
    written as it is; several as one table of cells."""
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        return None
    if len(tables) == 1:
        return file_response(fmt, filename, tables[0].headers, tables[0].values())
    return file_response(fmt, filename, CELL_HEADERS, [c for t in tables for c in t.cells()])


def respond(request, template, context, filename, *tables):
    """The page, or its download when one is asked for: the tables declared once for both."""
    return download(request, filename, *tables) or render(request, template, context)
