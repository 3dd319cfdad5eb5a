"""The row rules: a row's values for the staging table, parsed field by field, with the
message of its first fault. They decide what a good row is; the column rules
(column_rules.py) are the same rules over a whole block at once, and leave to these every
row that they do not take."""

import hashlib
from datetime import date

import pyarrow as pa
from django.utils.translation import gettext as _

NULLS = {"", "NULL", "null", "\\N"}
LIMIT = 1 << 63  # bigint

# The staging table's columns, in the order the rules give them; the COPY data adds
# region_id and run_id.
STAGING = [
    "key",
    "koha_id",
    "itemnumber",
    "biblionumber",
    "title",
    "date",
    "requested",
    "sent",
    "arrived",
    "cancelled",
    "from_branch",
    "to_branch",
    "comments",
    "reason",
    "cancellation_reason",
    "line",
]
SCHEMA = pa.schema(
    [(name, pa.int64()) for name in STAGING[:4]]
    + [("title", pa.string())]
    + [(name, pa.date32()) for name in STAGING[5:10]]
    + [(name, pa.string()) for name in STAGING[10:15]]
    + [("line", pa.int32())]
)


class RowError(Exception):
    pass


def parse_date(value, column):
    if value in NULLS or value.startswith("0000-00-00"):
        return None
    try:
        if len(value) > 10 and value[10] not in " T":
            raise ValueError
        return date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(
            _("%(column)s är inte ett datum (ÅÅÅÅ-MM-DD): ”%(value)s”.")
            % {"column": column, "value": value[:40]}
        ) from None


def parse_int(value, column, required=False):
    if value in NULLS:
        if required:
            raise RowError(_("%(column)s saknas.") % {"column": column})
        return None
    try:
        number = int(value)
    except ValueError:
        raise RowError(
            _("%(column)s är inte ett heltal: ”%(value)s”.")
            % {"column": column, "value": value[:40]}
        ) from None
    if not 0 < number < LIMIT:
        raise RowError(_("%(column)s måste vara ett positivt heltal.") % {"column": column})
    return number


def parse_code(value, column):
    if value in NULLS:
        raise RowError(_("%(column)s saknas.") % {"column": column})
    if len(value) > 20:
        raise RowError(_("%(column)s är längre än 20 tecken.") % {"column": column})
    return value


def row_key(itemnumber, requested, sent, from_branch, to_branch):
    """A stable key for older Koha versions without branchtransfer_id: negative, so it never
    meets a real id."""
    text = f"{itemnumber}|{requested}|{sent}|{from_branch}|{to_branch}".encode()
    digest = int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")
    return -(digest & ((1 << 63) - 1)) - 1


def check(fields, line, layout):
    """A row's staging-table values from its fields, parsed one by one; RowError for the
    first fault."""
    if any("\0" in field for field in fields):
        raise RowError(_("Raden innehåller ett NUL-tecken (0x00)."))
    fields = [*fields, ""]
    raw = layout.values(fields)
    values = [value.strip() for value in raw]
    koha_id, item, biblio, title, requested, sent, from_branch, arrived, cancelled = values[:9]
    to_branch, reason, cancellation_reason = values[9], values[11], values[12]
    itemnumber = parse_int(item, "itemnumber", required=True)
    sent = parse_date(sent, "datesent")
    requested = parse_date(requested, "daterequested")
    if sent is None and requested is None:
        raise RowError(_("Varken datesent eller daterequested är ifyllt."))
    arrived = parse_date(arrived, "datearrived")
    if arrived and sent and arrived < sent:
        raise RowError(_("datearrived är före datesent."))
    cancelled = parse_date(cancelled, "datecancelled")
    from_branch = parse_code(from_branch, "frombranch")
    to_branch = parse_code(to_branch, "tobranch")
    koha_id = parse_int(koha_id, "branchtransfer_id", required=layout.has_id)
    biblionumber = parse_int(biblio, "biblionumber")
    for column, value in (("reason", reason), ("cancellation_reason", cancellation_reason)):
        if len(value) > 40:
            raise RowError(_("%(column)s är längre än 40 tecken.") % {"column": column})
    title = title[:500]
    comments = raw[10]
    return (
        koha_id or row_key(itemnumber, requested, sent, from_branch, to_branch),
        koha_id,
        itemnumber,
        biblionumber,
        "" if title in NULLS else title,
        sent or requested,
        requested,
        sent,
        arrived,
        cancelled,
        from_branch,
        to_branch,
        "" if comments in NULLS else comments,
        "" if reason in NULLS else reason,
        "" if cancellation_reason in NULLS else cancellation_reason,
        line,
    )


def table(rows, layout, report):
    """The (fields, line) rows that `check` takes, as a table; `report(line, message)` gets
    the others."""
    good = []
    for fields, line in rows:
        try:
            good.append(check(fields, line, layout))
        except RowError as error:
            report(line, str(error))
    columns = zip(*good, strict=True) if good else [[]] * len(STAGING)
    return pa.Table.from_arrays(
        [pa.array(column, type) for column, type in zip(columns, SCHEMA.types, strict=True)],
        schema=SCHEMA,
    )
