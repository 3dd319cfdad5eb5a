"""Every list a library head reads can be downloaded: CSV (UTF-8) and Excel (xlsx)."""

import csv
from io import BytesIO, StringIO

from django.http import HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(request, filename, headers, rows):
    """The download asked for with ?format=csv or ?format=xlsx, or None for the page itself."""
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        return None
    headers = [str(h) for h in headers]
    rows = [["" if value is None else value for value in row] for row in rows]
    if fmt == "csv":
        out = StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows([[str(v) for v in row] for row in rows])
        content = out.getvalue().encode()
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(filename[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([v if isinstance(v, int | float) else str(v) for v in row])
        out = BytesIO()
        book.save(out)
        content = out.getvalue()
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
