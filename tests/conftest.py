"""Fixtures shared by the whole suite: the test database, a small county, a user per role,
query counting."""

import os
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblioteksportal.choices import Role
from biblioteksportal.models import Municipality, Region

from . import template
from .builders import make_user

ROOT = Path(__file__).resolve().parent.parent


# Modules with the longest tests (`--durations`), handed out first by pytest-xdist so that the
# two test processes end together rather than one waiting for the other's last long test; and
# modules whose module-scoped fixture is costly (test_presentation's report, made from the demo
# data), handed out early in large batches so that one process makes it, not both.
LONG_FIRST = [
    "tests/browser/test_admin_a11y.py",
    "tests/test_two_instances.py",
    "tests/test_hostile_input.py",
    "tests/test_generate_national.py",
    "tests/samverkan/test_import_jobs.py",
    "tests/test_round_trip.py",
    "tests/test_backup.py",
    "tests/test_publicforms.py",
    "tests/test_demo.py",
    "tests/test_nul_bytes.py",
    "tests/test_presentation.py",
]


def pytest_collection_modifyitems(items):
    def order(item):
        path = str(item.path.relative_to(ROOT))
        return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=order)


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """Each test process gets its own database, copied from the template (tests/template.py).
    Yields the template's name, for a test that copies it (tests/test_two_instances.py)."""
    from django.db import connections

    settings = connections["default"].settings_dict
    database = f"test_{settings['NAME']}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    with django_db_blocker.unblock(), template.ensure(settings) as (name, admin):
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        template.create(admin, database, name)
    settings["NAME"] = database
    connections["default"].close()
    yield name
    with django_db_blocker.unblock():
        connections.close_all()
        with psycopg.connect(dbname="postgres", autocommit=True, **template.server(settings)) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(autouse=True, scope="session")
