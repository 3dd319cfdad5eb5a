"""Load benchmark of the portal's read pages (issue 7), not a timed test.

    DATABASE_URL=… SECRET_KEY=x .venv/bin/python benchmarks/portal_load.py
        [--region 14] [--year 2025] [--duration 10] [--workers 3] [--connections 6]
        [--writes 50] [--report-only]

Run it on a database filled by `manage.py generate_national`. It makes the region's
summaries of its transfers first unless they are fresh (the queue's worker makes them after
an import; generate_national queues them), then starts gunicorn on
127.0.0.1 (a free port), logs in a library head and a regional staff user of the region (users
without passwords, session cookies made directly, with a verified second factor) and measures
with wrk (as HTTPS behind the TLS proxy: `X-Forwarded-Proto: https`), each in the same run:
the bare health check `/halsa/` with each user's cookie, before and after the pages, then the
county dashboard, the head's municipality page, the year page, the public plan register, the
public training calendar (the year's list and a month), the public directory of literary
actors and the indicator dashboard. It prints requests/s, the ratio to the bare view with
the same cookie (goal ≥ 0.3), median and 95th-percentile latency (goal ≤ 150 ms) and each
page's query count; with
`--writes N` it measures the same again while a thread commits N tiny transactions a second
(`SELECT txid_current();`, like `pgbench -n -R N`) and prints both. Before that, in this
process (after one request of the start page, so that no page pays the process's own first
request; one test client for all, as a worker has one application), the first request of each
page, which renders it (goal ≤ 100 ms), and the median of
five more that bypass the cache. Then the annual report of the year built and
rendered as PDF, as a ratio to WeasyPrint rendering the same finished HTML (goal ≤ 1.5); with
`--report-only`, only the report. A missed goal is printed, never an exit status. The users
and their sessions are removed at the end.
"""

import argparse
import functools
import gc
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biblioteksportal.settings")
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Set up as a gunicorn worker is (biblioteksportal/wsgi.py), so that the first requests
# measured below are a fresh worker's.
import biblioteksportal.wsgi  # noqa: E402, F401
from biblioteksportal import report  # noqa: E402
from biblioteksportal.choices import Role  # noqa: E402
from biblioteksportal.models import Municipality, Profile, Region, Year  # noqa: E402
from biblioteksportal.sessions import LOGIN_AT, SEEN_AT  # noqa: E402
from samverkan.queries import summarized  # noqa: E402
from samverkan.services import make_summaries  # noqa: E402

USERS = {"head": "benchmark.chef", "staff": "benchmark.regional"}
# wrk's summary as one line: requests, seconds, non-2xx, socket errors, median and p95 in µs
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %f %d %d %d %d\\n", summary.requests,
    summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""
RATIO_GOAL, P95_GOAL, FIRST_GOAL, REPORT_GOAL = 0.3, 150, 100, 1.5
HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy sends (SECURE_PROXY_SSL_HEADER)


