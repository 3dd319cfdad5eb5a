"""The core's documents: a PDF checked by its content, and a stored file served safely."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.http import Http404

from biblioteksportal import documents

from .builders import PDF

NOT_PDF = "Filen är inte en PDF."


def upload(content, name="fil.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal(content):
    with pytest.raises(ValidationError) as error:
        documents.validate_pdf(upload(content))
    return error.value.messages[0]


def test_a_pdf_with_a_page_passes():
    documents.validate_pdf(upload(PDF))


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><script>alert(1)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"  \n" + PDF,  # the signature must come first
        b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + PDF[9:],  # a polyglot
        b"%PDF-1.7\n<!-- --><svg onload=alert(1)>" + PDF,
    ],
)
def test_web_pages_svg_and_polyglots_are_refused(content):
    assert refusal(content).startswith(NOT_PDF)


def test_a_signature_without_a_readable_page_is_refused():
    message = "PDF-filen går inte att öppna eller har inga sidor."
    assert refusal(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").startswith(message)
    assert refusal(PDF[: len(PDF) // 2]).startswith(message)


def test_a_file_over_the_limit_is_refused(settings):
    assert settings.UPLOAD_MAX_MB == 20
    assert (
        refusal(PDF + b"\n" * 20 * documents.MB) == "Filen är för stor. Den får vara högst 20 MB."
    )


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


def stored(storage, name, content=None):
    """A model's file as the views get it, stored under `name` (unless no content)."""
    if content is not None:
        name = storage.save(name, ContentFile(content))
    return FieldFile(None, SimpleNamespace(storage=storage), name)


def test_a_pdf_opens_in_the_browser_in_a_sandbox_under_a_clean_name(storage):
    response = documents.serve(stored(storage, "a/b/uuid.pdf", PDF), 'Köpings plan 2020/2023 "ny"')
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''K%C3%B6pings%20plan%202020_2023%20_ny.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_any_other_file_is_downloaded(storage):
    response = documents.serve(stored(storage, "avtal.html", b"<html></html>"), "Avtal 1")
    assert response["Content-Disposition"] == 'attachment; filename="Avtal 1.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response


def test_no_file_or_a_lost_file_is_404(storage):
    with pytest.raises(Http404):
        documents.serve(stored(storage, ""), "x")
    lost = stored(storage, "borta.pdf", PDF)
    storage.delete(lost.name)
    with pytest.raises(Http404):
        documents.serve(lost, "x")
