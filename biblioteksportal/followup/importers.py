"""Importers of national statistics from files in their published formats: Kolada's API
response (v2 and v3 share the "values" shape) and KB's library statistics open data
(JSON-LD observations of libris/bibstat's /data API).

KB mapping: bibstat's OpenData.to_dict gives each observation "@id", "@type", "library"
({"@id": ".../library/<sigel>", "name": ...}), "sampleYear", "targetGroup", "published",
"modified" and the variable as its own key ("Folk54": 123). The library carries no
municipality, so it is found as a "municipality_code" in the library object when present
(an extension), else by the portal's Library of the same name (unique by name) and its
municipality. The libraries' values are summed per municipality, year and variable, gender T.
An older form {"variable": {"key": ...} or "Folk54", "value": ...} is accepted too.

KB's Excel export (.xlsx) comes in bibstat's two layouts (libstat/services/excel_export.py), both
one row per library under a header row 1, and is read by the header's names:
- the public open data of a year (`_published_open_data_as_workbook`, the download
  "Biblioteksstatistik för 2019 (2020-03-01 10.00.00).xlsx"): sheet "Värden" with the columns
  Bibliotek, Sigel, Bibliotekstyp, Kommunkod, Stad, Externt id, then one column per public
  variable ("Folk54"); a sheet "Definitioner" of the variables is ignored. It has no year
  column: the year is the first four-digit year of the file's name;
- the survey export (`surveys_to_excel_workbook`, "Exporterade enkätsvar (…).xlsx"): År,
  Bibliotek, Sigel, Bibliotekstyp, Status, Email, Kommunkod, Stad, Adress, Postkod, Huvudman,
  Kan publiceras?, Samredovisar andra bibliotek, Samredovisas, Redovisas av, the variables,
  then Samredovisat bibliotek, Gatuadress, Postnummer. The year is the row's År; a row whose
  Status is not "Publicerad" is not published and skipped, as is a value "okänt värde".
Every other column is a variable. The library's municipality is its Kommunkod (a number
without its leading zero is padded to four digits), else the portal's Library of the same name
(unique by name). Empty cells are not published. As for JSON-LD, the libraries' values are
summed per municipality, year and variable, gender T; bad rows are reported by their row
number in the sheet, a file that cannot be read as a workbook at line 0."""

import json
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from biblioteksportal.documents import UnreadableFile, workbook_rows
from biblioteksportal.models import Library, Municipality

from .choices import Gender, StatisticSource
from .models import Statistic, StatisticImport, StatisticSeries

CODE = re.compile(r"^[0-9]{4}$")
LIMIT = Decimal("1e14")


def _load(file_bytes):
    """The parsed JSON, or a Swedish message why the file cannot be read."""
    if b"\x00" in file_bytes:
        return None, _("Filen innehåller NUL-tecken och kan inte läsas.")
    try:
        text = file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _("Filen är inte kodad som UTF-8.")
    try:
        return json.loads(text), None
    except (ValueError, RecursionError):
        return None, _("Filen är inte giltig JSON.")


def _number(raw):
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= LIMIT:
        return None
    return value.quantize(Decimal("0.0001"))


def _year(raw):
    if isinstance(raw, bool):
        return None
    try:
        year = int(str(raw)[:4]) if isinstance(raw, str) else int(raw)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 and str(raw).strip()[:4] == str(year) else None


def _store(source, name, user, rows, errors):
    """Upsert rows {(code, municipality_code, year, gender): value}; counts what changed."""
    log = StatisticImport(source=source, name=name[:300], user=user, errors=errors)
    with transaction.atomic():
        codes = {key[0] for key in rows}
        series = {s.code: s for s in StatisticSeries.objects.filter(source=source, code__in=codes)}
        new = [StatisticSeries(source=source, code=c, title=c) for c in codes - series.keys()]
        for s in StatisticSeries.objects.bulk_create(new):
            series[s.code] = s
        municipalities = dict(
            Municipality.objects.filter(code__in={key[1] for key in rows}).values_list("code", "pk")
        )
        existing = {
            (s.series_id, s.municipality_id, s.year, s.gender): s.value
            for s in Statistic.objects.filter(
                series__in=series.values(), municipality__in=municipalities.values()
            )
        }
        upserts = []
        for (code, municipality, year, gender), value in rows.items():
            if municipality not in municipalities:
                continue  # a municipality outside the portal's regions
            key = (series[code].pk, municipalities[municipality], year, gender)
            if key not in existing:
                log.added += 1
            elif existing[key] == value:
                log.unchanged += 1
                continue
            else:
                log.changed += 1
            upserts.append(
                Statistic(
                    series_id=key[0], municipality_id=key[1], year=year, gender=gender, value=value
                )
            )
        Statistic.objects.bulk_create(
            upserts,
            update_conflicts=True,
            unique_fields=["series", "municipality", "year", "gender"],
            update_fields=["value", "modified"],
        )
        log.save()
    return log