def flush_by_delete():
    """A transactional test (transaction=True, the live server) ends with a flush of every
    table: by DELETE rather than Django's TRUNCATE, which makes every table's files anew (a
    second for the portal's 160 tables, against a few milliseconds; most tables are empty).
    The foreign keys are checked at commit; the audit's and the data versions' tables go last,
    after the rows whose deletion their triggers record."""
    from django.apps import apps
    from django.db.backends.postgresql.operations import DatabaseOperations
    from pghistory.models import Context, Event

    from biblioteksportal.models import DataVersion

    audit = {m._meta.db_table for m in apps.get_models() if issubclass(m, (Event, Context))}
    last = audit | {DataVersion._meta.db_table}
    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return truncate(self, style, tables, reset_sequences=True, allow_cascade=allow_cascade)
        return [f'DELETE FROM "{table}"' for table in sorted(tables, key=lambda t: t in last)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Django's advice for test suites: a cheap hasher. The production one (PBKDF2, a million
    rounds) costs a third of a second per user created or logged in, and the suite creates
    thousands."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    """The test client and the live server speak plain HTTP: no redirect to HTTPS (on without
    DEBUG; tests/test_headers.py turns it on where it tests it)."""
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True, scope="session")
def static_files_read_once():
    """WhiteNoise reads STATIC_ROOT when its middleware is made: a server process makes it
    once, a test client at its first request, and the suite makes a thousand clients (each
    read, 850 files' stat and headers, costs a twentieth of a second). Here each process reads
    a root once for the same settings and serves every later client the same files."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    read = WhiteNoiseMiddleware.update_files_dictionary
    found = {}

    def update_files_dictionary(self, root, prefix):
        # what the files' headers depend on: the root, DEBUG, the static settings, WhiteNoise's
        options = [(n, getattr(settings, n)) for n in dir(settings) if n.startswith("WHITENOISE_")]
        key = (type(self), root, prefix, settings.DEBUG, settings.STATIC_URL)
        key += (repr(settings.STORAGES), repr(sorted(options)))
        if key not in found:
            files, self.files = self.files, {}
            try:
                read(self, root, prefix)
                found[key] = self.files
            finally:
                self.files = {**files, **self.files}
        else:
            self.files.update(found[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "update_files_dictionary", update_files_dictionary)
        yield


@pytest.fixture(autouse=True)
def empty_queue(request, django_db_blocker):
    """A test that commits (transactional_db, live_server, the transaction mark) leaves an
    empty queue: the flush after it leaves procrastinate's tables (their models are not
    managed), and a later test's worker would run the jobs left there."""
    yield
    mark = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        mark and mark.kwargs.get("transaction")
    ):
        from django.db import connection

        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_workers CASCADE")


@pytest.fixture(autouse=True)
def swedish():
    """Each test starts in Swedish: a request in English leaves English active in the thread."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def run_jobs(db, monkeypatch):
    """Jobs deferred in the test go to procrastinate's in-memory queue (`run_jobs.queue`, its
    InMemoryConnector), and `run_jobs()` runs its worker until no job is due. The worker runs
    a synchronous task in a thread of its own (another database connection, outside the
    test's transaction); here it runs in the test's thread, and the connection is not closed
    after a job (as the test client leaves it open after a request). Periodic jobs are not
    deferred."""
    import procrastinate.utils
    from asgiref.sync import sync_to_async
    from procrastinate.contrib.django import app, db_cleanup
    from procrastinate.testing import InMemoryConnector

    def in_test_thread(func, *args, **kwargs):
        return sync_to_async(func)(*args, **kwargs)

    monkeypatch.setattr(procrastinate.utils, "sync_to_async", in_test_thread)
    monkeypatch.setattr(db_cleanup, "close_old_connections", lambda: None)
    monkeypatch.setattr(app.periodic_registry, "periodic_tasks", {})

    def run():
        run_worker()

    run.queue = InMemoryConnector()
    with app.replace_connector(run.queue):
        yield run


def run_committed_jobs(monkeypatch):
    """procrastinate's own worker on its own connections, as `manage.py procrastinate worker`
    runs it, until no committed job is due (for tests that commit); periodic jobs are not
    deferred."""
    from procrastinate.contrib.django import app

    monkeypatch.setattr(app.periodic_registry, "periodic_tasks", {})
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(wait=False, listen_notify=False, install_signal_handlers=False)


def run_worker():
    """What `run_jobs()` does, for helpers of test modules that use the run_jobs fixture."""
    from asgiref.sync import async_to_sync
    from procrastinate.contrib.django import app

    async_to_sync(app.run_worker_async)(
        wait=False, listen_notify=False, install_signal_handlers=False
    )


@pytest.fixture
def region(db):
    return Region.objects.create(name="Region Västmanland", code="19", slug="vastmanland")


@pytest.fixture
def vasteras(region):
    return Municipality.objects.create(region=region, name="Västerås", code="1980")


@pytest.fixture
def koping(region):
    return Municipality.objects.create(region=region, name="Köping", code="1983")


@pytest.fixture
def staff_user(region):
    return make_user("regional", Role.REGIONAL_STAFF, region, is_staff=True)


@pytest.fixture
def head_user(region, vasteras):
    return make_user("chef", Role.LIBRARY_HEAD, region, vasteras)


@pytest.fixture
def reporter_user(region, koping):
    """A reporter of another municipality than the library head's (Köping, not Västerås)."""
    return make_user("rapportor", Role.REPORTER, region, koping)


@pytest.fixture
def role_clients(client, staff_user, head_user, reporter_user):
    """A logged-in client per role, and the anonymous one."""
    from django.test import Client

    clients = {"anonymous": client}
    for name, user in [
        ("reporter", reporter_user),
        ("head", head_user),
        ("staff", staff_user),
    ]:
        clients[name] = Client()
        login(clients[name], user)
    return clients


def login(client, user):
    """force_login, and for a user who must have a second factor (biblioteksportal/otp.py) a
    verified one: a confirmed app device, named in the session as django_otp.login does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from biblioteksportal.otp import required

    client.force_login(user)
    if required(user):
        session = client.session
        device = TOTPDevice.objects.get_or_create(user=user, name="test")[0]
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_queries_constant(client, url, grow):
    """The page's query count with its data as it is, and after `grow()` adds ten times more.

    Returns the count, for the test to pin.
    """
    client.get(url)  # warm caches (content types, sessions) out of the count
    before = count_queries(client, url)
    grow()
    after = count_queries(client, url)
    assert before == after, f"{url}: {before} queries, {after} with ten times the data"
    return before


def _with_format(url, fmt):
    return f"{url}{'&' if '?' in url else '?'}format={fmt}"


def download(client, url, fmt):
    """A page's download (?format=csv or ?format=xlsx) read back: its rows as lists of text,
    the CSV with the csv module, the Excel file with openpyxl."""
    import csv
    from io import BytesIO, StringIO

    from openpyxl import load_workbook

    response = client.get(_with_format(url, fmt))
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    if fmt == "csv":
        return list(csv.reader(StringIO(response.content.decode())))
    sheet = load_workbook(BytesIO(response.content)).active
    return [["" if value is None else str(value) for value in row] for row in sheet.values]


def _number_or_text(text):
    try:
        return float(text)
    except ValueError:
        return text


def downloads(client, url):
    """The rows of a page's CSV download, checked to be those of its Excel download (where a
    number reads back as 2 rather than 2.0)."""
    rows = download(client, url, "csv")
    excel = download(client, url, "xlsx")
    assert [[_number_or_text(v) for v in row] for row in excel] == [
        [_number_or_text(v) for v in row] for row in rows
    ]
    return rows


def download_statuses(role_clients, url):
    """The status of the CSV download per role; an anonymous user is sent to log in."""
    statuses = {}
    for role, client in role_clients.items():
        response = client.get(_with_format(url, "csv"))
        if response.status_code == 302:
            assert "/konto/login/" in response["Location"], (role, response["Location"])
        statuses[role] = response.status_code
    return statuses


READERS = {"anonymous": 302, "reporter": 403, "head": 200, "staff": 200}
"""download_statuses of a page for library heads and regional staff."""


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """This process's copy of the demo template (tests/template.py), made when a module first
    asks for the demo county; its name."""
    from django.db import connections

    settings = connections["default"].settings_dict
    database = f"{settings['NAME']}_demo"
    server = template.server(settings)
    with django_db_blocker.unblock(), psycopg.connect(dbname="postgres", **server) as db:
        db.autocommit = True
        db.execute(f'DROP DATABASE IF EXISTS "{database}"')
        with template.locked(django_db_setup):
            template.create(db, database, template.demo_of[django_db_setup])
    yield database
    with django_db_blocker.unblock(), psycopg.connect(dbname="postgres", **server) as db:
        db.autocommit = True
        db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo_county(demo_database, django_db_blocker):
    """The demo data (the seed's county and 2019 in every area, with the demo users), for
    tests that only read it: the module's tests run on this process's copy of the demo
    template, inside a transaction that is rolled back after the module (each test still runs
    in its own savepoint, with `db`), and the tests after it on the test database again."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections, transaction

    def use(name):
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = name
        ContentType.objects.clear_cache()  # the ids of the other database's

    test_database = connections["default"].settings_dict["NAME"]
    with django_db_blocker.unblock():
        use(demo_database)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Region.objects.get()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            use(test_database)
