"""Uploaded files in an S3-compatible bucket (README: Object storage and Redis), against a real
S3 API: moto's standalone server, started once for the module on a free loopback port. Each
test gets a new bucket, and the default storage configured by settings.py from the S3_…
variables; nothing may reach the local disk."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from biblioteksplaner import services as plan_services
from biblioteksplaner.models import Report, SurveyRound
from biblioteksportal.choices import Role
from biblioteksportal.management.commands import cleanup_files
from biblioteksportal.models import Municipality, Region
from samverkan.choices import ImportStatus
from samverkan.models import AgreementVersion

from .builders import (
    PDF,
    generated,
    import_bytes,
    make_libraries,
    make_user,
    plan_answer,
    settings_from,
)
from .conftest import login

KEYS = {"S3_ACCESS_KEY_ID": "test-key", "S3_SECRET_ACCESS_KEY": "test-secret"}


@pytest.fixture(scope="module")
def endpoint():
    """moto's S3 server on a free loopback port, for the module."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    program = Path(sys.executable).parent / "moto_server"
    server = subprocess.Popen(
        [program, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/moto-api/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield url
    finally:
        server.terminate()
        server.wait()


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def keys(self):
        found = self.client.list_objects_v2(Bucket=self.name).get("Contents", [])
        return sorted(entry["Key"] for entry in found)

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def new_bucket(endpoint, settings):
    """A new bucket, and the default storage in it as settings.py configures it."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    settings.STORAGES = settings_from(
        S3_BUCKET=name, S3_ENDPOINT_URL=endpoint, S3_REGION="eu-north-1", **KEYS
    )["STORAGES"]
    client = default_storage.connection.meta.client
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    return Bucket(client, name)


@pytest.fixture
def bucket(endpoint, settings, tmp_path):
    """A new bucket for the default storage; MEDIA_ROOT a folder that must stay absent."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return new_bucket(endpoint, settings)


def admin():
    """A connection to the test database's server, outside any database of the portal."""
    found = {k: connection.settings_dict[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}
    server = {"user" if k == "USER" else k.lower(): v for k, v in found.items() if v}
    return psycopg.connect(dbname="postgres", autocommit=True, **server)


def test_the_settings_choose_the_bucket_only_with_its_keys():
    assert settings_from()["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    storage = settings_from(S3_BUCKET="portal", **KEYS)["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "portal"
    assert "default_acl" not in storage["OPTIONS"]  # no ACL per object: private as the bucket
    for missing in KEYS:
        with pytest.raises(ImproperlyConfigured, match=missing):
            settings_from(S3_BUCKET="portal", **{k: v for k, v in KEYS.items() if k != missing})


def test_a_document_uploaded_through_the_form_is_private_in_the_bucket_and_downloads_by_rights(
    bucket, settings, role_clients, region, vasteras, koping
):
    survey = plan_services.open_round(
        SurveyRound(region=region, title="Uppföljning 2019", year=2019, deadline=date(2019, 10, 31))
    )
    report = Report.objects.get(round=survey, municipality=koping)
    upload = SimpleUploadedFile("Köpings plan.pdf", PDF, content_type="application/pdf")
    response = role_clients["reporter"].post(
        reverse("biblioteksplaner:report", args=[report.pk]),
        plan_answer(report, document=upload),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert bucket.keys() == [report.document.name]
    assert bucket.read(report.document.name) == PDF
    acl = bucket.client.get_object_acl(Bucket=bucket.name, Key=report.document.name)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # the owner's
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(f"{bucket.client.meta.endpoint_url}/{bucket.name}/{report.document}")
    assert anonymous.value.code == 403

    download = reverse("biblioteksplaner:report-document", args=[report.pk])
    for role in ("reporter", "head", "staff"):
        response = role_clients[role].get(download)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Security-Policy"] == "sandbox"
    assert role_clients["anonymous"].get(download).status_code == 302
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    strangers = [
        make_user("vasterasrapportor", Role.REPORTER, region, vasteras),
        make_user("orebropersonal", Role.REGIONAL_STAFF, other, is_staff=True),
        make_user(
            "orebrochef",
            Role.LIBRARY_HEAD,
            other,
            Municipality.objects.create(region=other, name="Örebro", code="1880"),
        ),
    ]
    for user in strangers:
        client = Client()
        login(client, user)
        assert client.get(download).status_code == 404, user
    assert not settings.MEDIA_ROOT.exists()


def test_a_koha_export_in_the_bucket_is_imported_and_downloads_for_staff(
    bucket, settings, role_clients, region, vasteras, koping
):
    make_libraries(region, vasteras, koping)
    data = generated(300)
    run = import_bytes(region, data)
    assert run.status == ImportStatus.DONE, run.message
    assert (run.size, run.rows_read, run.rows_added) == (len(data), 300, 300)
    assert bucket.keys() == [run.file.name]
    download = reverse("samverkan:import-file", args=[run.pk])
    assert b"".join(role_clients["staff"].get(download).streaming_content) == data
    assert role_clients["head"].get(download).status_code == 403
    assert not settings.MEDIA_ROOT.exists()


def test_cleanup_files_removes_the_buckets_files_no_row_refers_to(bucket, region, monkeypatch):
    agreement = AgreementVersion.objects.create(region=region, title="Avtal", version="1")
    agreement.document.save("avtal.pdf", ContentFile(PDF))
    orphan = default_storage.save("samverkan/avtal/gammal.pdf", ContentFile(PDF))
    outside = default_storage.save("annat/fil.txt", ContentFile(b"x"))  # no file field's folder
    out = StringIO()
    call_command("cleanup_files", stdout=out)  # all changed within the hour: kept
    assert out.getvalue().splitlines() == ["0 file(s) no row refers to removed."]

    monkeypatch.setattr(cleanup_files, "GRACE", timedelta(hours=-1))  # as if an hour later
    out = StringIO()
    call_command("cleanup_files", stdout=out)
    assert out.getvalue().splitlines() == [orphan, "1 file(s) no row refers to removed."]
    assert bucket.keys() == sorted([agreement.document.name, outside])


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_bucket_restores_into_an_empty_bucket_only(
    bucket, endpoint, settings, region, tmp_path
):
    """pg_dump runs in another process: the data is committed (transaction=True)."""
    agreement = AgreementVersion.objects.create(region=region, title="Avtal", version="1")
    agreement.document.save("avtal.pdf", ContentFile(PDF))
    call_command("backup", output=tmp_path, stdout=StringIO())
    [archive] = tmp_path.glob("backup-*.tar")
    original = connection.settings_dict["NAME"]
    name = f"{original}_from_bucket"
    with admin() as db:
        db.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        restored = new_bucket(endpoint, settings)
        call_command("restore", archive, stdout=StringIO())
        assert restored.keys() == [agreement.document.name]
        assert restored.read(agreement.document.name) == PDF
        assert AgreementVersion.objects.get().document.name == agreement.document.name
        connection.close()
        with admin() as db:
            db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
        with pytest.raises(CommandError, match="Lagringen för uppladdade filer .* är inte tom"):
            call_command("restore", archive, stdout=StringIO())
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with admin() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert not settings.MEDIA_ROOT.exists()
