"""Uploaded files, the one way for every file field of the portal: the size limit enforced
while the upload is received (`LimitedUploadHandler`), the type checked by content (the
`validate_…` functions), storage under a generated name (`GeneratedName`) through Django's
storage API, replaced and deleted files removed once the transaction has committed
(`connect_cleanup`; `manage.py cleanup_files` removes what is left over), a form widget that
shows a stored file by a name its user knows, and serving a stored file through an
access-checked view (the portal serves no media URL)."""

import codecs
import mimetypes
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from lxml import etree
from pghistory.models import Event
from PIL import Image
from pypdf import PdfReader

MB = 1024 * 1024
HEAD_BYTES = 1024
# Markup a browser's sniffing could take for a web page: refused in a file's first kilobyte.
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed)\b", re.I)
# Signatures of files that are not text: zip (xlsx, ods, docx), OLE (xls), PDF, gzip.
BINARY = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF-", b"\x1f\x8b")
LINE_END = re.compile(rb"\r\n|\r|\n")
C1 = re.compile(rb"[\x80-\x9f]")
UNDEFINED_IN_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
ENCODING_BLOCK = 1 << 20  # bytes read at a time


def upload_limit(request):
    """The most bytes one file of the request may have, in MB: the setting named by the view's
    `upload_setting` (for the admin, its model admin's), else UPLOAD_MAX_MB."""
    match = request.resolver_match
    view = match.func if match else None
    owner = getattr(view, "model_admin", view)
    return getattr(settings, getattr(owner, "upload_setting", "UPLOAD_MAX_MB"))


class TooLarge(UploadedFile):
    """What a form gets for a file the handler stopped receiving at the limit: no content,
    its size the bytes received (over the limit), so the field's check refuses it."""

    def __init__(self, name, content_type, size):
        super().__init__(BytesIO(), name, content_type, size)


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes a file's data on to Django's handlers (memory,
    temporary file) until it exceeds the request's limit, then keeps nothing more of it, so
    an oversized file fills neither memory nor disk and its field says it is too large."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit, self.received = upload_limit(self.request) * MB, 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size):
        if self.received <= self.limit:
            return None  # the next handler completes the file
        for handler in self.request.upload_handlers:
            if handler is not self and getattr(handler, "file", None):
                handler.file.close()  # the part received before the limit
        return TooLarge(self.file_name, self.content_type, self.received)


def check_size(file, setting):
    mb = getattr(settings, setting)
    if file.size > mb * MB:
        raise ValidationError(
            _("Filen är för stor. Den får vara högst %(mb)s MB."), params={"mb": mb}
        )


def read_head(file):
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def check_text(file):
    """A text file (CSV) by its content: no zip, spreadsheet, PDF or other binary signature,
    no NUL byte in its first line and no web page markup where browsers sniff."""
    head = read_head(file)
    end = LINE_END.search(head)
    first_line = head[: end.start()] if end else head
    if head.startswith(BINARY) or b"\0" in first_line or MARKUP.search(head):
        raise ValidationError(
            _(
                "Filen är inte en CSV-fil utan ett kalkylark, ett arkiv, en PDF, en webbsida "
                "eller en annan fil som inte är text. Spara den som CSV och ladda upp den igen."
            )
        )


def is_stored(file):
    """A file already stored (checked when it came): only a new upload is checked again."""
    return getattr(file, "_committed", False) is True


def validate_text(file):
    """A CSV file of at most UPLOAD_MAX_MB, by its content."""
    if not is_stored(file):
        check_size(file, "UPLOAD_MAX_MB")
        check_text(file)


def validate_import(file):
    """A CSV export of a system (Koha) of at most IMPORT_MAX_MB, by its content."""
    if not is_stored(file):
        check_size(file, "IMPORT_MAX_MB")
        check_text(file)


def validate_pdf(file):
    """A PDF by its content, not its name: it begins with the `%PDF-` signature, holds no web
    page or SVG markup where browsers sniff, and opens with at least one page; at most
    UPLOAD_MAX_MB."""
    if is_stored(file):
        return
    check_size(file, "UPLOAD_MAX_MB")
    head = read_head(file)
    if not head.startswith(b"%PDF-") or MARKUP.search(head):
        raise ValidationError(_("Filen är inte en PDF. Ladda upp dokumentet som PDF-fil."))
    try:
        pages = len(PdfReader(file).pages)
    except Exception:  # pypdf raises many kinds of errors on a damaged file
        pages = 0
    finally:
        file.seek(0)
    if not pages:
        raise ValidationError(
            _("PDF-filen går inte att öppna eller har inga sidor. Ladda upp en annan fil.")
        )


