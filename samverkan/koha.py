"""Import of Koha's `branchtransfers` table, exported as CSV from Koha's reports.

The file is streamed in blocks of whole lines. Arrow's CSV reader (C++, on every core) parses
a block and its columns are checked at once; each row that fails those checks goes through
`Reader.check`, which finds its fault (or takes what the column checks were too strict for).
A block that Arrow cannot read so that every line is accounted for (a blank line, a lone
carriage return, a row with the wrong number of fields, bytes that are not UTF-8) is read with
Python's csv module instead and every row of it checked by `check`, so the report's line
numbers are always the file's.

The good rows go to PostgreSQL by COPY in its binary format (which spares it parsing the text
of every value), encoded from Arrow by pgpq and sent by a second thread, so that PostgreSQL
stores one block while the next is parsed. A batch of blocks is one
transaction: the rows read before a failure are kept, and the progress can be followed from
another request. COPY goes straight into Transfer; when a key is already there (a file
imported again, a duplicated id) the batch goes through a staging table, which sorts out what
is new, so importing the same file again adds nothing.
"""

import codecs
import csv
import functools
import hashlib
import io
import itertools
import logging
import operator
import os
import re
from datetime import date

import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from pgpq import ArrowToPostgresBinaryEncoder
from psycopg.copy import QueuedLibpqWriter

from biblioteksportal.documents import detect_encoding

from .choices import ImportStatus
from .models import BranchCode, Transfer

log = logging.getLogger(__name__)

COLUMNS = [
    "branchtransfer_id",
    "itemnumber",
    "biblionumber",
    "title",
    "daterequested",
    "datesent",
    "frombranch",
    "datearrived",
    "datecancelled",
    "tobranch",
    "comments",
    "reason",
    "cancellation_reason",
]
REQUIRED = ["itemnumber", "datesent", "frombranch", "tobranch"]
DELIMITERS = [",", ";", "\t", "|"]
NULLS = {"", "NULL", "null", "\\N"}
LIMIT = 1 << 63  # bigint
BLOCK = 1 << 20  # bytes parsed at a time
BATCH = 150_000  # rows per transaction: the blocks until there are this many
MAX_ERRORS = 200
SAMPLE = 1 << 16
LINE_END = re.compile(rb"\r\n|\r|\n")
ZIP = b"PK\x03\x04"  # an xlsx, an ods

# The staging table's columns, in the order the reader gives them; the COPY data adds
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
PAYLOAD = SCHEMA.append(pa.field("region_id", pa.int64())).append(pa.field("run_id", pa.int64()))
NULL_VALUES = pa.array(sorted(NULLS))
# Values that begin and end with one of these bytes (or are empty) need no stripping.
PLAIN = pa.array([b""] + [bytes([byte]) for byte in range(0x21, 0x7F)])
INVALID = object()


class FileError(Exception):
    """The whole file cannot be read (the message is shown to the user)."""


class RowError(Exception):
    pass


def detect_delimiter(header_line):
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if not counts[best]:
        raise FileError(
            _(
                "Hittar ingen avgränsare i rubrikraden. Filen ska vara en CSV-fil med komma, "
                "semikolon eller tabb mellan kolumnerna."
            )
        )
    return best


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


