"""The column rules: row_rules.py's rules over a block's columns at once, with Arrow's
compute functions (C++). They take the rows that they can read exactly as `row_rules.check`
does, and leave every other row to it, which finds its fault (or takes what these were too
strict for)."""

import functools
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from .row_rules import NULLS, SCHEMA, row_key

NULL_VALUES = pa.array(sorted(NULLS))
# Values that begin and end with one of these bytes (or are empty) need no stripping.
PLAIN = pa.array([b""] + [bytes([byte]) for byte in range(0x21, 0x7F)])
INVALID = object()


def check(table, lines, layout):
    """The block's rows that these rules take, as a table of staging-table values, and the
    (fields, line) of the others, for the row rules; `lines` holds the line each row begins
    on."""
    rows = table.num_rows
    fields = table.columns + [pa.nulls(rows, pa.string()).fill_null("")]
    (
        koha_id,
        item,
        biblio,
        title,
        requested,
        sent,
        from_branch,
        arrived,
        cancelled,
        to_branch,
        comments,
        reason,
        cancellation_reason,
    ) = layout.values(fields)
    koha_id = _numbers(koha_id) if layout.has_id else pa.nulls(rows, pa.int64())
    itemnumber, biblionumber = _numbers(item), _numbers(biblio)
    days, days_read = zip(*(_days(c) for c in (requested, sent, arrived, cancelled)), strict=True)
    requested, sent, arrived, cancelled = days
    from_branch, from_read = _distinct(from_branch, _code, pa.string())
    to_branch, to_read = _distinct(to_branch, _code, pa.string())
    reason, reason_read = _distinct(reason, _reason, pa.string())
    cancellation_reason, cancellation_read = _distinct(cancellation_reason, _reason, pa.string())
    checks = [
        pc.is_valid(itemnumber),
        pc.or_(pc.equal(biblio, ""), pc.is_valid(biblionumber)),
        *days_read,
        pc.or_(pc.is_valid(sent), pc.is_valid(requested)),
        pc.invert(pc.fill_null(pc.less(arrived, sent), False)),
        from_read,
        to_read,
        reason_read,
        cancellation_read,
    ]
    if layout.has_id:
        checks.append(pc.is_valid(koha_id))
    good = checks[0]
    for check in checks[1:]:
        good = pc.and_(good, check)
    columns = [
        pc.filter(column, good)
        for column in (
            koha_id,
            koha_id,
            itemnumber,
            biblionumber,
            _titles(title),
            pc.coalesce(sent, requested),
            requested,
            sent,
            arrived,
            cancelled,
            from_branch,
            to_branch,
            pc.if_else(pc.is_in(comments, NULL_VALUES), "", comments),
            reason,
            cancellation_reason,
        )
    ]
    columns.append(pc.filter(lines, good))
    if not layout.has_id:
        keys = zip(*(columns[i].to_pylist() for i in (2, 6, 7, 10, 11)), strict=True)
        columns[0] = pa.array([row_key(*values) for values in keys], pa.int64())
    bad = pc.invert(good)
    left = []
    if pc.any(bad).as_py():
        fields = zip(*(pc.filter(column, bad).to_pylist() for column in table.columns), strict=True)
        left = list(zip(fields, pc.filter(lines, bad).to_pylist(), strict=True))
    return pa.Table.from_arrays(columns, schema=SCHEMA), left


def _days(column):
    """The column's days, each distinct first 11 characters parsed once (a file spans a few
    hundred days), as `parse_date` reads them; and where the value was read."""
    return _distinct(pc.binary_slice(column.cast(pa.binary()), 0, 11), _day, pa.date32())


@functools.lru_cache(maxsize=4096)
def _day(key):
    """The day of a value's first 11 bytes, None for no day, INVALID for what `parse_date`
    would not read the same."""
    try:
        text = key.decode("ascii")
        if text in NULLS or text in ("0000-00-00", "0000-00-00 "):
            return None
        if text[10:] not in ("", " ", "T"):
            return INVALID
        return date.fromisoformat(text[:10])
    except ValueError:
        return INVALID


def _code(value):
    value = value.strip()
    return INVALID if value in NULLS or len(value) > 20 else value


def _reason(value):
    value = value.strip()
    return INVALID if len(value) > 40 else "" if value in NULLS else value


def _distinct(column, read, type):
    """`read` applied once to each distinct value of `column`: its results (INVALID as null)
    and where they are valid."""
    encoded = pc.dictionary_encode(column)
    results = [read(value) for value in encoded.dictionary.to_pylist()]
    values = pa.array([None if result is INVALID else result for result in results], type)
    valid = pa.array([result is not INVALID for result in results], pa.bool_())
    return values.take(encoded.indices), valid.take(encoded.indices)


def _numbers(column):
    """The column's plain numbers (1 to 18 digits, above 0) as bigints; null elsewhere."""
    plain = pc.and_(pc.ascii_is_decimal(column), pc.less_equal(pc.binary_length(column), 18))
    numbers = pc.cast(pc.if_else(plain, column, "0"), pa.int64())
    return pc.if_else(pc.greater(numbers, 0), numbers, pa.scalar(None, pa.int64()))


def _titles(column):
    """Titles as `check` reads them (stripped, cut at 500 characters, "" for NULL): the few
    that may need it (not beginning and ending with printable ASCII, or long) one by one."""
    raw = column.cast(pa.binary())
    plain = pc.and_(
        pc.and_(
            pc.is_in(pc.binary_slice(raw, 0, 1), PLAIN), pc.is_in(pc.binary_slice(raw, -1), PLAIN)
        ),
        pc.less_equal(pc.binary_length(raw), 500),
    )
    odd = pc.invert(plain)
    if pc.any(odd).as_py():
        fixed = [title.strip()[:500] for title in pc.filter(column, odd).to_pylist()]
        column = pc.replace_with_mask(column, odd, pa.array(fixed, pa.string()))
    return pc.if_else(pc.is_in(column, NULL_VALUES), "", column)
