"""Two application servers behind haproxy on one PostgreSQL (issue 16): a check, not a timing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/two_instances.py

It makes a database of its own on DATABASE_URL's server (a copy of TEMPLATE_DATABASE when that
names a migrated database, else migrated), starts moto's S3 server for the uploaded files
(MEDIA_ROOT must stay empty), two gunicorn instances with the same settings (DEBUG off, the page
cache in Redis database 9 when 127.0.0.1:6379 answers) and haproxy in front of them (round
robin, the readiness check /halsa/klar/), and shows:

 1. a login through one instance (password and second factor) is valid on the other;
 2. a document uploaded through one downloads through the other (the access-checked view);
 3. the login lockout holds across both: failures spread over the two lock the username;
 4. stopping an instance (SIGTERM, then SIGKILL of another) while public-form submissions run
    through haproxy loses none: every answered one is stored, the failed ones succeed when
    sent again, each is stored once, and the other instance keeps answering;
 5. a queue worker killed during a Koha import uploaded through haproxy leaves it to the next
    worker, which stores every row once.

It prints a line per check and exits non-zero when any fails. Everything it started is stopped
and its database dropped at the end.
"""

import contextlib
import itertools
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REDIS_URL = "redis://127.0.0.1:6379/9"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = secrets.token_urlsafe(12)
NUMBERS = itertools.count(1)  # of the training registrations, each for its own e-mail address


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def answers(url):
    try:
        return requests.get(url, timeout=1, allow_redirects=False).status_code == 200
    except requests.RequestException:
        return False


class Processes:
    """The processes started here, each in a session of its own, stopped at the end."""

    def __init__(self, folder, environment):
        self.folder, self.environment, self.started = folder, environment, []

    def start(self, name, *command):
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (kept for the process)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append((process, log))
        return process

    def stop_all(self):
        for process, log in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            log.close()


class Browser:
    """A browser's cookies, and its address as an outer load balancer would append it to
    X-Forwarded-For. A form is sent with the token of its page (or the one given) and a
    Referer, as a browser sends it."""

    def __init__(self, address):
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = address

    def get(self, url):
        return self.session.get(url, allow_redirects=False, timeout=30)

    def post(self, url, data, files=None, token=None):
        token = token or CSRF_FIELD.search(self.get(url).text)[1]
        return self.session.post(
            url,
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
            headers={"Referer": url},
            allow_redirects=False,
            timeout=60,
        )


# --- Set-up: the database, the data, object storage, the instances and haproxy ---


def server():
    """A connection to DATABASE_URL's server, outside the script's database."""
    return psycopg.connect(os.environ["DATABASE_URL"], dbname="postgres", autocommit=True)


def create_database(name):
    """The database `name`, a copy of TEMPLATE_DATABASE if set; returns its URL and whether
    it is still to be migrated."""
    template = os.environ.get("TEMPLATE_DATABASE")
    with server() as db:
        for _ in range(50):  # another session may be copying the template at the same moment
            try:
                db.execute(
                    f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
                )
                break
            except psycopg.errors.ObjectInUse:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the template {template} is in use")
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    return url, not template


