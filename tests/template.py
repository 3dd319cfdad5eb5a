"""The test databases' template: migrated once per content of the migrations and the data
versions' triggers, then copied for each test process (`CREATE DATABASE … TEMPLATE`):
migrating takes a quarter of a minute of CPU, copying well under a second. Templates of other
content are dropped.

`python -m tests.template` makes it before the suite starts (the Makefile runs it beside the
checks, on the other core); the suite's django_db_setup makes it if it is missing, under the
same lock."""

import fcntl
import hashlib
import os
from contextlib import contextmanager
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


def create(db, name, template="template1"):
    """A database whose commits do not wait for the disk (a test database needs no
    durability; a commit costs a millisecond or two instead of several)."""
    db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    db.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')


@contextmanager
def ensure(settings):
    """Make the template unless it exists, and hold its lock; yields its name and an admin
    connection to the server."""
    from django.core.management import call_command
    from django.db import connections

    template, base = name(settings), settings["NAME"]
    with open(f"/tmp/{template}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with psycopg.connect(dbname="postgres", autocommit=True, **server(settings)) as db:
            found = {
                row[0]
                for row in db.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s",
                    [f"test_{base}_template_%"],
                )
            }
            for stale in found - {template}:
                db.execute(f'DROP DATABASE IF EXISTS "{stale}"')
            if template not in found:
                create(db, template)
                connections["default"].close()
                settings["NAME"] = template
                try:
                    call_command("migrate", verbosity=0, interactive=False)
                except BaseException:
                    connections["default"].close()
                    db.execute(f'DROP DATABASE "{template}"')
                    raise
                finally:
                    settings["NAME"] = base
                connections["default"].close()
            yield template, db


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biblioteksportal.settings")
    django.setup()
    from django.db import connections

    with ensure(connections["default"].settings_dict):
        pass