def users(region):
    """A library head of the region's county town (the municipality code ending in 80) and a
    regional staff user, each with a fresh session; returns the users, the session keys by
    role and the municipality."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    municipalities = Municipality.objects.filter(region=region).order_by("code")
    municipality = municipalities.filter(code__endswith="80").first() or municipalities.first()
    found, keys = {}, {}
    for role, username in USERS.items():
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.set_unusable_password()
        user.save()
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "region": region,
                "role": Role.LIBRARY_HEAD if role == "head" else Role.REGIONAL_STAFF,
                "municipality": municipality if role == "head" else None,
            },
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # not axes
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[LOGIN_AT] = session[SEEN_AT] = int(time.time())  # (biblioteksportal/sessions.py)
        # a verified second factor, which regional staff must have (biblioteksportal/otp.py)
        device = TOTPDevice.objects.create(user=user, name="benchmark")
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        found[role], keys[role] = user, session.session_key
    return found, keys, municipality


def summaries(region):
    """The region's summaries of its transfers, which the pages read while they are fresh:
    made, as the queue's worker makes them after an import (generate_national queues them),
    unless they are; then vacuumed and analysed, as autovacuum soon does (a page reading
    rows just rewritten spends a third more)."""
    if not summarized(region):
        make_summaries(region.pk)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) samverkan_transfercount, samverkan_trip")


def remove_users(keys=()):
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=keys).delete()
    get_user_model().objects.filter(username__in=USERS.values()).delete()


@functools.cache
def process_client():
    """One test client for the process, as a worker has one application: its middleware is
    made at the process's first request (as a worker makes it when it starts), not again at
    each page's first (WhiteNoise reads every static file's headers when it is made)."""
    return Client()


def query_count(url, session_key):
    """The page's first request in this process, which renders it (query count and ms), the
    query count of the next, which the cache answers where the page keeps its body, and the
    median ms of five more that bypass the cache."""
    client = process_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key

    def get():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)  # HTTPS, as production redirects to it
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return len(queries), elapsed

    first, first_ms = get()
    cached, _ms = get()
    uncached = []
    for _ in range(5):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_current_xact_id()")
            uncached.append(get()[1])
            transaction.set_rollback(True)
    return first, first_ms, cached, statistics.median(uncached)


class Writer(threading.Thread):
    """Commits `rate` transactions a second that write no table (`SELECT txid_current()`, each
    on a schedule like pgbench's -R), on its own connection, until stopped."""

    def __init__(self, rate):
        super().__init__(daemon=True)
        self.rate, self.commits, self.stopped = rate, 0, threading.Event()

    def run(self):
        from django.db import connection  # this thread's own

        started = next_at = time.monotonic()
        try:
            with connection.cursor() as cursor:
                while not self.stopped.is_set():
                    cursor.execute("SELECT txid_current()")  # autocommit: one commit each
                    self.commits += 1
                    next_at += 1 / self.rate
                    self.stopped.wait(max(0, next_at - time.monotonic()))
        finally:
            connection.close()
            self.seconds = time.monotonic() - started

    def stop(self):
        self.stopped.set()
        self.join()
        return self.commits / self.seconds


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port, workers):
    env = {**os.environ, "DEBUG": "false", "DEMO": "false", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "biblioteksportal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    health = urllib.request.Request(f"http://127.0.0.1:{port}/halsa/", headers=HTTPS)
    for _ in range(300):
        try:
            with urllib.request.urlopen(health, timeout=1) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /halsa/")


def wrk(url, session_key, seconds, connections, script):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "-s", script]
    command += [arg for name, value in HTTPS.items() for arg in ("-H", f"{name}: {value}")]
    command.append(url)
    if session_key:
        command[1:1] = ["-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={session_key}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (\d+) ([\d.]+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, duration, bad, errors, p50, p95 = match.groups()
    if int(bad) or int(errors):
        raise SystemExit(f"{url}: {bad} non-2xx answers, {errors} socket errors\n{out}")
    return int(requests) / float(duration), int(p50) / 1000, int(p95) / 1000


def time_report(year_obj, user, repeat=3):
    """Median seconds of the annual report (query, build, PDF) and of WeasyPrint alone on the
    same finished HTML."""
    from weasyprint import HTML

    def whole():
        year = report.year_queryset(user).get(pk=year_obj.pk)
        return report.render_pdf(report.build(year), base_url="http://127.0.0.1/")

    year = report.year_queryset(user).get(pk=year_obj.pk)
    html = report.render_html(report.build(year))
    whole()  # warm: fonts, templates
    timings = {"report": [], "weasyprint": []}
    for _ in range(repeat):
        started = time.perf_counter()
        pdf = whole()
        timings["report"].append(time.perf_counter() - started)
        started = time.perf_counter()
        HTML(string=html, base_url="http://127.0.0.1/").write_pdf(pdf_variant="pdf/ua-1")
        timings["weasyprint"].append(time.perf_counter() - started)
    return statistics.median(timings["report"]), statistics.median(timings["weasyprint"]), html, pdf


def goal(met):
    return "goal met" if met else "goal NOT met"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--region", help="county code (default: the most municipalities)")
    parser.add_argument("--year", type=int, help="default: the year before the latest")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2 cores)")
    parser.add_argument("--connections", type=int, default=6, help="wrk connections")
    parser.add_argument("--writes", type=int, default=0, help="also with N commits a second")
    parser.add_argument("--report-only", action="store_true", help="only the annual report")
    args = parser.parse_args()

    regions = Region.objects.annotate(n=Count("municipalities")).order_by("-n", "code")
    region = regions.get(code=args.region) if args.region else regions.first()
    if region is None:
        raise SystemExit("No regions: run `manage.py generate_national` first.")
    years = Year.objects.filter(region=region).order_by("-year")
    year = years.get(year=args.year) if args.year else (years[1:2] or years)[0]
    call_command("collectstatic", interactive=False, verbosity=0)
    summaries(region)
    remove_users()
    found, keys, municipality = users(region)
    try:
        if args.report_only:
            print(f"{region} ({region.code}), year {year.year}")
        else:
            run(args, region, year, found, keys, municipality)
        print_report(year, found["staff"])
    finally:
        remove_users(keys.values())