def drop_database(name):
    with server() as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_moto(processes):
    port = free_port()
    processes.start(
        "moto", str(Path(PYTHON).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: answers(f"{url}/moto-api/"), "moto_server")
    return url


def start_instance(processes, name, port):
    """gunicorn with two workers; wait for it with `ready`."""
    return processes.start(
        name,
        PYTHON,
        "-m",
        "gunicorn",
        "biblioteksportal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
        "--preload",
    )


def ready(port):
    wait_for(lambda: answers(f"http://127.0.0.1:{port}/halsa/klar/"), f"the instance on {port}")


HAPROXY = """\
global
    maxconn 200
defaults
    mode http
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout queue 30s
    retries 3
    option redispatch 1
frontend portal
    bind 127.0.0.1:{port}
    option forwardfor
    default_backend web
backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri /halsa/klar/ ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server check inter 200ms fall 1 rise 1 maxconn 2
    server a 127.0.0.1:{a} observe layer4 error-limit 1 on-error mark-down
    server b 127.0.0.1:{b} observe layer4 error-limit 1 on-error mark-down
"""


def make_data():
    """A region with a municipality, its library (Koha code VAS and KOP), a regional staff
    user with an authenticator app, a reporter, a user to lock out, an open training event and
    an open survey round."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from biblioteksplaner.models import Report, SurveyRound
    from biblioteksplaner.services import open_round
    from biblioteksportal.choices import LibraryKind, Role
    from biblioteksportal.models import Library, Municipality, Profile, Region
    from kompetens.choices import EventKind
    from kompetens.models import TrainingEvent
    from samverkan.models import BranchCode

    region = Region.objects.create(name="Region Exempel", code="99", slug="exempel")
    municipality = Municipality.objects.create(region=region, name="Exempelby", code="9980")
    library = Library.objects.create(
        region=region, municipality=municipality, name="Exempelby bibliotek", kind=LibraryKind.MAIN
    )
    for code in ("VAS", "KOP"):
        BranchCode.objects.create(region=region, code=code, library=library)
    users = {}
    for username, role, staff in [
        ("personal", Role.REGIONAL_STAFF, True),
        ("rapportor", Role.REPORTER, False),
        ("chef", Role.LIBRARY_HEAD, False),
    ]:
        users[username] = get_user_model().objects.create_user(
            username, password=PASSWORD, is_staff=staff
        )
        Profile.objects.create(
            user=users[username],
            role=role,
            region=region,
            municipality=None if staff else municipality,
        )
    device = TOTPDevice.objects.create(user=users["personal"], name="app", confirmed=True)
    start = timezone.now() + timedelta(days=30)
    event = TrainingEvent.objects.create(
        region=region,
        title="Digital källkritik",
        kind=EventKind.HALF_DAY,
        start=start,
        end=start + timedelta(hours=4),
        place="Exempelby bibliotek",
        capacity=1000,
    )
    survey = open_round(
        SurveyRound(region=region, title="Uppföljning", year=2019, deadline=date(2019, 10, 31))
    )
    report = Report.objects.get(round=survey)
    return region, device, event, report


def pdf():
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- The checks ---


def login(url, username, address, device=None):
    """A browser logged in through `url` (with the app's code where the user has one)."""
    from django_otp.oath import totp

    browser = Browser(address)
    response = browser.post(f"{url}/konto/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login of {username}: {response.status_code}"
    if device:
        code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
        response = browser.post(f"{url}/konto/tvafaktor/", {"code": code, "next": "/"})
        assert response.status_code == 302, f"second factor: {response.status_code}"
    return browser


def check_login(a, b, device):
    staff = login(a, "personal", "192.0.2.1", device)
    other = Browser("192.0.2.1")
    other.session.cookies.set("sessionid", staff.session.cookies["sessionid"])
    assert Browser("192.0.2.1").get(f"{b}/admin/").status_code == 302  # anonymous: log in
    response = other.get(f"{b}/admin/")
    assert response.status_code == 200, f"B answered {response.status_code}"
    return staff, "staff logged in through A (password, app code): B shows the admin to its cookie"


def check_document(a, b, report, bucket):
    from biblioteksplaner.choices import AdoptingBody

    reporter = login(a, "rapportor", "192.0.2.2")
    content = pdf()
    response = reporter.post(
        f"{a}/biblioteksplaner/rapport/{report.pk}/",
        {
            "has_plan": "on",
            "plan_title": "Biblioteksplan 2020–2023",
            "adopted_by": AdoptingBody.MUNICIPAL_COUNCIL,
            "decision_date": "2019-12-16",
            "start": "2020-01-01",
            "end": "2023-12-31",
            "action": "save",
            "loaded_version": report.version,
        },
        files={"document": ("plan.pdf", content, "application/pdf")},
    )
    assert response.status_code == 302, f"upload through A: {response.status_code}"
    report.refresh_from_db()
    assert report.document.name in bucket.files(), "the document is not in the bucket"
    response = reporter.get(f"{b}/biblioteksplaner/rapport/{report.pk}/dokument/")
    assert response.status_code == 200 and response.content == content, "download through B"
    anonymous = Browser("192.0.2.3").get(f"{b}/biblioteksplaner/rapport/{report.pk}/dokument/")
    assert anonymous.status_code == 302, "an anonymous download was not sent to log in"
    return (
        f"reporter's PDF ({len(content)} bytes) uploaded through A into the bucket, "
        "the same bytes downloaded through B; anonymous sent to log in"
    )


def check_lockout(a, b):
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT
    statuses = []
    for attempt in range(1, limit + 1):
        url = a if attempt % 2 else b
        browser = Browser(
            f"198.51.100.{attempt}"
        )  # another address each time: the username's count
        statuses.append(
            browser.post(f"{url}/konto/login/", {"username": "chef", "password": "fel"}).status_code
        )
    right = Browser("198.51.100.99").post(
        f"{a}/konto/login/", {"username": "chef", "password": PASSWORD}
    )
    assert statuses == [200] * (limit - 1) + [429], f"failures answered {statuses}"
    assert right.status_code == 429, f"the right password after the lockout: {right.status_code}"
    return (
        f"{limit} failed logins for one username alternating A and B (a new address each): "
        f"answered {statuses}, then the right password 429"
    )


class Writes:
    """Training registrations through haproxy from four threads, each from a new address for a
    new e-mail address, until stopped; the answer to each is kept ("ok" or why it failed)."""

    def __init__(self, url, event):
        self.page, self.event = f"{url}/kompetens/utbildning/{event.pk}/", event
        self.library = event.region.libraries.get().pk
        self.answers = {}
        self.running = threading.Event()

    def submit(self, browser, token, n):
        browser.session.headers["X-Forwarded-For"] = f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"
        data = {
            "name": f"Deltagare {n}",
            "email": f"deltagare{n}@example.org",
            "library": self.library,
            "homepage": "",
        }
        try:
            response = browser.post(self.page, data, token=token)
        except requests.RequestException as error:
            return type(error).__name__
        if response.status_code == 302:
            return "ok"
        if "redan anmäld" in response.text:  # sent again: stored, its first answer was lost
            return "stored before"
        return str(response.status_code)

    def writer(self):
        browser = Browser("10.255.255.255")
        token = CSRF_FIELD.search(browser.get(self.page).text)[1]
        while self.running.is_set():
            n = next(NUMBERS)
            self.answers[n] = self.submit(browser, token, n)

    def __enter__(self):
        self.running.set()
        self.threads = [threading.Thread(target=self.writer) for _ in range(4)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running.clear()
        for thread in self.threads:
            thread.join()

    def done(self):
        return sum(answer == "ok" for answer in list(self.answers.values()))

    def settle(self):
        """Send the failed ones again, and check that every one is stored, once. Returns why
        they failed and what their second sending answered, with counts."""
        from kompetens.models import Registration

        failed = {n: answer for n, answer in self.answers.items() if answer != "ok"}
        browser = Browser("10.255.255.255")
        token = CSRF_FIELD.search(browser.get(self.page).text)[1]
        again = {n: self.submit(browser, token, n) for n in failed}
        assert all(a in ("ok", "stored before") for a in again.values()), f"again: {again}"
        stored = Registration.objects.filter(event=self.event).values_list("email", flat=True)
        stored = list(stored)
        wanted = {f"deltagare{n}@example.org" for n in self.answers}
        assert len(stored) == len(set(stored)), "a registration is stored twice"
        assert wanted <= set(stored), f"lost: {sorted(wanted - set(stored))}"
        return Counter(failed.values()), Counter(again.values())


def check_stop(url, event, instances, processes, ports):
    lines = []
    for name, how in [("a", signal.SIGTERM), ("b", signal.SIGKILL)]:
        with Writes(url, event) as writes:
            time.sleep(1)
            before = writes.done()
            if how == signal.SIGTERM:
                os.kill(instances[name].pid, how)  # gunicorn's master: a graceful stop
            else:
                os.killpg(instances[name].pid, how)  # the master and its workers
            instances[name].wait()
            stopped = writes.done()
            time.sleep(1.5)
        after = writes.done() - stopped
        assert after > 0, f"nothing answered after {name.upper()} stopped"
        failed, again = writes.settle()
        lines.append(
            f"{how.name} to {name.upper()} after {before} registrations: {len(writes.answers)} "
            f"sent, {after} answered after the stop, failed {dict(failed)}, sent again "
            f"{dict(again)}; each stored once"
        )
        if name == "a":
            instances["a"] = start_instance(processes, "a", ports["a"])
            ready(ports["a"])
            time.sleep(0.5)  # haproxy's check (every 200 ms) sees it up again
    assert answers(f"{url}/halsa/klar/"), "haproxy has no instance left"
    return "\n" + "\n".join(f"         {line}" for line in lines)


def check_import(url, staff, region, processes):
    from django.db import connection
    from procrastinate.exceptions import AlreadyEnqueued

    from biblioteksportal.tasks import retry_stalled_jobs
    from samverkan.choices import ImportStatus
    from samverkan.koha.storing import BATCH
    from samverkan.models import Transfer, TransferImport

    rows = 2 * BATCH
    header = (
        "branchtransfer_id,itemnumber,biblionumber,title,daterequested,datesent,frombranch,"
        "datearrived,datecancelled,tobranch,comments,reason\n"
    )
    body = "".join(f"{i},{i},1,T,2019-01-01,2019-01-01,VAS,,,KOP,,R\n" for i in range(1, rows + 1))
    worker = processes.start("worker-1", PYTHON, "manage.py", "procrastinate", "worker")
    response = staff.post(
        f"{url}/admin/samverkan/transferimport/add/",
        {"region": region.pk, "_save": "Spara"},
        files={"file": ("branchtransfers.csv", (header + body).encode(), "text/csv")},
    )
    assert response.status_code == 302, f"the upload through haproxy: {response.status_code}"
    run = TransferImport.objects.get()

    def imported():
        run.refresh_from_db()
        return run.rows_added

    wait_for(imported, "the import's first batch", timeout=60)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    run.refresh_from_db()
    first = Transfer.objects.count()
    assert run.status == ImportStatus.RUNNING and 0 < first < rows, "not killed mid-import"
    with connection.cursor() as cursor:  # as if 30 s had passed without the worker's heartbeat
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 minute'"
        )
    with contextlib.suppress(AlreadyEnqueued):
        retry_stalled_jobs.defer(timestamp=0)
    processes.start("worker-2", PYTHON, "manage.py", "procrastinate", "worker")
    wait_for(lambda: imported() and run.status == ImportStatus.DONE, "the import's end", 60)
    counts = (run.rows_read, run.rows_added, run.rows_known, run.bad_rows)
    assert counts == (rows, rows, 0, 0), f"read, added, known, bad: {counts}"
    stored = Transfer.objects.count()
    distinct = Transfer.objects.values("line").distinct().count()
    assert stored == distinct == rows, f"{stored} rows stored, {distinct} distinct"
    return (
        f"Koha export of {rows} rows uploaded through haproxy; worker SIGKILLed after "
        f"{first} rows; the next worker finished it: {stored} rows, each once"
    )


class Bucket:
    def __init__(self, endpoint, name, keys):
        import boto3

        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="eu-north-1",
            aws_access_key_id=keys[0],
            aws_secret_access_key=keys[1],
        )
        self.name = name
        self.client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )

    def files(self):
        found = self.client.list_objects_v2(Bucket=self.name).get("Contents", [])
        return sorted(entry["Key"] for entry in found)


def main():
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="two_instances_"))
    name = f"two_instances_{secrets.token_hex(4)}"
    database_url, migrate = create_database(name)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "DEMO": "false",
        "SECURE_COOKIES": "false",  # plain HTTP on loopback: no TLS proxy in front
        "HTTPS_REDIRECT": "false",
        "HSTS": "false",
        "TRUSTED_PROXIES": "2",  # haproxy, and an outer load balancer (the script's header)
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "S3_BUCKET": "portal",
        "S3_REGION": "eu-north-1",
        "S3_ACCESS_KEY_ID": "two-instances",
        "S3_SECRET_ACCESS_KEY": "two-instances-secret",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    with contextlib.suppress(redis.RedisError):
        if redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping():
            environment["REDIS_URL"] = REDIS_URL
    processes = Processes(folder, environment)
    failures = 0
    try:
        environment["S3_ENDPOINT_URL"] = start_moto(processes)
        os.environ.update(environment)
        os.environ["DJANGO_SETTINGS_MODULE"] = "biblioteksportal.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        if migrate:
            call_command("migrate", verbosity=0, interactive=False)
        from django.conf import settings

        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():  # else collected
            call_command("collectstatic", verbosity=0, interactive=False)
        bucket = Bucket(
            environment["S3_ENDPOINT_URL"],
            "portal",
            (environment["S3_ACCESS_KEY_ID"], environment["S3_SECRET_ACCESS_KEY"]),
        )
        region, device, event, report = make_data()
        ports = {"a": free_port(), "b": free_port(), "haproxy": free_port()}
        instances = {n: start_instance(processes, n, ports[n]) for n in ("a", "b")}
        for n in instances:
            ready(ports[n])
        config = folder / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=ports["haproxy"], a=ports["a"], b=ports["b"]))
        processes.start("haproxy", "/usr/sbin/haproxy", "-db", "-f", str(config))
        a, b, url = (f"http://127.0.0.1:{ports[n]}" for n in ("a", "b", "haproxy"))
        wait_for(lambda: answers(f"{url}/halsa/klar/"), "haproxy")
        print(
            f"Two gunicorn instances A ({a}) and B ({b}) behind haproxy ({url}), database "
            f"{name}, files in moto_server's bucket, page cache "
            f"{environment.get('REDIS_URL', 'in memory')}; set up in "
            f"{time.monotonic() - started:.1f} s"
        )
        staff = None
        checks = [
            ("login", lambda: check_login(a, b, device)),
            ("document", lambda: check_document(a, b, report, bucket)),
            ("lockout", lambda: check_lockout(a, b)),
            ("stop", lambda: check_stop(url, event, instances, processes, ports)),
            ("import", lambda: check_import(url, staff, region, processes)),
        ]
        for number, (title, check) in enumerate(checks, start=1):
            began = time.monotonic()
            try:
                result = check()
                if title == "login":
                    staff, result = result
                print(f"ok     {number}. {result} ({time.monotonic() - began:.1f} s)")
            except Exception as error:  # noqa: BLE001 (reported, then the next check)
                failures += 1
                print(f"FAILED {number}. {title}: {type(error).__name__}: {error}")
        media = folder / "media"
        if media.exists() and any(media.rglob("*")):
            failures += 1
            print(f"FAILED files on the local disk: {sorted(media.rglob('*'))}")
        else:
            print(f"ok     nothing on the local disk; in the bucket: {len(bucket.files())} files")
    finally:
        processes.stop_all()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        drop_database(name)
        if failures:
            print(f"logs: {folder}")
        else:
            shutil.rmtree(folder)
    print(f"{'FAILED' if failures else 'passed'} in {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
