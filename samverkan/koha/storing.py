"""Storing the checked rows: COPY in PostgreSQL's binary format (which spares it parsing
the text of every value), encoded from Arrow by pgpq and sent by a second thread, so that
PostgreSQL stores one block while the next is parsed. A batch of blocks is one transaction.
COPY goes straight into Transfer; when a key is already there (a file imported again, a
duplicated id) the batch goes through a staging table, which sorts out what is new, so
importing the same file again adds nothing."""

import itertools
from dataclasses import dataclass, field

import psycopg
import pyarrow as pa
import pyarrow.compute as pc
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _
from pgpq import ArrowToPostgresBinaryEncoder
from psycopg.copy import QueuedLibpqWriter

from ..models import Transfer
from .row_rules import SCHEMA, STAGING

BATCH = 150_000  # rows per transaction: the blocks until there are this many
PAYLOAD = SCHEMA.append(pa.field("region_id", pa.int64())).append(pa.field("run_id", pa.int64()))


def _create_staging(cursor):
    """The staging table of a batch (the session's own)."""
    cursor.execute(
        """
        CREATE TEMPORARY TABLE IF NOT EXISTS samverkan_staging (
            key bigint, koha_id bigint, itemnumber bigint, biblionumber bigint, title text,
            date date, requested date, sent date, arrived date, cancelled date,
            from_branch text, to_branch text, comments text, reason text,
            cancellation_reason text, line integer, region_id bigint, run_id bigint
        )
        """
    )


@dataclass
class State:
    """An import's state between its batches: `other`, the first and last day of the
    region's stored transfers of the other kind (without branchtransfer_id if the file has it,
    with it if not), or None; `seen`, per batch stored, its keys and the first line of each."""

    other: tuple | None
    seen: list = field(default_factory=list)

    def first_lines(self, keys, lines):
        """The first line of the import that held each of `keys` (`lines`: theirs); and
        this batch's keys and first lines kept for the next batches."""
        firsts = pa.table({"key": keys, "line": lines}).group_by("key").aggregate([("line", "min")])
        found = [pc.take(firsts["line_min"], pc.index_in(keys, value_set=firsts["key"]))]
        for seen in self.seen:
            found.append(pc.take(seen["line_min"], pc.index_in(keys, value_set=seen["key"])))
        self.seen.append(firsts)
        return pc.min_element_wise(*found)


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


def prepare(run, has_id):
    """The State of a new import."""
    days = Transfer.objects.filter(region=run.region_id, koha_id__isnull=has_id).aggregate(
        first=Min("date"), last=Max("date")
    )
    return State((days["first"], days["last"]) if days["first"] else None)


def store(run, tables, report, state):
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
    data, days, ids = [], [], []
    # A file imported again: no use trying COPY first, nor keeping the blocks for a retry.
    known = Transfer.objects.filter(region=run.region_id, key=first["key"][0].as_py()).exists()

    def blocks():
        yield encoder.write_header()
        for table in itertools.chain([first], batch):
            ids.append(table.select(["key", "koha_id", "line"]))
            days.extend(pc.min_max(table["date"]).values())
            for name, value in (("region_id", run.region_id), ("run_id", run.pk)):
                table = table.append_column(name, pa.nulls(len(table), pa.int64()).fill_null(value))
            for record_batch in table.to_batches():
                yield encoder.write_batch(record_batch)
        yield encoder.finish()

    def encode():
        for block in blocks():
            if not known:
                data.append(block)
            yield block

    stream = encode()
    other = state.other
    if not known:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _copy(cursor, Transfer._meta.db_table, stream)
                days = [day.as_py() for day in days]
                clash = other and min(days) <= other[1] and max(days) >= other[0]
                transaction.set_rollback(bool(clash))
            if not clash:
                ids = pa.concat_tables(ids).combine_chunks()
                # The table took every row, so each key is its own first line.
                state.seen.append(pa.table({"key": ids["key"], "line_min": ids["line"]}))
                return len(ids), len(ids), 0
        except psycopg.errors.UniqueViolation:
            pass
        for _chunk in stream:  # the rest of the batch, if COPY stopped early
            pass
        stream = data
    # A batch known at once is staged while it is read, as COPY into Transfer would be.
    return _through_staging(run, stream, ids, report, state)