class Reader:
    """Turns the CSV file into tables of checked rows for the staging table, collecting the
    report."""

    def __init__(self, binary):
        self.binary = binary
        self.encoding = detect_encoding(binary, BLOCK)
        head = binary.read(SAMPLE)
        if not head.strip():
            raise FileError(_("Filen är tom."))
        if self.encoding == "utf-8-sig":
            head = head[len(codecs.BOM_UTF8) :]
        self.codec = "utf-8" if self.encoding.startswith("utf-8") else self.encoding
        end = LINE_END.search(head)
        cut = end.end() if end else len(head)
        if head.startswith(ZIP) or b"\0" in head[:cut]:
            raise FileError(
                _(
                    "Filen är inte en CSV-fil utan ett kalkylark, ett zip-arkiv eller en annan "
                    "binär fil. Spara rapporten från Koha som CSV."
                )
            )
        header_line, self.rest = head[:cut].decode(self.codec, "replace"), head[cut:]
        self.delimiter = detect_delimiter(header_line)
        header = next(csv.reader([header_line], delimiter=self.delimiter))
        self.columns = [name.strip().strip('"').lower() for name in header]
        missing = [name for name in REQUIRED if name not in self.columns]
        if missing:
            raise FileError(
                _(
                    "Kolumner saknas i rubrikraden: %(missing)s. En export av branchtransfers "
                    "behöver minst %(required)s."
                )
                % {"missing": ", ".join(missing), "required": ", ".join(REQUIRED)}
            )
        duplicated = {name for name in self.columns if self.columns.count(name) > 1}
        if duplicated:
            raise FileError(
                _("Kolumnen %(name)s finns flera gånger i rubrikraden.")
                % {"name": ", ".join(sorted(duplicated))}
            )
        self.index = {name: self.columns.index(name) for name in COLUMNS if name in self.columns}
        # The columns in the order of COLUMNS; one missing from the file reads the empty field
        # that is appended to each row's fields.
        self.values = operator.itemgetter(*(self.index.get(name, -1) for name in COLUMNS))
        names = [str(i) for i in range(len(self.columns))]
        self.arrow = {
            "read_options": pacsv.ReadOptions(column_names=names),
            "parse_options": pacsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True),
            "convert_options": pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        }
        self.line = 2  # the next line's number
        self.errors = []
        self.bad_rows = 0
        self.rows_read = 0
        self.codes = {}

    def error(self, line, message):
        self.bad_rows += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append([line, message])

    def check(self, fields, line):
        """A row's staging-table values from its fields, parsed one by one; RowError for the
        first fault."""
        if any("\0" in field for field in fields):
            raise RowError(_("Raden innehåller ett NUL-tecken (0x00)."))
        fields = [*fields, ""]
        raw = self.values(fields)
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
        koha_id = parse_int(
            koha_id, "branchtransfer_id", required="branchtransfer_id" in self.index
        )
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

    def tables(self):
        """The good rows, a table per block (none for a block without any); the bad ones go
        to the report."""
        while block := self._block():
            parsed = self._parse(block)
            if parsed is None:
                table = self._careful(block)
            else:
                self.rows_read += parsed[0].num_rows
                table = self._checked(*parsed)
            for name in ("from_branch", "to_branch"):
                for count in pc.value_counts(table[name]).to_pylist():
                    code = count["values"]
                    self.codes[code] = self.codes.get(code, 0) + count["counts"]
            if table.num_rows:
                yield table

    def _block(self):
        """The file's next whole lines, about BLOCK bytes of them (b"" at its end)."""
        data = self.rest
        while more := self.binary.read(BLOCK):
            data += more
            if cut := data.rfind(b"\n") + 1 or data.rfind(b"\r") + 1:
                data, self.rest = data[:cut], data[cut:]
                return data
        self.rest = b""
        return data if data.endswith((b"\n", b"\r")) or not data else data + b"\n"

    def _parse(self, block):
        """The block as a record batch of strings, and the line that each row begins on, if
        Arrow reads it so that every line is accounted for."""
        data = block if self.codec == "utf-8" else block.decode(self.codec).encode()
        if b"\0" in data:  # PostgreSQL's text cannot hold it: `check` reports the row
            return None
        if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
            return None  # a lone carriage return, which ends a line for the csv module
        try:
            table = pacsv.read_csv(pa.py_buffer(data), **self.arrow)
        except pa.ArrowInvalid:  # a row with the wrong number of fields, or not UTF-8
            return None
        if not table.num_rows:  # blank lines only
            return None
        breaks = data.count(b"\n")
        table = table.combine_chunks().to_batches()[0]
        if table.num_rows == breaks:  # a row per line, the usual block
            before = 0
        else:
            # Line breaks inside quotes: each row's own, and those of the rows before it. A
            # blank line (which Arrow skips) leaves a line unaccounted for.
            within = [pc.count_substring(column, "\n") for column in table.columns]
            within = functools.reduce(pc.add, within)
            if table.num_rows + pc.sum(within).as_py() != breaks:
                return None
            before = pc.subtract(pc.cumulative_sum(within), within)
        rows = pc.indices_nonzero(pc.is_valid(table.column(0)))
        lines = pc.cast(pc.add(pc.add(rows, before), self.line), pa.int32())
        self.line += breaks
        return table, lines

    def _checked(self, table, lines):
        """The block's rows as `check` reads them: the rows that the column checks take, then
        those that `check` takes of the rest; `lines` holds the line each row begins on."""
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
        ) = self.values(fields)
        has_id = "branchtransfer_id" in self.index
        koha_id = _numbers(koha_id) if has_id else pa.nulls(rows, pa.int64())
        itemnumber, biblionumber = _numbers(item), _numbers(biblio)
        days, days_read = zip(
            *(_days(c) for c in (requested, sent, arrived, cancelled)), strict=True
        )
        requested, sent, arrived, cancelled = days
        from_branch, from_read = _distinct(from_branch, _code, pa.string())
        to_branch, to_read = _distinct(to_branch, _code, pa.string())
        reason, reason_read = _distinct(reason, _reason, pa.string())
        cancellation_reason, cancellation_read = _distinct(
            cancellation_reason, _reason, pa.string()
        )
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
        if has_id:
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
        if not has_id:
            keys = zip(*(columns[i].to_pylist() for i in (2, 6, 7, 10, 11)), strict=True)
            columns[0] = pa.array([row_key(*values) for values in keys], pa.int64())
        checked = [pa.Table.from_arrays(columns, schema=SCHEMA)]
        bad = pc.invert(good)
        if pc.any(bad).as_py():
            rows = zip(
                *(pc.filter(column, bad).to_pylist() for column in table.columns), strict=True
            )
            checked.append(self._rows(zip(rows, pc.filter(lines, bad).to_pylist(), strict=True)))
        return pa.concat_tables(checked)

    def _careful(self, block):
        """A block that Arrow could not read as one row per line, read with Python's csv
        module and each row checked by `check`. When a quoted value runs past the block's
        end, the next block is read on too."""
        done = 0  # lines of the records read so far
        invalid = False  # the block (or the one read on) was not all UTF-8

        def lines():
            nonlocal invalid
            data = block
            while data:
                try:
                    text, invalid = data.decode(self.codec), False
                except UnicodeDecodeError:
                    text, invalid = data.decode(self.codec, "replace"), True
                yield from io.StringIO(text, newline="")
                if reader.line_num == done:
                    return
                data = self._block()

        def records():
            nonlocal done
            while True:  # to go on after a row that is not CSV
                try:
                    for fields in reader:
                        start, done = self.line + done, reader.line_num
                        if not fields or fields == [""]:
                            continue
                        self.rows_read += 1
                        if len(fields) != width:
                            self.error(
                                start,
                                _("Raden har %(n)s fält men rubrikraden har %(width)s.")
                                % {"n": len(fields), "width": width},
                            )
                        elif invalid and any("\ufffd" in field for field in fields):
                            self.error(
                                start, _("Raden innehåller tecken som inte är giltig UTF-8.")
                            )
                        else:
                            yield fields, start
                    return
                except csv.Error as error:
                    start, done = self.line + done, reader.line_num
                    message = _("Raden kan inte läsas som CSV: %(error)s") % {"error": error}
                    self.error(start, message)

        width = len(self.columns)
        reader = csv.reader(lines(), delimiter=self.delimiter)
        table = self._rows(records())
        self.line += done
        return table

    def _rows(self, rows):
        """The (fields, line) rows that `check` takes, as a table; the others go to the
        report."""
        good = []
        for fields, line in rows:
            try:
                good.append(self.check(fields, line))
            except RowError as error:
                self.error(line, str(error))
        columns = zip(*good, strict=True) if good else [[]] * len(STAGING)
        return pa.Table.from_arrays(
            [pa.array(column, type) for column, type in zip(columns, SCHEMA.types, strict=True)],
            schema=SCHEMA,
        )


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


