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
import os
import threading
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


_decoding = threading.local()
REPLACE = "samverkan-replace"


def _replace_and_count(error):
    """Decode an invalid byte as U+FFFD and count it, so that clean files cost nothing."""
    _decoding.replaced += 1
    return "\ufffd", error.end


codecs.register_error(REPLACE, _replace_and_count)


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
    if number <= 0 or number >= 1 << 63:
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
        self.errors = []
        self.bad_rows = 0
        self.rows_read = 0
        self.codes = {}

    def error(self, line, message):
        self.bad_rows += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append([line, message])

    def rows(self):
        reader = csv.reader(self.text, delimiter=self.delimiter)
        width = len(self.columns)
        index = self.index
        get_id = index.get("branchtransfer_id")
        get_biblio = index.get("biblionumber")
        get_title = index.get("title")
        get_requested = index.get("daterequested")
        get_arrived = index.get("datearrived")
        get_cancelled = index.get("datecancelled")
        get_comments = index.get("comments")
        get_reason = index.get("reason")
        i_item, i_sent = index["itemnumber"], index["datesent"]
        i_from, i_to = index["frombranch"], index["tobranch"]
        codes = self.codes
        line = 1
        while True:
            start = line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                self.error(start, _("Raden kan inte läsas som CSV: %(error)s") % {"error": error})
                line = reader.line_num + 1  # the header was read before
                continue
            line = reader.line_num + 1  # the header was read before
            if not fields or fields == [""]:
                continue
            self.rows_read += 1
            if len(fields) != width:
                self.error(
                    start,
                    _("Raden har %(n)s fält men rubrikraden har %(width)s.")
                    % {"n": len(fields), "width": width},
                )
                continue
            try:
                # Decoding runs ahead of the rows: only once it has replaced a character
                # do the rows need a look.
                if _decoding.replaced and any("\ufffd" in field for field in fields):
                    raise RowError(_("Raden innehåller tecken som inte är giltig UTF-8."))
                itemnumber = parse_int(fields[i_item].strip(), "itemnumber", required=True)
                sent = parse_date(fields[i_sent].strip(), "datesent")
                requested = (
                    parse_date(fields[get_requested].strip(), "daterequested")
                    if get_requested is not None
                    else None
                )
                if sent is None and requested is None:
                    raise RowError(_("Varken datesent eller daterequested är ifyllt."))
                arrived = (
                    parse_date(fields[get_arrived].strip(), "datearrived")
                    if get_arrived is not None
                    else None
                )
                if arrived and sent and arrived < sent:
                    raise RowError(_("datearrived är före datesent."))
                cancelled = (
                    parse_date(fields[get_cancelled].strip(), "datecancelled")
                    if get_cancelled is not None
                    else None
                )
                from_branch = parse_code(fields[i_from].strip(), "frombranch")
                to_branch = parse_code(fields[i_to].strip(), "tobranch")
                koha_id = (
                    parse_int(fields[get_id].strip(), "branchtransfer_id", required=True)
                    if get_id is not None
                    else None
                )
                biblionumber = (
                    parse_int(fields[get_biblio].strip(), "biblionumber")
                    if get_biblio is not None
                    else None
                )
                reason = fields[get_reason].strip() if get_reason is not None else ""
                if reason in NULLS:
                    reason = ""
                elif len(reason) > 40:
                    raise RowError(_("reason är längre än 40 tecken."))
            except RowError as error:
                self.error(start, str(error))
                continue
            title = fields[get_title].strip()[:500] if get_title is not None else ""
            comments = fields[get_comments] if get_comments is not None else ""
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
                reason,
                start,
            )


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
            copy_sql = f"COPY {table} ({columns}, region_id, run_id) FROM STDIN"
            with cursor.copy(copy_sql) as copy:
                tail = (run.region_id, run.pk)
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
        with cursor.copy(f"COPY samverkan_staging ({columns}) FROM STDIN") as copy:
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
