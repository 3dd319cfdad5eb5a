"""Uploaded documents: a PDF checked by its content, a form widget that shows a stored file
by a name its user knows, and serving a stored file through an access-checked view (the
portal serves no media URL)."""

import mimetypes
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from lxml import etree
from PIL import Image
from pypdf import PdfReader

MAX_PDF_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 1024
# Markup a browser's sniffing could take for a web page: refused in a PDF's first kilobyte.
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed)\b", re.I)


def validate_pdf(file):
    """A PDF by its content, not its name: it begins with the `%PDF-` signature, holds no web
    page or SVG markup where browsers sniff, and opens with at least one page; at most 20 MB."""
    if file.size > MAX_PDF_BYTES:
        raise ValidationError(_("Filen är för stor. Den får vara högst 20 MB."))
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
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
    no file. The caller has checked the user may see it."""
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
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
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
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError(_("Logotypen är för stor. Den får vara högst 1 MB."))
    kind = logo_kind(file)
    if kind is None or not {"png": _png_ok, "svg": _svg_ok}[kind](file):
        raise ValidationError(
            _("Logotypen ska vara en PNG-bild eller en SVG-bild utan skript och externa länkar.")
        )
