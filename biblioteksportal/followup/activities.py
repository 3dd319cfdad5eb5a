"""The year's activities and their progress in one file format: exported (CSV or Excel, the
declared table of the page), edited, and imported again. The import updates each activity by
its key (its number in the portal), reports bad rows by line and, when any row is bad,
changes nothing; a file exported and imported unchanged changes nothing."""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO, StringIO

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal.choices import ActivityStatus
from biblioteksportal.documents import UnreadableFile, detect_encoding, workbook_rows
from biblioteksportal.models import NOT_DONE, REASON_NEEDED, Activity
from biblioteksportal.tables import FORMULA_START, Column, Table

from .models import ActivityReport

KEY, AREA, TITLE, STATUS, REASON, START, END = (
    gettext_lazy("Nyckel"),
    gettext_lazy("Område"),
    gettext_lazy("Aktivitet"),
    gettext_lazy("Status"),
    gettext_lazy("Orsak"),
    gettext_lazy("Från"),
    gettext_lazy("Till"),
)
MAX_ROWS = 10_000


def _round_headers(round_):
    return (
        _("%(period)s status") % {"period": round_.label},
        _("%(period)s kommentar") % {"period": round_.label},
    )


def activities(year):
    """The year's activities with their area and their reports, in the file's order."""
    return list(
        Activity.objects.filter(area_year__year=year)
        .select_related("area_year__area")
        .prefetch_related("reports")
        .order_by("area_year__area__position", "parent_id", "position", "pk")
    )


def table(year, rounds):
    """The declared table of the page and of its download."""

    def report(activity, round_):
        return next((r for r in activity.reports.all() if r.round_id == round_.pk), None)

    columns = [
        Column(KEY, "pk", numeric=True),
        Column(AREA, "area_year.area.name"),
        Column(TITLE, "title"),
        Column(STATUS, lambda a: a.get_status_display()),
        Column(REASON, "status_reason"),
        Column(START, "start"),
        Column(END, "end"),
    ]
    for round_ in rounds:
        status, comment = _round_headers(round_)
        columns += [
            Column(status, lambda a, r=round_: (x := report(a, r)) and x.get_status_display()),
            Column(comment, lambda a, r=round_: (x := report(a, r)) and x.comment),
        ]
    return Table(columns, activities(year), _("Aktiviteter %(year)s") % {"year": year.year})


def read_table(content):
    """[(line, [cell text])] of an Excel or CSV file (UTF-8, Windows-1252 or Latin-1; commas
    or semicolons), the header row first."""
    if content.startswith(b"PK"):
        return [
            (line, ["" if v is None else v for v in row]) for line, row in workbook_rows(content)
        ]
    if b"\0" in content:
        raise UnreadableFile(_("Filen innehåller NUL-tecken och är ingen CSV-fil."))
    text = content.decode(detect_encoding(BytesIO(content)), errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(enumerate(csv.reader(StringIO(text), delimiter=delimiter), start=1))
    except csv.Error:
        raise UnreadableFile(_("Filen går inte att läsa som CSV.")) from None


def _text(value):
    text = "" if value is None else str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_START):
        text = text[1:]  # the apostrophe the export put before a formula character
    return text


def _status(text):
    if not text:
        return None
    for status in ActivityStatus:
        if text.lower() in (status.value, str(status.label).lower()):
            return status.value
    raise ValueError(_("Okänd status ”%(status)s”.") % {"status": text})


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("”%(date)s” är inget datum (ÅÅÅÅ-MM-DD).") % {"date": text}) from None


@dataclass
class Result:
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # [(line, message)]


def import_file(year, rounds, content):
    """Update the year's activities and their reports from an exported file; nothing when a
    row is bad (Result.errors), in one transaction."""
    result = Result()
    try:
        rows = read_table(content)
    except UnreadableFile as error:
        result.errors.append((1, str(error)))
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append((1, _("Filen har fler än %(n)s rader.") % {"n": MAX_ROWS}))
        return result
    headers = [_text(h) for h in rows[0][1]] if rows else []
    wanted = [str(h) for h in (KEY, STATUS, REASON, START, END)]
    if missing := [h for h in wanted if h not in headers]:
        result.errors.append((1, _("Kolumner saknas: %(names)s.") % {"names": ", ".join(missing)}))
        return result
    known = {a.pk: a for a in activities(year)}
    changes = []
    for line, cells in rows[1:]:
        if not any(_text(c) for c in cells):
            continue
        row = dict(zip(headers, cells, strict=False))
        try:
            changes.append(_row_changes(row, known, rounds))
        except ValueError as error:
            result.errors.append((line, str(error)))
    if result.errors:
        return result
    with transaction.atomic():
        for activity, fields, reports in changes:
            if not fields and not reports:
                result.unchanged += 1
                continue
            result.changed += 1
            if fields:
                for name, value in fields.items():
                    setattr(activity, name, value)
                activity.save(update_fields=[*fields, "modified"])
            for round_, status, comment in reports:
                ActivityReport.objects.update_or_create(
                    activity=activity, round=round_, defaults={"status": status, "comment": comment}
                )
    return result


def _row_changes(row, known, rounds):
    key = _text(row.get(str(KEY)))
    try:
        activity = known[int(float(key))]
    except (ValueError, KeyError, OverflowError):
        raise ValueError(
            _("Ingen aktivitet i året har nyckeln ”%(key)s”.") % {"key": key[:50]}
        ) from None
    new = {
        "status": _status(_text(row.get(str(STATUS)))) or activity.status,
        "status_reason": _text(row.get(str(REASON))),
        "start": _date(row.get(str(START))),
        "end": _date(row.get(str(END))),
    }
    if new["status"] in NOT_DONE and not new["status_reason"]:
        raise ValueError(REASON_NEEDED)
    if new["start"] and new["end"] and new["end"] < new["start"]:
        raise ValueError(_("Slutdatum får inte vara före startdatum."))
    fields = {k: v for k, v in new.items() if getattr(activity, k) != v}
    existing = {r.round_id: r for r in activity.reports.all()}
    reports = []
    for round_ in rounds:
        status_header, comment_header = _round_headers(round_)
        if status_header not in row:
            continue
        status = _status(_text(row.get(status_header)))
        comment = _text(row.get(comment_header))
        if status is None:
            if comment:
                raise ValueError(_("Ange en status för %(period)s.") % {"period": round_.label})
            continue
        if status in NOT_DONE and not comment:
            raise ValueError(REASON_NEEDED)
        old = existing.get(round_.pk)
        if old is None or (old.status, old.comment) != (status, comment):
            reports.append((round_, status, comment))
    return activity, fields, reports
