"""Import of Koha's `branchtransfers` table, exported as CSV from Koha's reports.

The file is streamed: rows are checked one by one, and the good ones go in batches through
PostgreSQL's COPY into a temporary table, then into Transfer with ON CONFLICT DO NOTHING, so
importing the same file again adds nothing. Each batch is committed on its own, so the rows
read before a failure are kept, and the import's progress can be followed from another request.
"""

import codecs
import csv
import hashlib
import io
import itertools
import logging
import operator
import os
import threading
from contextlib import contextmanager
from datetime import date

import psycopg
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
]
REQUIRED = ["itemnumber", "datesent", "frombranch", "tobranch"]
DELIMITERS = [",", ";", "\t", "|"]
NULLS = {"", "NULL", "null", "\\N"}
LIMIT = 1 << 63  # bigint
BATCH = 50_000
MAX_ERRORS = 200
SAMPLE = 1 << 16

# The temporary table's columns, in the order the reader writes them.
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
    "line",
]
# Their types, and those of region_id and run_id.
TYPES = ["int8"] * 4 + ["text"] + ["date"] * 5 + ["text"] * 4 + ["int4"] + ["int8"] * 2


_decoding = threading.local()
REPLACE = "samverkan-replace"


def _replace_and_count(error):
    """Decode an invalid byte as U+FFFD and count it, so that clean files cost nothing."""
    _decoding.replaced += 1
    return "\ufffd", error.end


codecs.register_error(REPLACE, _replace_and_count)


class Days(dict):
    """The days of a file by their first 11 characters, each parsed once as parse_date would
    (a file spans a few hundred); ValueError for anything else."""

    def __init__(self):
        super().__init__(dict.fromkeys([*NULLS, "0000-00-00", "0000-00-00 "]))

    def __missing__(self, text):
        if text[10:] not in ("", " ", "T"):
            raise ValueError(text)
        day = self[text] = date.fromisoformat(text[:10])
        return day


class FileError(Exception):
    """The whole file cannot be read (the message is shown to the user)."""


class RowError(Exception):
    pass


