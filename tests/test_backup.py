"""manage.py backup and restore: the demo data and its uploaded files come back identical in a
fresh database and storage; a damaged archive, and a database that is not empty, are refused
(one test: the demo data, a fresh database and the flush after a transaction=True test take
seconds each).

pg_dump runs in another process, so the data must be committed: transaction=True."""

import io
import tarfile
from contextlib import contextmanager
from io import StringIO

import psycopg
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from biblioteksportal.backups import DUMP
from biblioteksportal.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(out, "PNG")
    return out.getvalue()


def server():
    """psycopg's connection arguments for the test database's server (as in conftest)."""
    found = {k: connection.settings_dict[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}
    return {"user" if k == "USER" else k.lower(): v for k, v in found.items() if v}


def tables(name):
    """Every table of the public schema: its row count and the md5 of its rows; and every
    sequence's last value."""
    with psycopg.connect(dbname=name, **server()) as db:
        names = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        content = {
            table: db.execute(
                f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) "
                f'FROM "{table}" t'
            ).fetchone()
            for [table] in names
        }
        sequences = db.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
    return content, sorted(sequences)


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@contextmanager
def fresh_target(settings, folder):
    """The portal pointed at a new empty database and an empty media folder."""
    original = connection.settings_dict["NAME"]
    name = f"{original}_restored"
    with psycopg.connect(dbname="postgres", autocommit=True, **server()) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.MEDIA_ROOT = folder
    try:
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with psycopg.connect(dbname="postgres", autocommit=True, **server()) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def damaged(archive):
    """A copy of the archive with one byte of the database dump flipped."""
    with tarfile.open(archive) as tar:
        offset = tar.getmember(DUMP).offset_data + 100
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0xFF
    copy = archive.with_name("damaged.tar")
    copy.write_bytes(bytes(data))
    return copy


def test_a_backup_restores_every_table_and_file_into_a_fresh_database_only(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = media = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    region = Region.objects.get()
    region.logo = SimpleUploadedFile("logo.png", png())
    region.save()
    agreement = apps.get_model("samverkan", "AgreementVersion").objects.first()
    agreement.document = SimpleUploadedFile("avtal.pdf", b"%PDF-1.4 the agreement")
    agreement.save()
    expected = tables(connection.settings_dict["NAME"])
    call_command("backup", output=tmp_path, stdout=StringIO())
    [archive] = tmp_path.glob("backup-*.tar")
    restored = tmp_path / "restored"

    with fresh_target(settings, restored) as name:
        with pytest.raises(CommandError, match="Arkivet är skadat .*: database.dump"):
            call_command("restore", damaged(archive), stdout=StringIO())
        assert tables(name) == ({}, [])
        assert not restored.exists()

        call_command("restore", archive, stdout=StringIO())
        assert tables(name) == expected
        assert files(restored) == files(media)
        assert sorted(files(media)) == sorted([agreement.document.name, region.logo.name])

        with pytest.raises(CommandError, match="Databasen .* är inte tom"):
            call_command("restore", archive, stdout=StringIO())