def run(args, region, year, found, keys, municipality):
    print(
        f"{region} ({region.code}): {region.municipalities.count()} municipalities, year "
        f"{year.year}; library head of {municipality.name}; {args.workers} gunicorn workers, "
        f"wrk {args.connections} connections, {args.duration} s each"
    )
    pages = [
        ("dashboard", f"/oversikt/{year.year}/", "head"),
        ("municipality", f"/kommun/{municipality.code}/{year.year}/", "head"),
        ("year page", f"/verksamhetsar/{year.year}/", "staff"),
        ("plan register", "/biblioteksplaner/register/", "head"),
        ("calendar", f"/kompetens/{region.slug}/?ar={year.year}", "head"),
        ("calendar month", f"/kompetens/{region.slug}/kalender/{year.year}/10/", "head"),
        ("directory", f"/lasframjande/{region.slug}/aktorer/", "head"),
        ("indicators", f"/uppfoljning/{year.year}/", "head"),
    ]
    gc.collect()  # what collectstatic and the users left behind: not a fresh worker's
    query_count("/", keys["head"])  # the process's first request: connection, catalogs
    counts = {url: query_count(url, keys[role]) for _name, url, role in pages}
    counts["/halsa/"] = query_count("/halsa/", keys["head"])
    print(f"\n{'page':<16}{'first request: ms':>18}{'queries':>9}{'uncached: median ms':>21}")
    for name, url, _role in pages:
        first, first_ms, _cached, uncached_ms = counts[url]
        print(
            f"{name:<16}{first_ms:>18.0f}{first:>9}{uncached_ms:>21.0f}  "
            f"{goal(first_ms <= FIRST_GOAL)} (≤ {FIRST_GOAL} ms)"
        )

    port = free_port()
    server = start_gunicorn(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    cases = [
        ("without writes", 0),
        *([(f"with {args.writes} writes/s", args.writes)] if args.writes else []),
    ]
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(DONE)
            script.flush()

            def measure(url, role):
                wrk(base + url, keys[role], 2, args.connections, script.name)  # warm
                return wrk(base + url, keys[role], args.duration, args.connections, script.name)

            measured = []
            for case, rate in cases:
                writer = Writer(rate) if rate else None
                if writer:
                    writer.start()
                bare = {role: [measure("/halsa/", role)] for role in keys}
                results = [(name, url, role, measure(url, role)) for name, url, role in pages]
                for role in keys:
                    bare[role].append(measure("/halsa/", role))
                if writer:
                    case += f" (committed {writer.stop():.1f}/s)"
                measured.append((case, bare, results))
    finally:
        os.killpg(server.pid, 15)
        server.wait()

    for case, bare, results in measured:
        print_pages(case, bare, results, counts)


def print_pages(case, bare, results, counts):
    print(
        f"\n{case}\n{'page':<16}{'url':<42}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}"
        "  queries"
    )
    for role, runs in bare.items():
        for when, (rps, p50, p95) in zip(("before", "after"), runs, strict=True):
            name = f"bare ({role}, {when})"
            print(f"{name:<26}{'/halsa/':<32}{rps:>9.0f}{'':>8}{p50:>9.1f}{p95:>9.1f}", end="")
            print(f"  {counts['/halsa/'][2]:>7}")
    for name, url, role, (rps, p50, p95) in results:
        ratio = rps / statistics.mean(r[0] for r in bare[role])
        print(
            f"{name:<16}{url:<42}{rps:>9.1f}{ratio:>8.3f}{p50:>9.1f}{p95:>9.1f}  "
            f"{counts[url][2]:>7}  {goal(ratio >= RATIO_GOAL and p95 <= P95_GOAL)} "
            f"(≥ {RATIO_GOAL}, p95 ≤ {P95_GOAL} ms)"
        )


def print_report(year, user):
    whole, weasy, html, pdf = time_report(year, user)
    print(
        f"\nannual report {year.year} (HTML {len(html) // 1000} kB, PDF {len(pdf) // 1000} kB): "
        f"build + PDF {whole:.2f} s, WeasyPrint alone on the same HTML {weasy:.2f} s, "
        f"ratio {whole / weasy:.2f}  {goal(whole / weasy <= REPORT_GOAL)} (≤ {REPORT_GOAL})"
    )


if __name__ == "__main__":
    main()