def detect_encoding(head):
    """UTF-8 (with or without a byte order mark), else Latin-1."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


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
    """Turns the CSV file into checked rows for the staging table, collecting the report."""

    def __init__(self, binary):
        self.binary = binary
        head = binary.read(SAMPLE)
        if not head.strip():
            raise FileError(_("Filen är tom."))
        binary.seek(0)
        self.encoding = detect_encoding(head)
        _decoding.replaced = 0
        self.text = io.TextIOWrapper(binary, encoding=self.encoding, errors=REPLACE, newline="")
        header_line = self.text.readline()
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
        # that rows() appends.
        self.values = operator.itemgetter(*(self.index.get(name, -1) for name in COLUMNS))
        self.days = Days()
        self.errors = []
        self.bad_rows = 0
        self.rows_read = 0
        self.codes = {}

    def error(self, line, message):
        self.bad_rows += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append([line, message])

    def check(self, fields):
        """A row's checked fields, parsed one by one, with a message for the first fault:
        (koha_id, itemnumber, biblionumber, requested, sent, arrived, cancelled,
        from_branch, to_branch, reason)."""
        # Decoding runs ahead of the rows: only once it has replaced a character do the rows
        # need a look.
        if _decoding.replaced and any("\ufffd" in field for field in fields):
            raise RowError(_("Raden innehåller tecken som inte är giltig UTF-8."))
        values = [value.strip() for value in self.values(fields)]
        koha_id, item, biblio, _title, requested, sent, from_branch, arrived, cancelled = values[:9]
        to_branch, reason = values[9], values[11]
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
        if len(reason) > 40:
            raise RowError(_("reason är längre än 40 tecken."))
        return (
            koha_id,
            itemnumber,
            biblionumber,
            requested,
            sent,
            arrived,
            cancelled,
            from_branch,
            to_branch,
            reason,
        )

    def rows(self):
        """The good rows in the staging table's column order; the bad ones go to the report.

        The usual row takes a short way, which parses it as `check` would in a fraction of
        the time; any row that it does not take goes through `check`, which finds the fault.
        """
        reader = csv.reader(self.text, delimiter=self.delimiter)
        width, values_of, days, codes = len(self.columns), self.values, self.days, self.codes
        has_id = "branchtransfer_id" in self.index
        line = 1  # the header's
        while True:  # to go on after a row that is not CSV
            try:
                for fields in reader:
                    start, line = line + 1, reader.line_num + 1
                    if len(fields) != width:
                        if fields and fields != [""]:
                            self.rows_read += 1
                            self.error(
                                start,
                                _("Raden har %(n)s fält men rubrikraden har %(width)s.")
                                % {"n": len(fields), "width": width},
                            )
                        continue
                    self.rows_read += 1
                    fields.append("")  # what a column missing from the file reads
                    (
                        koha_id,
                        itemnumber,
                        biblionumber,
                        title,
                        requested,
                        sent,
                        from_branch,
                        arrived,
                        cancelled,
                        to_branch,
                        comments,
                        reason,
                    ) = values_of(fields)
                    try:
                        requested, sent = days[requested[:11]], days[sent[:11]]
                        arrived, cancelled = days[arrived[:11]], days[cancelled[:11]]
                        itemnumber = int(itemnumber)
                        koha_id = int(koha_id) if has_id else None
                        biblionumber = int(biblionumber) if biblionumber else None
                        from_branch, to_branch = from_branch.strip(), to_branch.strip()
                        reason = reason.strip()
                        if (
                            _decoding.replaced
                            or not (sent or requested)
                            or (arrived and sent and arrived < sent)
                            or not 0 < itemnumber < LIMIT
                            or not (koha_id is None or 0 < koha_id < LIMIT)
                            or not (biblionumber is None or 0 < biblionumber < LIMIT)
                            or not 0 < len(from_branch) <= 20
                            or not 0 < len(to_branch) <= 20
                            or from_branch in NULLS
                            or to_branch in NULLS
                            or len(reason) > 40
                        ):
                            raise ValueError
                    except ValueError:
                        try:
                            (
                                koha_id,
                                itemnumber,
                                biblionumber,
                                requested,
                                sent,
                                arrived,
                                cancelled,
                                from_branch,
                                to_branch,
                                reason,
                            ) = self.check(fields)
                        except RowError as error:
                            self.error(start, str(error))
                            continue
                    title = title.strip()[:500]
                    codes[from_branch] = codes.get(from_branch, 0) + 1
                    codes[to_branch] = codes.get(to_branch, 0) + 1
                    yield (
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
                        start,
                    )
                return
            except csv.Error as error:
                start, line = line + 1, reader.line_num + 1
                self.error(start, _("Raden kan inte läsas som CSV: %(error)s") % {"error": error})


def _create_staging(cursor):
    cursor.execute(
        """
        CREATE TEMPORARY TABLE IF NOT EXISTS samverkan_staging (
            key bigint, koha_id bigint, itemnumber bigint, biblionumber bigint, title text,
            date date, requested date, sent date, arrived date, cancelled date,
            from_branch text, to_branch text, comments text, reason text, line integer
        )
        """
    )


@contextmanager
def _copy(cursor, table, columns):
    """COPY into `table` in PostgreSQL's binary format, which spares it parsing the text of
    every value."""
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT binary)") as copy:
        copy.set_types(TYPES[: columns.count(",") + 1])
        yield copy


def _store(run, rows, batch, reader):
    """Store the next batch of `rows` (collected in `batch` too); returns (added, known).

    The fast way is COPY straight into Transfer while the file is read, so that PostgreSQL
    stores rows while Python checks the next ones. When a key is already there (a file
    imported again, a duplicated id), the batch goes through a staging table instead, which
    sorts out what is new.
    """
    table = Transfer._meta.db_table
    columns = ", ".join(STAGING)
    first = next(rows, None)
    if first is None:
        return 0, 0
    rows = itertools.chain([first], rows)
    if Transfer.objects.filter(region=run.region_id, key=first[0]).exists():
        batch.extend(rows)  # a file imported again: no use trying COPY first
        return _through_staging(run, batch, reader)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            tail = (run.region_id, run.pk)
            with _copy(cursor, table, f"{columns}, region_id, run_id") as copy:
                for row in rows:
                    batch.append(row)
                    copy.write_row(row + tail)
        return len(batch), 0
    except psycopg.errors.UniqueViolation:
        batch.extend(rows)  # the rest of the batch, if COPY stopped early
    return _through_staging(run, batch, reader)


def _through_staging(run, batch, reader):
    table = Transfer._meta.db_table
    columns = ", ".join(STAGING)
    with transaction.atomic(), connection.cursor() as cursor:
        _create_staging(cursor)
        cursor.execute("TRUNCATE samverkan_staging")
        with _copy(cursor, "samverkan_staging", columns) as copy:
            for row in batch:
                copy.write_row(row)
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
        params = {"region": run.region_id, "run": run.pk}
        try:
            with transaction.atomic():
                cursor.execute(insert, params)
        except IntegrityError:
            cursor.execute(insert + " ON CONFLICT DO NOTHING", params)
        added = cursor.rowcount
        # Rows whose key an earlier line of the same file already brought: duplicates.
        cursor.execute(
            f"""
            SELECT s.line, s.koha_id, t.line FROM samverkan_staging s
            JOIN {table} t ON t.region_id = %s AND t.key = s.key
            WHERE t.run_id = %s AND t.line <> s.line ORDER BY s.line
            """,
            [run.region_id, run.pk],
        )
        duplicates = cursor.fetchall()
    for line, koha_id, first in duplicates:
        if koha_id:
            message = _("branchtransfer_id %(id)s finns redan på rad %(first)s.")
        else:
            message = _("Raden är en kopia av rad %(first)s.")
        reader.error(line, message % {"id": koha_id, "first": first})
    return added, len(batch) - added - len(duplicates)


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
            rows = reader.rows()
            while True:
                batch = []
                added, known = _store(run, itertools.islice(rows, BATCH), batch, reader)
                if not batch:
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
