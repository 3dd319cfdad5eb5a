"""Write one archive of the database and the uploaded files (see biblioteksportal.backups)."""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from biblioteksportal.backups import DUMP, MANIFEST, MEDIA, run_pg, stored_files


class Hashing:
    """A file that adds what is read from it (by tarfile) to its SHA-256."""

    def __init__(self, file):
        self.file, self.sha256 = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def add(tar, name, file, size, members):
    info = tarfile.TarInfo(name)
    info.size, info.mtime = size, int(time.time())
    hashing = Hashing(file)
    tar.addfile(info, hashing)
    members[name] = {"sha256": hashing.sha256.hexdigest(), "size": size}


def migration_state():
    """The latest applied migration of each app (by name: they are numbered)."""
    latest = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = name
    return latest


class Command(BaseCommand):
    help = (
        "Writes one archive (tar) of the database (pg_dump, custom format) and every uploaded "
        "file, with a manifest of their SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive's path, or a folder for backup-<time>.tar (default: here)",
        )

    def handle(self, *args, output=None, **options):
        created = timezone.now()
        name = f"backup-{created:%Y%m%d-%H%M%S}.tar"
        path = output / name if output and output.is_dir() else output or Path(name)
        # Readable by its owner only (mkstemp's 0600): it holds the users' password hashes.
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
        members = {}
        try:
            with (
                os.fdopen(handle, "wb") as out,
                tarfile.open(fileobj=out, mode="w") as tar,
                tempfile.TemporaryDirectory() as folder,
            ):
                dump = Path(folder) / DUMP
                run_pg("pg_dump", "--format=custom", "--file", str(dump))
                with dump.open("rb") as file:
                    add(tar, DUMP, file, dump.stat().st_size, members)
                for stored in stored_files(default_storage):
                    with default_storage.open(stored) as file:
                        add(tar, MEDIA + stored, file, default_storage.size(stored), members)
                manifest = json.dumps(
                    {
                        "created": created.isoformat(),
                        "migrations": migration_state(),
                        "members": members,
                    },
                    indent=2,
                ).encode()
                add(tar, MANIFEST, io.BytesIO(manifest), len(manifest), {})
            os.replace(partial, path)
        finally:
            Path(partial).unlink(missing_ok=True)
        self.stdout.write(f"{path}: the database and {len(members) - 1} file(s).")