def _failed(source, name, user, message):
    return StatisticImport.objects.create(
        source=source, name=name[:300], user=user, errors=[{"line": 0, "message": message}]
    )


def import_kolada(file_bytes, name, user=None):
    data, message = _load(file_bytes)
    if message is None and not (isinstance(data, dict) and isinstance(data.get("values"), list)):
        message = _("Filen har inte Koladas format: ett objekt med listan values saknas.")
    if message:
        return _failed(StatisticSource.KOLADA, name, user, message)
    rows, errors = {}, []
    genders = set(Gender.values)
    for number, entry in enumerate(data["values"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), list):
            errors.append({"line": number, "message": _("Posten har inte Koladas format.")})
            continue
        kpi, code = entry.get("kpi"), str(entry.get("municipality", ""))
        year = _year(entry.get("period"))
        if not isinstance(kpi, str) or not kpi.strip() or len(kpi) > 40:
            errors.append({"line": number, "message": _("Nyckeltalets kod saknas.")})
            continue
        if not CODE.match(code):
            errors.append(
                {
                    "line": number,
                    "message": _("Kommunkoden %(code)s är inte fyra siffror.")
                    % {"code": code[:20]},
                }
            )
            continue
        if year is None:
            errors.append({"line": number, "message": _("Perioden är inte ett år.")})
            continue
        for value in entry["values"]:
            if not isinstance(value, dict) or value.get("value") is None:
                continue  # not published
            gender = value.get("gender", "T")
            amount = _number(value["value"])
            if gender not in genders:
                errors.append({"line": number, "message": _("Okänt kön.")})
            elif amount is None:
                errors.append({"line": number, "message": _("Värdet är inte ett tal.")})
            else:
                rows[(kpi.strip(), code, year, gender)] = amount
    return _store(StatisticSource.KOLADA, name, user, rows, errors)


FIXED = {
    "@id",
    "@type",
    "@context",
    "library",
    "sampleYear",
    "targetGroup",
    "published",
    "modified",
    "dataSet",
}


def _variable(observation):
    """The variable's key and its raw value, or (None, None)."""
    if "variable" in observation:
        variable, value = observation["variable"], observation.get("value")
        if isinstance(variable, dict):
            variable = variable.get("key")
    else:
        keys = [key for key in observation if key not in FIXED]
        if len(keys) != 1:
            return None, None
        variable, value = keys[0], observation[keys[0]]
    if isinstance(variable, str) and 0 < len(variable) <= 40:
        return variable, value
    return None, None


def _library_codes(names):
    """The municipality code of each portal library by name, for names that are unique."""
    names = {n for n in names if isinstance(n, str) and "\x00" not in n}
    codes = {}
    for name, code in Library.objects.filter(
        name__in=names, municipality__isnull=False
    ).values_list("name", "municipality__code"):
        codes[name] = code if name not in codes else None
    return codes


def import_kb(file_bytes, name, user=None):
    data, message = _load(file_bytes)
    observations = data.get("observations") if isinstance(data, dict) else None
    if message is None and not isinstance(observations, list):
        message = _("Filen har inte KB:s format: listan observations saknas.")
    if message:
        return _failed(StatisticSource.KB, name, user, message)
    rows, errors = {}, []
    by_name = _library_codes(
        o["library"].get("name")
        for o in observations
        if isinstance(o, dict) and isinstance(o.get("library"), dict)
    )
    for number, observation in enumerate(observations, start=1):
        if not isinstance(observation, dict):
            errors.append({"line": number, "message": _("Posten har inte KB:s format.")})
            continue
        library = observation.get("library")
        library = library if isinstance(library, dict) else {}
        code = library.get("municipality_code") or by_name.get(library.get("name")) or ""
        code = str(code)
        variable, raw = _variable(observation)
        year = _year(observation.get("sampleYear"))
        if variable is not None and raw is None:
            continue  # not published
        value = _number(raw)
        if not CODE.match(code):
            message = _("Bibliotekets kommunkod saknas eller är inte fyra siffror.")
        elif variable is None:
            message = _("Variabeln saknas.")
        elif year is None:
            message = _("Året är inte ett år.")
        elif value is None:
            message = _("Värdet är inte ett tal.")
        else:
            key = (variable, code, year, Gender.TOTAL.value)
            rows[key] = rows.get(key, Decimal(0)) + value
            continue
        errors.append({"line": number, "message": message})
    return _store(StatisticSource.KB, name, user, rows, errors)


