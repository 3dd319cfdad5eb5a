"""Restore an archive of `manage.py backup` into an empty database and storage."""

import hashlib
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from biblioteksportal.backups import DUMP, MANIFEST, MEDIA, run_pg, stored_files


def damaged(reason):
    return CommandError(
        f"Arkivet är skadat och återställs inte / The archive is damaged and is not restored: "
        f"{reason}"
    )


def verified(tar):
    """The archive's manifest, once every member has been found with its size and SHA-256."""
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
        members = manifest["members"]
    except (KeyError, ValueError, TypeError) as error:
        raise damaged(f"{MANIFEST} ({error})") from None
    found = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        expected = members.get(member.name)
        if expected is None:
            raise damaged(f"{member.name} (not in {MANIFEST})")
        digest = hashlib.file_digest(tar.extractfile(member), "sha256").hexdigest()
        if member.size != expected["size"] or digest != expected["sha256"]:
            raise damaged(f"{member.name} (checksum)")
        found.add(member.name)
    if missing := set(members) - found:
        raise damaged(f"{', '.join(sorted(missing))} (missing)")
    return manifest


class Command(BaseCommand):
    help = (
        "Restores an archive of `manage.py backup` (checksums verified first) into the "
        "configured database and the default storage, both of which must be empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive (backup-<time>.tar)")

    def handle(self, *args, path, **options):
        try:
            with tarfile.open(path, "r:") as tar:
                manifest = verified(tar)
        except tarfile.TarError as error:
            raise damaged(str(error)) from None
        except OSError as error:
            raise CommandError(str(error)) from None
        self.refuse_unless_empty()
        with tarfile.open(path, "r:") as tar, tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / DUMP
            with dump.open("wb") as file:
                shutil.copyfileobj(tar.extractfile(DUMP), file)
            run_pg(
                "pg_restore",
                "--dbname",
                settings.DATABASES["default"]["NAME"],
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(dump),
            )
            files = [name for name in manifest["members"] if name.startswith(MEDIA)]
            for name in files:
                default_storage.save(name.removeprefix(MEDIA), File(tar.extractfile(name)))
        self.stdout.write(
            f"Restored the database of {manifest['created']} and {len(files)} file(s)."
        )

    def refuse_unless_empty(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            [tables] = cursor.fetchone()
        if tables:
            name = settings.DATABASES["default"]["NAME"]
            raise CommandError(
                f"Databasen {name} är inte tom ({tables} tabeller): återställ bara till en "
                f"tom databas. / The database {name} is not empty ({tables} tables): restore "
                "into an empty database only."
            )
        if stored_files(default_storage):
            raise CommandError(
                "Lagringen för uppladdade filer (MEDIA_ROOT eller S3_BUCKET) är inte tom. / "
                "The storage of uploaded files (MEDIA_ROOT or S3_BUCKET) is not empty."
            )