def _create_staging(cursor):
    """The staging table of a batch, and the first line of each key that the import's
    batches through it held (the session's own tables)."""
    cursor.execute(
        """
        CREATE TEMPORARY TABLE IF NOT EXISTS samverkan_staging (
            key bigint, koha_id bigint, itemnumber bigint, biblionumber bigint, title text,
            date date, requested date, sent date, arrived date, cancelled date,
            from_branch text, to_branch text, comments text, reason text,
            cancellation_reason text, line integer, region_id bigint, run_id bigint
        );
        CREATE TEMPORARY TABLE IF NOT EXISTS samverkan_seen (
            key bigint PRIMARY KEY, line integer
        )
        """
    )


def _copy(cursor, table, data):
    """COPY `data` into `table`, sent from a second thread (psycopg's own cursor: Django's
    debug cursor, under DEBUG, takes no writer)."""
    columns = ", ".join([*STAGING, "region_id", "run_id"])
    cursor = cursor.cursor
    statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT binary)"
    with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
        for chunk in data:
            copy.write(chunk)


def _batch(tables):
    """The next tables, until they hold BATCH rows."""
    rows = 0
    for table in tables:
        yield table
        rows += table.num_rows
        if rows >= BATCH:
            return


def _other_kind(region_id, has_id):
    """The first and last day of the region's stored transfers of the other kind (without
    branchtransfer_id if the file has it, with it if not), or None."""
    days = Transfer.objects.filter(region=region_id, koha_id__isnull=has_id).aggregate(
        first=Min("date"), last=Max("date")
    )
    return (days["first"], days["last"]) if days["first"] else None