@deconstructible
class GeneratedName:
    """A file field's upload_to: a random name in `folder` ending in `suffix`; nothing of the
    uploaded name reaches the storage (a model keeps it in a field of its own to show)."""

    def __init__(self, folder, suffix):
        self.folder, self.suffix = folder, suffix

    def __call__(self, instance, filename):
        return f"{self.folder}/{uuid.uuid4().hex}{self.suffix}"


def file_fields():
    """(model, field) for every file field of the portal's models; the audit trail's event
    models only record a name and own no file."""
    return [
        (model, field)
        for model in apps.get_models()
        if not issubclass(model, Event)
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def referenced(storage, name):
    return any(
        model._base_manager.filter(**{field.name: name}).exists()
        for model, field in file_fields()
        if field.storage is storage
    )


def remove_after_commit(storage, name):
    """Delete the stored file `name` once the transaction has committed, if no row refers to
    it any more (a plan in the register shares the approved report's file)."""

    def remove():
        if not referenced(storage, name):
            storage.delete(name)

    transaction.on_commit(remove)


def remember_files(sender, instance, raw=False, update_fields=None, **kwargs):
    names = [f.name for f in sender._meta.concrete_fields if isinstance(f, models.FileField)]
    if update_fields is not None:
        names = [name for name in names if name in update_fields]
    if raw or instance._state.adding or not names:
        instance._stored_files = {}
        return
    instance._stored_files = (
        sender._base_manager.filter(pk=instance.pk).values(*names).first() or {}
    )


def remove_replaced(sender, instance, **kwargs):
    for name, old in getattr(instance, "_stored_files", {}).items():
        file = getattr(instance, name)
        if old and old != file.name:
            remove_after_commit(file.storage, old)
    instance._stored_files = {}


def remove_deleted(sender, instance, **kwargs):
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField) and getattr(instance, field.name):
            remove_after_commit(field.storage, getattr(instance, field.name).name)


def connect_cleanup():
    """Remove replaced and deleted files after commit, for every file field (CoreConfig)."""
    for model in {model for model, _field in file_fields()}:
        pre_save.connect(remember_files, sender=model, dispatch_uid=f"files-{model._meta}")
        post_save.connect(remove_replaced, sender=model, dispatch_uid=f"files-{model._meta}")
        post_delete.connect(remove_deleted, sender=model, dispatch_uid=f"files-{model._meta}")


def walk(storage, folder):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (f"{folder}/{name}" for name in files)
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}")


def orphaned_files(before):
    """(storage, name) of each stored file in the file fields' folders that no row refers to
    and that was last changed before `before` (a file of an upload still in its transaction
    has no row yet)."""
    fields = file_fields()
    folders = {
        (f.storage, f.upload_to.folder) for _m, f in fields if hasattr(f.upload_to, "folder")
    }
    for storage, folder in folders:
        names = set()
        for model, field in fields:
            if field.storage is storage:
                names.update(model._base_manager.values_list(field.name, flat=True))
        for name in sorted(walk(storage, folder)):
            if name not in names and storage.get_modified_time(name) < before:
                yield storage, name


def detect_encoding(binary, block=ENCODING_BLOCK):
    """The encoding of the whole file, which is left at its start: UTF-8 (with or without a
    byte order mark) if it all is, or if most of its non-ASCII characters are (a UTF-8 file
    with a few bad bytes, whose rows are reported); otherwise Windows-1252 where it has the
    bytes 0x80-0x9F that Windows-1252 and Latin-1 read differently and none that
    Windows-1252 leaves undefined, and else Latin-1. Either way every row of a Latin-1 or
    Windows-1252 file is read, wherever its first non-ASCII byte is."""
    utf8 = "utf-8-sig" if binary.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else "utf-8"
    binary.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := binary.read(block):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return utf8
    except UnicodeDecodeError:
        pass
    finally:
        binary.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    extra = invalid = 0  # the bytes past the first of UTF-8's characters; bytes it cannot read
    c1 = undefined = False
    while chunk := binary.read(block):
        text = decoder.decode(chunk)
        extra += len(chunk) - len(text)
        invalid += text.count("\ufffd")
        c1 = c1 or bool(C1.search(chunk))
        undefined = undefined or bool(UNDEFINED_IN_CP1252.search(chunk))
    binary.seek(0)
    if extra > invalid:
        return utf8
    return "cp1252" if c1 and not undefined else "latin-1"


class UnreadableFile(ValueError):
    """An uploaded table that cannot be read; its message says why, in Swedish."""


