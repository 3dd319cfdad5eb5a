"""The test databases' template: migrated once per content of the migrations and the data
versions' triggers, then copied for each test process (`CREATE DATABASE … TEMPLATE`):
migrating takes a quarter of a minute of CPU, copying well under a second. Templates of other
content are dropped.

The demo template is the template with the demo data loaded (`load_demo`), made with it and
named by it, by the sources of the portal's apps and by the day (the demo dates a few rows by
the clock): a test process copies it for the modules that read the demo county (demo_county in
tests/conftest.py) instead of loading it once for each of them.

`python -m tests.template` makes them before the suite starts (the Makefile runs it beside the
checks, on the other core); the suite's django_db_setup makes them if they are missing, under
the same lock."""

import datetime
import fcntl
import hashlib
import os
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import psycopg


def server(settings):
    keys = {k: settings[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if settings[k]}
    return {"user" if k == "USER" else k.lower(): v for k, v in keys.items()}


def name(settings):
    """The template's name for the current migrations and triggers."""
    from django.apps import apps

    from biblioteksportal import versions

    # every installed app's migrations, the libraries' (axes, otp) included
    folders = [Path(app.path) / "migrations" for app in apps.get_app_configs()]
    migrations = sorted(p for folder in folders for p in folder.glob("*.py"))
    content = b"".join(p.read_bytes() for p in migrations) + versions.statements().encode()
    return f"test_{settings['NAME']}_template_{hashlib.sha1(content).hexdigest()[:10]}"


ROOT = Path(__file__).resolve().parent.parent
# what the demo data is made from: the apps' code and data, the templates, the translations
DEMO_SOURCES = ["biblioteksportal", "samverkan", "kompetens", "biblioteksplaner", "lasframjande"]
DEMO_SOURCES += ["templates", "locale"]


demo_of = {}  # the template's name: the name of its demo template, as ensure() made it


def demo_name(template):
    """The demo template's name for the template, the apps' sources and today."""
    digest = hashlib.sha1(datetime.date.today().isoformat().encode())
    for folder in DEMO_SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return f"{template}_demo_{digest.hexdigest()[:10]}"


def create(db, name, template="template1"):
    """A database whose commits do not wait for the disk (a test database needs no
    durability; a commit costs a millisecond or two instead of several)."""
    db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    db.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')


@contextmanager
def locked(template):
    """The lock of the template and its demo template, held while they are made or copied."""
    with open(f"/tmp/{template}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@contextmanager
def ensure(settings):
    """Make the template and the demo template unless they exist, and hold their lock; yields
    the template's name and an admin connection to the server."""
    template, base = name(settings), settings["NAME"]
    demo = demo_of[template] = demo_name(template)
    with locked(template), psycopg.connect(dbname="postgres", **server(settings)) as db:
        db.autocommit = True
        found = {
            row[0]
            for row in db.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [f"test_{base}_template_%"],
            )
        }
        for stale in found - {template, demo}:
            db.execute(f'DROP DATABASE IF EXISTS "{stale}"')
        if template not in found:
            fill(db, settings, template, "template1", migrate)
        if demo not in found:
            fill(db, settings, demo, template, load_demo)
        yield template, db


def fill(db, settings, name, template, make):
    """Database `name`, a copy of `template` that `make()` fills; dropped if it fails."""
    from django.db import connections

    base = settings["NAME"]
    create(db, name, template)
    connections["default"].close()
    settings["NAME"] = name
    try:
        make()
    except BaseException:
        connections["default"].close()
        db.execute(f'DROP DATABASE "{name}"')
        raise
    finally:
        settings["NAME"] = base
    connections["default"].close()


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load_demo():
    """The demo data as demo_county loaded it: in demo mode, with the suite's cheap hasher;
    then analysed, so that each copy has the planner's statistics of it (a copy made at once
    has none, and autovacuum does not analyse a test's transaction: without them the
    dashboard's queries take three times as long)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(DEMO=True, PASSWORD_HASHERS=hashers):
        call_command("load_demo", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biblioteksportal.settings")
    django.setup()
    from django.db import connections

    with ensure(connections["default"].settings_dict):
        pass