def _store(run, tables, reader, other):
    """Store the next batch of `tables`; returns (rows, added, known).

    The fast way is COPY straight into Transfer while the file is read. When a key
    is already there (a file imported again, a duplicated id), or stored transfers of the
    other kind (`other`: their first and last day) fall within the batch's days, the batch
    goes through a staging table instead, which sorts out what is new.
    """
    batch = _batch(tables)
    first = next(batch, None)
    if first is None:
        return 0, 0, 0
    encoder = ArrowToPostgresBinaryEncoder(PAYLOAD)
    data, rows, days = [encoder.write_header()], 0, []

    def encode():
        nonlocal rows
        yield data[0]
        for table in itertools.chain([first], batch):
            rows += table.num_rows
            days.extend(pc.min_max(table["date"]).values())
            for name, value in (("region_id", run.region_id), ("run_id", run.pk)):
                table = table.append_column(name, pa.nulls(len(table), pa.int64()).fill_null(value))
            for record_batch in table.to_batches():
                data.append(encoder.write_batch(record_batch))
                yield data[-1]
        data.append(encoder.finish())
        yield data[-1]

    stream = encode()
    # A file imported again: no use trying COPY first.
    if not Transfer.objects.filter(region=run.region_id, key=first["key"][0].as_py()).exists():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _copy(cursor, Transfer._meta.db_table, stream)
                days = [day.as_py() for day in days]
                clash = other and min(days) <= other[1] and max(days) >= other[0]
                transaction.set_rollback(bool(clash))
            if not clash:
                return rows, rows, 0
        except psycopg.errors.UniqueViolation:
            pass
    for _chunk in stream:  # the rest of the batch, if COPY stopped early
        pass
    return (rows, *_through_staging(run, data, rows, reader, other))