WORKBOOK_ROWS = 200_000
# What openpyxl raises on a file that looks like a workbook and is not one
NOT_A_WORKBOOK = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
    SyntaxError,  # xml.etree's ParseError
    OSError,
    EOFError,
    NotImplementedError,
)


def workbook_rows(content, sheet=None):
    """[(row number, values)] of an uploaded Excel workbook's sheet `sheet` (else its first),
    the cells' stored values (no formula is run); UnreadableFile for a file that is not a
    workbook or has more than WORKBOOK_ROWS rows."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = UnreadableFile(gettext("Filen går inte att läsa som en Excel-fil."))
    if not content.startswith(b"PK\x03\x04"):
        raise unreadable
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
        try:
            found = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
            found.reset_dimensions()
            rows = []
            for number, values in enumerate(found.iter_rows(values_only=True), start=1):
                if number > WORKBOOK_ROWS:
                    raise UnreadableFile(gettext("Filen har fler än 200 000 rader."))
                rows.append((number, values))
        finally:
            book.close()
    except (InvalidFileException, *NOT_A_WORKBOOK):
        raise unreadable from None
    return rows


@dataclass
class StoredDocument:
    """What a DocumentInput shows: a link to the access-checked view, and a name."""

    url: str
    name: str

    def __str__(self):
        return str(self.name)


class DocumentInput(forms.ClearableFileInput):
    """A file input that shows the stored file as `stored` (set by the form, a
    StoredDocument), never by its storage name or a media URL."""

    stored = None

    def is_initial(self, value):
        return bool(value) and self.stored is not None

    def format_value(self, value):
        return self.stored if self.is_initial(value) else None


def show_stored(form, field, view, name):
    """Let the form's DocumentInput `field` show its stored file by `name`, linked to the
    access-checked `view` of the form's object."""
    if getattr(form.instance, field):
        url = reverse(view, args=[form.instance.pk])
        form.fields[field].widget.stored = StoredDocument(url, name)


def clean_name(name):
    """A file name for the download: no path, no control or reserved characters."""
    cleaned = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", name).strip(" ._")[:100]
    return cleaned or gettext("dokument")


def serve(file, name):
    """The stored `file` under the download name `name` (its extension is the stored file's):
    a PDF opens in the browser in a sandbox, anything else is downloaded; 404 when there is
    no file. The caller has checked the user may see it. The response streams the file read
    through the storage's API, from the disk or a bucket alike: never a redirect to the
    bucket, whose URL would outlive the check and lack these headers."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    suffix = PurePosixPath(file.name).suffix.lower()
    content_type = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    inline = content_type == "application/pdf"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=clean_name(name) + suffix,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = "sandbox"
    return response


MAX_LOGO_BYTES = 1024 * 1024
SVG = "{http://www.w3.org/2000/svg}"
# Elements that run or embed something, in any namespace.
ACTIVE = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
EXTERNAL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.I)


def logo_kind(file):
    """The kind of image by the file's first bytes: "png", "svg", or None."""
    head = read_head(file)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return "svg" if b"<svg" in head or b"<?xml" in head else None


def _png_ok(file):
    try:
        with Image.open(file) as image:
            image.verify()
            return image.format == "PNG"
    except Exception:  # Pillow raises many kinds of errors on a damaged file
        return False
    finally:
        file.seek(0)


def _svg_ok(file):
    """An SVG image that runs and loads nothing: no DTD (no entities), no processing
    instructions, no script or embedded content, no event handlers, no reference outside the
    file (href only to "#…", no url() or @import to elsewhere)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        tree = etree.parse(file, parser)
    except etree.XMLSyntaxError:
        return False
    finally:
        file.seek(0)
    root = tree.getroot()
    if tree.docinfo.doctype or root.tag != f"{SVG}svg":
        return False
    if root.getprevious() is not None or root.getnext() is not None:  # e.g. <?xml-stylesheet?>
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):  # a processing instruction or entity
            return False
        if etree.QName(element).localname in ACTIVE:
            return False
        if element.text and EXTERNAL.search(element.text):
            return False
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local.lower().startswith("on") or EXTERNAL.search(value):
                return False
            if local == "href" and not value.strip().startswith("#"):
                return False
    return True


def validate_logo(file):
    """A PNG (opened by Pillow) or an SVG without scripts or external references, by its
    content; at most 1 MB."""
    if is_stored(file):
        return
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError(_("Logotypen är för stor. Den får vara högst 1 MB."))
    kind = logo_kind(file)
    if kind is None or not {"png": _png_ok, "svg": _svg_ok}[kind](file):
        raise ValidationError(
            _("Logotypen ska vara en PNG-bild eller en SVG-bild utan skript och externa länkar.")
        )