def _through_staging(run, data, ids, report, state):
    """Stage the batch (the blocks `data`) and store its keys not yet there; returns (rows,
    added, known). Which rows repeat the key of an earlier line of the import is found from
    `ids` (the batch's keys, ids and lines, filled as `data` is read) in Arrow, against the
    keys of the import's batches before (`state`)."""
    table = Transfer._meta.db_table
    columns = ", ".join(STAGING)
    params = {"region": run.region_id, "run": run.pk}
    with transaction.atomic(), connection.cursor() as cursor:
        _create_staging(cursor)
        cursor.execute("TRUNCATE samverkan_staging")
        _copy(cursor, "samverkan_staging", data)
        ids = pa.concat_tables(ids).combine_chunks()
        keys = ids["key"]
        if state.other:
            # The same transfer exported before and after a Koha upgrade (without and with
            # branchtransfer_id): the same item, day sent, from and to branch. It takes the
            # stored transfer's key, so it counts as already imported.
            cursor.execute(
                f"""
                UPDATE samverkan_staging s SET key = t.key FROM {table} t
                WHERE t.region_id = %(region)s AND t.date = s.sent AND t.sent = s.sent
                  AND t.itemnumber = s.itemnumber AND t.from_branch = s.from_branch
                  AND t.to_branch = s.to_branch AND (t.koha_id IS NULL) <> (s.koha_id IS NULL)
                RETURNING s.line, t.key
                """,
                params,
            )
            taken = cursor.fetchall()
            index = pc.index_in(ids["line"], value_set=pa.array([r[0] for r in taken], pa.int32()))
            stored = pa.array([r[1] for r in taken], pa.int64())
            keys = pc.if_else(pc.is_null(index), keys, pc.take(stored, index))
        # The batch's keys as a range, which spares each join below a scan of all the
        # region's transfers.
        params["low"], params["high"] = pc.min_max(keys).as_py().values()
        # A plain insert of the keys not yet there (the first line of each) is twice as fast
        # as ON CONFLICT; a concurrent import of the same rows falls back to the latter.
        insert = f"""
            INSERT INTO {table} ({columns}, region_id, run_id)
            SELECT DISTINCT ON (key) {columns}, %(region)s, %(run)s FROM samverkan_staging s
            WHERE NOT EXISTS (
                SELECT 1 FROM {table} t WHERE t.region_id = %(region)s AND t.key = s.key
                AND t.key BETWEEN %(low)s AND %(high)s
            )
            ORDER BY key, line
        """
        try:
            with transaction.atomic():
                cursor.execute(insert, params)
        except IntegrityError:
            cursor.execute(insert + " ON CONFLICT DO NOTHING", params)
        # The rows this import stored: those just added, and those an earlier attempt of it
        # added (a job retried after its worker stopped), which count as added, not known.
        cursor.execute(
            f"""
            SELECT count(*) FROM samverkan_staging s JOIN {table} t
            ON t.region_id = %(region)s AND t.key = s.key
                AND t.key BETWEEN %(low)s AND %(high)s AND t.run_id = %(run)s
                AND t.line = s.line
            """,
            params,
        )
        (added,) = cursor.fetchone()
        # A file with the titles joined in gives them to the transfers stored without.
        cursor.execute(
            f"""
            UPDATE {table} t SET title = CASE WHEN t.title = '' THEN s.title ELSE t.title END,
                biblionumber = COALESCE(t.biblionumber, s.biblionumber)
            FROM samverkan_staging s
            WHERE t.region_id = %(region)s AND t.key = s.key
                AND t.key BETWEEN %(low)s AND %(high)s
              AND (t.title = '' AND s.title <> '' OR t.biblionumber IS NULL
                   AND s.biblionumber IS NOT NULL)
            """,
            params,
        )
    # Rows whose key an earlier line of the import already brought: duplicates, on every
    # import of the file.
    firsts = state.first_lines(keys, ids["line"])
    repeated = pc.not_equal(firsts, ids["line"])
    duplicates = ids.append_column("first", firsts).filter(repeated).to_pylist()
    for row in duplicates:
        if row["koha_id"]:
            message = _("branchtransfer_id %(id)s finns redan på rad %(first)s.")
        else:
            message = _("Raden är en kopia av rad %(first)s.")
        report(row["line"], message % {"id": row["koha_id"], "first": row["first"]})
    return len(keys), added, len(keys) - added - len(duplicates)