def _through_staging(run, data, rows, reader, other):
    table = Transfer._meta.db_table
    columns = ", ".join(STAGING)
    params = {"region": run.region_id, "run": run.pk}
    with transaction.atomic(), connection.cursor() as cursor:
        _create_staging(cursor)
        cursor.execute("TRUNCATE samverkan_staging")
        _copy(cursor, "samverkan_staging", data)
        if other:
            # The same transfer exported before and after a Koha upgrade (without and with
            # branchtransfer_id): the same item, day sent, from and to branch. It takes the
            # stored transfer's key, so it counts as already imported.
            cursor.execute(
                f"""
                UPDATE samverkan_staging s SET key = t.key FROM {table} t
                WHERE t.region_id = %(region)s AND t.date = s.sent AND t.sent = s.sent
                  AND t.itemnumber = s.itemnumber AND t.from_branch = s.from_branch
                  AND t.to_branch = s.to_branch AND (t.koha_id IS NULL) <> (s.koha_id IS NULL)
                """,
                params,
            )
        cursor.execute(
            """
            INSERT INTO samverkan_seen
            SELECT DISTINCT ON (key) key, line FROM samverkan_staging ORDER BY key, line
            ON CONFLICT DO NOTHING
            """
        )
        # A plain insert of the keys not yet there (the first line of each) is twice as fast
        # as ON CONFLICT; a concurrent import of the same rows falls back to the latter.
        insert = f"""
            INSERT INTO {table} ({columns}, region_id, run_id)
            SELECT DISTINCT ON (key) {columns}, %(region)s, %(run)s FROM samverkan_staging s
            WHERE NOT EXISTS (
                SELECT 1 FROM {table} t WHERE t.region_id = %(region)s AND t.key = s.key
            )
            ORDER BY key, line
        """
        try:
            with transaction.atomic():
                cursor.execute(insert, params)
        except IntegrityError:
            cursor.execute(insert + " ON CONFLICT DO NOTHING", params)
        added = cursor.rowcount
        # A file with the titles joined in gives them to the transfers stored without.
        cursor.execute(
            f"""
            UPDATE {table} t SET title = CASE WHEN t.title = '' THEN s.title ELSE t.title END,
                biblionumber = COALESCE(t.biblionumber, s.biblionumber)
            FROM samverkan_staging s
            WHERE t.region_id = %(region)s AND t.key = s.key
              AND (t.title = '' AND s.title <> '' OR t.biblionumber IS NULL
                   AND s.biblionumber IS NOT NULL)
            """,
            params,
        )
        # Rows whose key an earlier line of the same file already brought: duplicates, on
        # every import of the file. The first line is that of the transfer this import
        # added (perhaps in a batch COPY stored directly), else the first that it staged.
        cursor.execute(
            f"""
            SELECT s.line, s.koha_id, COALESCE(t.line, k.line) FROM samverkan_staging s
            JOIN samverkan_seen k ON k.key = s.key
            LEFT JOIN {table} t ON t.region_id = %(region)s AND t.key = s.key
                AND t.run_id = %(run)s
            WHERE COALESCE(t.line, k.line) <> s.line ORDER BY s.line
            """,
            params,
        )
        duplicates = cursor.fetchall()
    for line, koha_id, first in duplicates:
        if koha_id:
            message = _("branchtransfer_id %(id)s finns redan på rad %(first)s.")
        else:
            message = _("Raden är en kopia av rad %(first)s.")
        reader.error(line, message % {"id": koha_id, "first": first})
    return added, rows - added - len(duplicates)


def _save_progress(run, reader, **extra):
    run.bytes_read = min(run.size, reader.binary.tell()) if run.size else 0
    run.rows_read = reader.rows_read
    run.bad_rows = reader.bad_rows
    fields = ["bytes_read", "rows_read", "bad_rows", "rows_added", "rows_known", *extra]
    for name, value in extra.items():
        setattr(run, name, value)
    run.save(update_fields=[*fields, "modified"])


def run_import(run, path=None, progress=None):
    """Import the run's file (or the file at `path`); `progress(bytes_read)` is called after
    each batch."""
    run.status = ImportStatus.RUNNING
    run.started = timezone.now()
    run.rows_added = run.rows_known = 0
    run.save(update_fields=["status", "started", "rows_added", "rows_known", "modified"])
    try:
        with open(path, "rb") if path else run.file.open("rb") as binary:
            run.size = os.fstat(binary.fileno()).st_size
            try:
                reader = Reader(binary)
            except FileError as error:
                return _finish(run, ImportStatus.FAILED, str(error))
            run.encoding, run.delimiter = reader.encoding, reader.delimiter
            with connection.cursor() as cursor:
                _create_staging(cursor)
                cursor.execute("TRUNCATE samverkan_seen")
            other = _other_kind(run.region_id, "branchtransfer_id" in reader.index)
            tables = reader.tables()
            while True:
                rows, added, known = _store(run, tables, reader, other)
                if not rows:
                    break
                run.rows_added += added
                run.rows_known += known
                _save_progress(run, reader)
                if progress:
                    progress(run.bytes_read)
            _save_progress(run, reader)
            if progress:
                progress(run.size)
    except Exception as error:
        log.exception("Import %s failed", run.pk)
        return _finish(
            run,
            ImportStatus.FAILED,
            _(
                "Importen avbröts: %(error)s. Raderna som lästs in innan dess finns kvar; "
                "läs in filen igen för att fortsätta."
            )
            % {"error": error},
        )
    known = set(BranchCode.objects.filter(region=run.region_id).values_list("code", flat=True))
    run.unmapped = {code: n for code, n in sorted(reader.codes.items()) if code not in known}
    run.errors = sorted(reader.errors)
    message = ""
    if not reader.rows_read:
        message = _("Filen innehåller inga rader efter rubrikraden.")
    return _finish(run, ImportStatus.DONE, message)


def _finish(run, status, message):
    run.status = status
    run.message = message
    run.finished = timezone.now()
    run.save()
    return run
