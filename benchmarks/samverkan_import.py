"""Benchmark of the Koha branchtransfers import (issue 4), not a timed test.

    DATABASE_URL=… SECRET_KEY=x .venv/bin/python benchmarks/samverkan_import.py [--rows N]

Generates N transfer rows (default 1,000,000) as a Koha CSV export, then in the same run:
PostgreSQL's own COPY of the file into a bare table, both a regular one (logged, as the
portal's table is; the goal's measure) and a temporary one (not logged, for comparison); the
portal's import of the same file in a child process (rows/s as a ratio to COPY, and the
child's peak memory); the import again (idempotence: nothing added; its ratio to COPY and
the peak memory of both children); and the floating-collection pages over the year, timed,
with their query counts, first from the transfers (as while the summaries are older), then,
after making the summaries as the job queued by the imports does, from them. Works in its
own region (code 98), removed at the end.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biblioteksportal.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

CODE = "98"
BRANCHES = ["VAS", "KOP", "SAL", "FAG", "ARB", "HAL", "KUN", "NOR", "SUR", "SKI", "SJH"]
BARE = """
CREATE {kind} TABLE bench_bare (
    branchtransfer_id bigint, itemnumber bigint, biblionumber bigint, title text,
    daterequested timestamp, datesent timestamp, frombranch text, datearrived timestamp,
    datecancelled timestamp, tobranch text, comments text, reason text
)
"""


def child(path):
    """Run in a separate process: the import alone, so its peak memory is its own."""
    from biblioteksportal.models import Region
    from samverkan.koha import run_import
    from samverkan.models import TransferImport

    run = TransferImport.objects.create(region=Region.objects.get(code=CODE), file_name=path)
    started = time.perf_counter()
    run_import(run, path=path)
    elapsed = time.perf_counter() - started
    print(
        f"{elapsed} {run.status} {run.rows_read} {run.rows_added} {run.rows_known} {run.bad_rows}"
    )


def import_in_child(path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, __file__, "--child", path], stdout=subprocess.PIPE, text=True, check=True
    ).stdout.split()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    elapsed, status, read, added, known, bad = out[-6:]
    return float(elapsed), status, int(read), int(added), int(known), int(bad), max(peak, before)


def copy_baseline(path, kind):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        cursor.execute(BARE.format(kind=kind))
        started = time.perf_counter()
        with (
            open(path, "rb") as f,
            cursor.copy("COPY bench_bare FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := f.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_bare")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_bare")
    return elapsed, rows


def setup_region():
    from django.contrib.auth import get_user_model

    from biblioteksportal.models import Library, Profile, Region
    from samverkan.models import BranchCode

    cleanup()
    region = Region.objects.create(code=CODE, name="Benchmarkregionen", slug="benchmark")
    for code in BRANCHES:
        library = Library.objects.create(region=region, name=f"Bibliotek {code}", kind="main")
        BranchCode.objects.create(region=region, code=code, library=library)
    user = get_user_model().objects.create_user("benchmark-samverkan")
    Profile.objects.create(user=user, role="regional_staff", region=region)
    return region, user


def cleanup():
    from django.contrib.auth import get_user_model

    from biblioteksportal.models import Library, Region
    from samverkan.models import BranchCode, Transfer, TransferImport

    region = Region.objects.filter(code=CODE).first()
    if region:
        with connection.cursor() as cursor:  # the imports' queued refresh of the summaries
            cursor.execute(
                "DELETE FROM procrastinate_jobs WHERE queueing_lock = %s AND status = 'todo'",
                [f"summaries-{region.pk}"],
            )
        Transfer.objects.filter(region=region).delete()
        TransferImport.objects.filter(region=region).delete()
        BranchCode.objects.filter(region=region).delete()
        get_user_model().objects.filter(username="benchmark-samverkan").delete()
        Library.objects.filter(region=region).delete()
        region.delete()


def time_page(client, url, params):
    client.get(url, params, secure=True)  # warm; HTTPS, as production redirects to it
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, params, secure=True)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        return child(args.child)

    from django.core.management import call_command
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samverkan.generate import generate
    from samverkan.services import make_summaries

    call_command("collectstatic", "--noinput", verbosity=0)  # the pages link the assets
    region, user = setup_region()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "branchtransfers.csv")
            started = time.perf_counter()
            with open(path, "w", encoding="utf-8", newline="") as out:
                rows = generate(out, BRANCHES, args.rows, year=2019)
            size = os.path.getsize(path)
            print(
                f"generated {rows:,} rows ({size / 1e6:.0f} MB) in "
                f"{time.perf_counter() - started:.1f} s"
            )

            temporary_s, copied = copy_baseline(path, "TEMPORARY")
            copy_s, copied = copy_baseline(path, "")
            for kind, seconds in [("", copy_s), ("temporary ", temporary_s)]:
                print(
                    f"PostgreSQL COPY into a bare {kind}table: {copied:,} rows in {seconds:.2f} s "
                    f"= {copied / seconds:,.0f} rows/s"
                )

            elapsed, status, read, added, known, bad, peak_kb = import_in_child(path)
            print(
                f"portal import: {status}, {read:,} read, {added:,} added, {bad} bad, "
                f"in {elapsed:.2f} s = {read / elapsed:,.0f} rows/s"
            )
            print(f"  ratio to COPY: {copy_s / elapsed:.2f} (goal ≥ 0.6)")
            print(f"  ratio to COPY into the temporary table: {temporary_s / elapsed:.2f}")
            print(
                f"  peak memory of the importing process: {peak_kb / 1024:.0f} MB (goal < 300 MB)"
            )

            again = import_in_child(path)
            print(
                f"import again: {again[3]:,} added, {again[4]:,} already there, in {again[0]:.2f} s"
                f" = {again[2] / again[0]:,.0f} rows/s"
            )
            print(f"  ratio to COPY: {copy_s / again[0]:.2f} (goal ≥ 0.5)")
            print(f"  peak memory of either importing process: {again[6] / 1024:.0f} MB")

        client = Client()
        client.force_login(user)
        # Regional staff must have verified a second factor (biblioteksportal/otp.py).
        device = TOTPDevice.objects.create(user=user, name="benchmark")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        period = {"start": "2019-01-01", "end": "2019-12-31"}
        pages = [
            ("samverkan:floating", period),
            ("samverkan:back-and-forth", {**period, "days": 30}),
        ]
        for name, params in pages:
            elapsed, queries = time_page(client, reverse(name), params)
            print(f"page {name} from the transfers: {elapsed * 1000:.0f} ms, {queries} queries")
        started = time.perf_counter()
        make_summaries(region.pk)  # what the job the imports queued does, in a worker
        print(f"summaries made again (the queued job): {time.perf_counter() - started:.2f} s")
        for name, params in pages:
            elapsed, queries = time_page(client, reverse(name), params)
            print(
                f"page {name} from the summaries: {elapsed * 1000:.0f} ms, {queries} queries"
                " (goal ≤ 250 ms)"
            )
    finally:
        cleanup()


if __name__ == "__main__":
    main()
