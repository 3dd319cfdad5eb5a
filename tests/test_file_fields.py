"""Every file field of the portal goes through the core's documents module: the size limit
while the upload is received, the type by content, a generated name, the file removed after
commit when replaced or deleted, `cleanup_files` for what is left over, and a download with
the object's rights."""

import datetime
import os
import re
import time
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory
from django.test.client import encode_multipart
from django.urls import reverse

from biblioteksplaner import services as plan_services
from biblioteksplaner.choices import AdoptingBody
from biblioteksplaner.models import LibraryPlan, Report, SurveyRound
from biblioteksportal import documents
from biblioteksportal.choices import Role
from biblioteksportal.models import Region
from kompetens.models import ResponseImport
from samverkan.models import AgreementVersion, Meeting, TransferImport, WorkGroup

from .builders import PDF, csv_bytes, generated, make_round, make_user
from .conftest import login

PDF_HTML = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + PDF[9:]
CSV_HTML = b"kommun;arbetslag;P1\n<html><body><script>alert(1)</script></body></html>\n"
XLSX = b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml" + b"\x00" * 200
TOO_LARGE = "Filen är för stor. Den får vara högst 1 MB."
NOT_PDF = "Filen är inte en PDF. Ladda upp dokumentet som PDF-fil."
NOT_TEXT = "Filen är inte en CSV-fil utan ett kalkylark"
FIELDS = {
    (AgreementVersion, "document"): documents.validate_pdf,
    (Meeting, "minutes_file"): documents.validate_pdf,
    (TransferImport, "file"): documents.validate_import,
    (ResponseImport, "file"): documents.validate_text,
    (LibraryPlan, "document"): documents.validate_pdf,
    (Report, "document"): documents.validate_pdf,
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_MAX_MB = settings.IMPORT_MAX_MB = 1
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_every_file_field_has_a_generated_name_and_a_check_by_content():
    """A file field added later without them fails here."""
    checks = {
        documents.validate_pdf,
        documents.validate_text,
        documents.validate_import,
        documents.validate_logo,
    }
    fields = {(model, field.name): field for model, field in documents.file_fields()}
    assert set(FIELDS) <= set(fields)
    for (model, name), field in fields.items():
        assert callable(field.upload_to), (model, name)
        assert checks & set(field.validators), (model, name)
    for (model, name), check in FIELDS.items():
        assert check in fields[model, name].validators
        assert isinstance(fields[model, name].upload_to, documents.GeneratedName)


def new_upload(model, name, upload):
    """The field's value as model validation gets it from a form: a new, uncommitted file."""
    instance = model()
    setattr(instance, name, upload)
    return getattr(instance, name)


@pytest.mark.parametrize(("model", "name"), list(FIELDS))
def test_every_file_field_refuses_a_polyglot_binary_and_an_oversized_file(model, name):
    field = model._meta.get_field(name)
    text = FIELDS[model, name] is not documents.validate_pdf
    good = csv_bytes([]) if text else PDF
    field.run_validators(new_upload(model, name, SimpleUploadedFile("f", good)))
    for content in [PDF_HTML, CSV_HTML, XLSX] if text else [PDF_HTML, CSV_HTML, XLSX, good[:50]]:
        with pytest.raises(ValidationError):
            field.run_validators(new_upload(model, name, SimpleUploadedFile("f", content)))
    too_large = documents.TooLarge("f", "application/pdf", documents.MB + 1)
    with pytest.raises(ValidationError) as error:
        field.run_validators(new_upload(model, name, too_large))
    assert error.value.messages == [TOO_LARGE]


def test_a_stored_file_is_not_checked_again():
    """A file stored before its field was checked (an agreement document of any type) is
    not refused when its object is saved again; only a new upload is checked."""
    documents.validate_pdf(AgreementVersion(document="samverkan/avtal/gammalt.html").document)


class Spy(FileUploadHandler):
    """Counts the bytes that reach the handlers behind the limit."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        Spy.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def test_the_handler_passes_on_nothing_past_the_limit(settings):
    settings.FILE_UPLOAD_HANDLERS = [
        "biblioteksportal.documents.LimitedUploadHandler",
        "tests.test_file_fields.Spy",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    body = encode_multipart("B", {"file": BytesIO(b"x" * (3 * documents.MB)), "name": "kept"})
    request = RequestFactory().post("/", body, content_type="multipart/form-data; boundary=B")
    request.resolver_match = None
    Spy.received = 0
    file = request.FILES["file"]
    assert isinstance(file, documents.TooLarge) and file.size == 3 * documents.MB
    assert file.read() == b""
    assert Spy.received <= documents.MB + 64 * 1024  # at most the limit and one chunk
    assert request.POST["name"] == "kept"  # the fields after the file arrive


def test_a_file_under_the_limit_passes_through_unchanged():
    body = encode_multipart("B", {"file": BytesIO(PDF)})
    request = RequestFactory().post("/", body, content_type="multipart/form-data; boundary=B")
    request.resolver_match = None
    assert request.FILES["file"].read() == PDF


BIG = b"%PDF-1.4\n" + b"0" * (documents.MB + 10)


def test_oversized_uploads_are_refused_at_their_fields(client, staff_user, region, media):
    """The meeting minutes (admin), the self-assessment import (a page) and the Koha export
    (its own, higher limit) say at the field that the file is too large."""
    login(client, staff_user)
    group = WorkGroup.objects.create(
        region=region, name="Styrgrupp", start=datetime.date(2018, 1, 1)
    )
    meeting = Meeting.objects.create(group=group, date=datetime.date(2019, 5, 6))
    response = client.post(
        reverse("admin:samverkan_meeting_change", args=[meeting.pk]),
        {
            "group": group.pk,
            "date": "2019-05-06",
            "agenda": "Dagordningen",
            "minutes_file": SimpleUploadedFile("protokoll.pdf", BIG),
            "decisions-TOTAL_FORMS": 0,
            "decisions-INITIAL_FORMS": 0,
        },
    )
    form = response.context["adminform"].form
    assert form.errors["minutes_file"] == [TOO_LARGE]
    assert isinstance(form.files["minutes_file"], documents.TooLarge)  # not received past 1 MB
    assert form["agenda"].value() == "Dagordningen"

    round = make_round(region)
    url = reverse("kompetens:round-import", args=[round.pk])
    response = client.post(url, {"file": SimpleUploadedFile("svar.csv", BIG)})
    assert response.context["form"].errors["file"] == [TOO_LARGE]
    assert isinstance(response.context["form"].files["file"], documents.TooLarge)

    response = client.post(
        reverse("admin:samverkan_transferimport_add"),
        {"region": region.pk, "file": SimpleUploadedFile("bt.csv", BIG)},
    )
    assert response.context["adminform"].form.errors["file"] == [TOO_LARGE]
    assert isinstance(response.context["adminform"].form.files["file"], documents.TooLarge)
    assert stored_files(media) == []


def test_the_koha_import_takes_its_own_limit(client, staff_user, region, settings):
    settings.IMPORT_MAX_MB = 2
    login(client, staff_user)
    data = generated(12_000)
    assert documents.MB < len(data) < 2 * documents.MB
    response = client.post(
        reverse("admin:samverkan_transferimport_add"),
        {"region": region.pk, "file": SimpleUploadedFile("bt.csv", data)},
    )
    assert response.status_code == 302
    run = TransferImport.objects.get()
    assert run.file.name.startswith("samverkan/koha/") and "bt" not in run.file.name
    assert run.file.read() == data


def test_the_self_assessment_import_refuses_a_spreadsheet_and_a_web_page(
    client, staff_user, region
):
    login(client, staff_user)
    round = make_round(region)
    url = reverse("kompetens:round-import", args=[round.pk])
    for content in (XLSX, CSV_HTML, PDF):
        response = client.post(url, {"file": SimpleUploadedFile("svar.csv", content)})
        assert response.context["form"].errors["file"][0].startswith(NOT_TEXT)
    assert not round.imports.exists()


def test_the_koha_export_downloads_with_the_imports_rights(role_clients, region, media):
    data = csv_bytes(["1,101,,,2019-01-01,2019-01-02,VAS,,,KOP,,"])
    run = TransferImport.objects.create(
        region=region, file_name="Överföringar 2019.csv", size=len(data)
    )
    run.file.save("Överföringar 2019.csv", ContentFile(data))
    # a name of its own, not the upload's (a random hex name may hold "2019")
    assert re.fullmatch(r"samverkan/koha/[0-9a-f]{32}\.csv", run.file.name)
    url = reverse("samverkan:import-file", args=[run.pk])
    response = role_clients["staff"].get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C3%96verf%C3%B6ringar%202019.csv"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == data
    assert role_clients["head"].get(url).status_code == 403
    assert role_clients["anonymous"].get(url).status_code == 302
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    client = Client()
    login(client, make_user("orebro", Role.REGIONAL_STAFF, other, is_staff=True))
    assert client.get(url).status_code == 404
    # the admin's change page and the import page link the view, never a media URL
    for page in (
        reverse("admin:samverkan_transferimport_change", args=[run.pk]),
        reverse("samverkan:import", args=[run.pk]),
    ):
        text = role_clients["staff"].get(page).text
        assert f'href="{url}"' in text and run.file.name not in text


def make_object(kind, region, municipality):
    if kind == "agreement":
        return AgreementVersion.objects.create(region=region, title="Avtal", version="1")
    if kind == "meeting":
        group = WorkGroup.objects.create(region=region, name="G", start=datetime.date(2018, 1, 1))
        return Meeting.objects.create(group=group, date=datetime.date(2019, 5, 6))
    if kind == "import":
        return TransferImport.objects.create(region=region, file_name="bt.csv")
    if kind == "plan":
        return LibraryPlan.objects.create(
            region=region,
            municipality=municipality,
            title="Plan",
            adopted_by=AdoptingBody.MUNICIPAL_COUNCIL,
            decision_date=datetime.date(2020, 1, 1),
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2023, 12, 31),
        )
    survey = plan_services.open_round(
        SurveyRound(region=region, title="Runda", year=2019, deadline=datetime.date(2019, 10, 31))
    )
    return Report.objects.get(round=survey, municipality=municipality)


KINDS = ["agreement", "meeting", "import", "plan", "report"]


def file_field(obj):
    return next(f.name for m, f in documents.file_fields() if m is type(obj))


@pytest.mark.parametrize("kind", KINDS)
def test_replacing_and_deleting_leave_no_orphan(
    kind, region, koping, media, django_capture_on_commit_callbacks
):
    obj = make_object(kind, region, koping)
    field = file_field(obj)
    for n in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            getattr(obj, field).save(f"fil{n}.pdf", ContentFile(PDF))
    assert stored_files(media) == [getattr(obj, field).name]  # 6 uploads, no orphan
    with django_capture_on_commit_callbacks(execute=True):
        obj.delete()
    assert stored_files(media) == []


def test_a_rolled_back_replacement_keeps_the_stored_file(
    region, media, django_capture_on_commit_callbacks
):
    agreement = make_object("agreement", region, None)
    with django_capture_on_commit_callbacks(execute=True):
        agreement.document.save("avtal.pdf", ContentFile(PDF))
    kept = agreement.document.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        agreement.document.save("nytt.pdf", ContentFile(PDF))
        raise RuntimeError
    assert callbacks == []
    assert AgreementVersion.objects.get().document.name == kept
    assert kept in stored_files(media)


def test_a_file_that_another_row_refers_to_is_kept(
    region, koping, media, django_capture_on_commit_callbacks
):
    """An approved report's document becomes the plan's in the register: deleting the report
    keeps it."""
    report = make_object("report", region, koping)
    with django_capture_on_commit_callbacks(execute=True):
        report.document.save("plan.pdf", ContentFile(PDF))
        plan = make_object("plan", region, koping)
        plan.document = report.document.name
        plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert stored_files(media) == [plan.document.name]


def age(path, hours):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_cleanup_files_lists_and_removes_the_files_no_row_refers_to(region, media):
    agreement = make_object("agreement", region, None)
    agreement.document.save("avtal.pdf", ContentFile(PDF))
    (media / "samverkan" / "koha").mkdir(parents=True)
    (media / "biblioteksplaner").mkdir(parents=True)
    (media / "regioner").mkdir(parents=True)
    orphans = [
        media / "samverkan/koha/gammal.csv",
        media / "biblioteksplaner/a/b.pdf",
        media / "regioner/gammal.png",  # a region's replaced logo
    ]
    orphans[1].parent.mkdir()
    fresh = media / "samverkan/koha/pagaende.csv"  # an upload whose row is not committed yet
    outside = media / "annat.txt"  # not a file field's folder
    for path in [*orphans, fresh, outside]:
        path.write_bytes(b"x")
    for path in [*orphans, outside, media / agreement.document.name]:
        age(path, 2)

    out = StringIO()
    call_command("cleanup_files", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        "biblioteksplaner/a/b.pdf",
        "regioner/gammal.png",
        "samverkan/koha/gammal.csv",
        "3 file(s) no row refers to would be removed.",
    ]
    assert all(path.exists() for path in orphans)

    call_command("cleanup_files", stdout=StringIO())
    assert stored_files(media) == sorted(
        ["annat.txt", agreement.document.name, "samverkan/koha/pagaende.csv"]
    )