# The columns of bibstat's two Excel exports that are not variables.
SHEET_COLUMNS = {
    "År",
    "Bibliotek",
    "Sigel",
    "Bibliotekstyp",
    "Status",
    "Email",
    "Kommunkod",
    "Stad",
    "Adress",
    "Postkod",
    "Huvudman",
    "Kan publiceras?",
    "Samredovisar andra bibliotek",
    "Samredovisas",
    "Redovisas av",
    "Samredovisat bibliotek",
    "Gatuadress",
    "Postnummer",
    "Externt id",
}
PUBLISHED = "Publicerad"
UNKNOWN = "okänt värde"


def is_excel(name, file_bytes):
    """Whether a file is a workbook (.xlsx) by its name or its leading bytes (a zip's)."""
    return name.lower().endswith(".xlsx") or file_bytes[:4] == b"PK\x03\x04"


def import_kb_file(file_bytes, name, user=None):
    """KB's library statistics in either published format: bibstat's Excel export or its
    JSON-LD open data."""
    importer = import_kb_excel if is_excel(name, file_bytes) else import_kb
    return importer(file_bytes, name, user)


def _cell_text(value):
    return value.strip() if isinstance(value, str) else value


def _sheet_code(value):
    """The four-digit municipality code of a Kommunkod cell ("" when there is none)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1000:
        return str(value).zfill(4)
    return "" if value is None else str(_cell_text(value))


def import_kb_excel(file_bytes, name, user=None):
    try:
        rows, message = workbook_rows(file_bytes, "Värden"), None
    except UnreadableFile as error:
        rows, message = [], str(error)
    header = [_cell_text(h) for h in rows[0][1]] if rows else []
    if message is None and "Kommunkod" not in header and "Bibliotek" not in header:
        message = _("Filen har inte KB:s format: kolumnerna Bibliotek och Kommunkod saknas.")
    file_year = next(
        (y for y in map(_year, re.findall(r"(?<![0-9])[0-9]{4}(?![0-9])", name)) if y), None
    )
    if message is None and "År" not in header and file_year is None:
        message = _("Året saknas: filen har ingen kolumn År och filens namn inget år.")
    if message:
        return _failed(StatisticSource.KB, name, user, message)
    column = {h: i for i, h in reversed(list(enumerate(header))) if isinstance(h, str)}
    variables = [
        (i, h)
        for h, i in column.items()
        if h not in SHEET_COLUMNS and 0 < len(h) <= 40 and "\x00" not in h
    ]

    def cell(values, key):
        index = column.get(key)
        return _cell_text(values[index]) if index is not None and index < len(values) else None

    data = [(number, values) for number, values in rows[1:] if any(v is not None for v in values)]
    by_name = _library_codes(cell(values, "Bibliotek") for _line, values in data)
    totals, errors = {}, []
    for number, values in data:
        status = cell(values, "Status")
        if status not in (None, PUBLISHED):
            continue  # a survey that is not published
        code = _sheet_code(cell(values, "Kommunkod")) or by_name.get(cell(values, "Bibliotek"))
        year = _year(cell(values, "År")) if "År" in column else file_year
        if not CODE.match(code or ""):
            message = _("Bibliotekets kommunkod saknas eller är inte fyra siffror.")
        elif year is None:
            message = _("Året är inte ett år.")
        else:
            message = None
        if message:
            errors.append({"line": number, "message": message})
            continue
        for index, variable in variables:
            raw = _cell_text(values[index]) if index < len(values) else None
            if raw in (None, "", UNKNOWN):
                continue  # not published
            value = _number(raw)
            if value is None:
                errors.append(
                    {
                        "line": number,
                        "message": _("Värdet i kolumnen %(column)s är inte ett tal.")
                        % {"column": variable},
                    }
                )
                continue
            key = (variable, code, year, Gender.TOTAL.value)
            totals[key] = totals.get(key, Decimal(0)) + value
    return _store(StatisticSource.KB, name, user, totals, errors)
