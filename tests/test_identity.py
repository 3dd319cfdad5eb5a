"""Each region's identity: its record names the portal, footer, admin, e-mail, certificate and
feed of its content; no region's name is written into the code."""

import io
import re
import unicodedata
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from docx import Document
from PIL import Image
from pypdf import PdfReader

from biblioteksportal import links
from biblioteksportal.choices import Role
from biblioteksportal.demo import sweden
from biblioteksportal.documents import validate_logo
from biblioteksportal.models import Municipality, Region, Year
from kompetens import services
from kompetens.models import Registration
from lasframjande.choices import ActorKind
from lasframjande.models import LiteraryActor

from .builders import make_event, make_library, make_user, region_form
from .conftest import login

ROOT = Path(__file__).resolve().parent.parent

# Sweden's 21 regions (counties) by the names they are known by, and Sörmland's own spelling.
NAMES = [
    "Västmanland",
    "Stockholm",
    "Uppsala",
    "Södermanland",
    "Sörmland",
    "Östergötland",
    "Jönköping",
    "Kronoberg",
    "Kalmar",
    "Gotland",
    "Blekinge",
    "Skåne",
    "Halland",
    "Västra Götaland",
    "Värmland",
    "Örebro",
    "Dalarna",
    "Gävleborg",
    "Västernorrland",
    "Jämtland",
    "Härjedalen",
    "Västerbotten",
    "Norrbotten",
]
# Where a region's name belongs: demo and national data, migrations, tests and translations.
ALLOWED = re.compile(r"(^|/)(demo|migrations|tests|locale)/|(^|/)(demo|national)\.py$")
# A name that is not the region's: the IANA time zone.
NOT_A_REGION = "Europe/Stockholm"


def ascii_fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


PATTERN = re.compile(r"\b(" + "|".join(ascii_fold(n) for n in NAMES) + r")")


def code_files():
    """(path, path relative to the project) of every Python file and template."""
    paths = [*(ROOT / "templates").rglob("*.*")]
    for app in ["biblioteksportal", "samverkan", "kompetens", "biblioteksplaner", "lasframjande"]:
        paths += [*(ROOT / app).rglob("*.py"), *(ROOT / app).rglob("templates/**/*.*")]
    return [(path, path.relative_to(ROOT).as_posix()) for path in paths]


def region_names(files):
    hits = []
    for path, relative in files:
        if ALLOWED.search(relative):
            continue
        text = path.read_text(encoding="utf-8").replace(NOT_A_REGION, "")
        for number, line in enumerate(text.splitlines(), 1):
            if match := PATTERN.search(ascii_fold(line)):
                hits.append(f"{relative}:{number}: {match.group(0)}")
    return hits


def test_the_name_list_covers_every_region_of_the_national_data():
    for _code, name, _slug, _municipalities in sweden.REGIONS:
        assert any(ascii_fold(n)[:6] in ascii_fold(name) for n in NAMES), name


def test_no_region_name_in_templates_or_python_files():
    files = code_files()
    assert any(relative == "templates/base.html" for _path, relative in files)
    assert any(relative == "kompetens/views/calendar.py" for _path, relative in files)
    assert region_names(files) == []


def test_the_search_finds_a_name_in_code_but_not_in_demo_data(tmp_path):
    footer = tmp_path / "base.html"
    footer.write_text('<p>{% translate "Region Västmanland" %}</p>\n<p>VASTERBOTTEN</p>')
    zone = tmp_path / "settings.py"
    zone.write_text('TIME_ZONE = "Europe/Stockholm"\n')
    files = [
        (footer, "templates/base.html"),
        (zone, "biblioteksportal/settings.py"),
        (footer, "biblioteksportal/demo/seed2019.py"),
        (footer, "kompetens/demo.py"),
        (footer, "samverkan/migrations/0002_x.py"),
    ]
    assert region_names(files) == [
        "templates/base.html:1: vastmanland",
        "templates/base.html:2: vasterbotten",
    ]


# A second region --------------------------------------------------------------------------


@pytest.fixture
def gotland(region):
    region.portal_name = "Bibliotek i Västmanland"
    region.unit_name = "Regional biblioteksverksamhet, Kulturutveckling"
    region.signatory = "Västmanlands regionbibliotekarie"
    region.save()
    return Region.objects.create(
        name="Region Gotland",
        code="09",
        slug="gotland",
        portal_name="Gotlands bibliotek",
        unit_name="Regionbiblioteket på ön",
        contact="Visborgsallén 19\n621 81 Visby",
        sender_name="Öns bibliotek",
        signatory="Karin Karlsson, regionbibliotekarie",
    )


@pytest.fixture
def gotland_municipality(gotland):
    return Municipality.objects.create(region=gotland, name="Gotland", code="0980")


def assert_gotland(text):
    assert "Gotlands bibliotek" in text
    assert "Västmanland" not in text


def test_a_second_regions_public_pages_carry_its_identity(client, gotland, gotland_municipality):
    event = make_event(gotland, place="Almedalsbiblioteket")
    pages = [
        reverse("about", args=["gotland"]),
        reverse("kompetens:events", args=["gotland"]),
        reverse("kompetens:event", args=[event.pk]),
        reverse("lasframjande:directory", args=["gotland"]),
        reverse("biblioteksplaner:register-owner", args=["0980"]),
        reverse("biblioteksplaner:register-owner", args=["09"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert_gotland(text)
        assert "<title>" in text and "– Gotlands bibliotek</title>" in text, url
        assert "Regionbiblioteket på ön, Region Gotland" in text, url
        assert "Visborgsallén 19<br>621 81 Visby" in text, url


def test_the_removal_pages_of_an_actor_carry_its_regions_identity(client, gotland):
    actor = LiteraryActor.objects.create(
        region=gotland,
        name="Öns författare",
        kinds=[ActorKind.WRITER],
        email="aktor@example.org",
        consented_at=timezone.now(),
    )
    url = reverse("lasframjande:actor-remove", args=[links.issue(actor)])
    assert_gotland(client.get(url).content.decode())
    response = client.post(url)
    assert "Dina uppgifter är borttagna" in response.content.decode()
    assert_gotland(response.content.decode())


def test_a_second_regions_users_see_its_identity(client, gotland, gotland_municipality):
    Year.objects.create(region=gotland, year=2025)
    head = make_user("chef.gotland", Role.LIBRARY_HEAD, gotland, gotland_municipality)
    login(client, head)
    for url in [reverse("home"), reverse("dashboard", args=[2025]), reverse("year", args=[2025])]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_gotland(response.content.decode())


def test_a_superuser_sees_the_identity_of_the_region_of_the_page(client, region, gotland):
    Year.objects.create(region=gotland, year=2025)
    login(client, make_user("root", is_superuser=True, is_staff=True))
    text = client.get(reverse("dashboard", args=[2025]) + "?region=gotland").content.decode()
    assert_gotland(text)
    report = client.get(reverse("annual-report", args=[2025]) + "?region=gotland")
    assert_gotland(report.content.decode())
    assert 'href="?region=gotland&amp;format=pdf"' in report.content.decode()

    docx = client.get(reverse("annual-report", args=[2025]) + "?region=gotland&format=docx")
    document = Document(io.BytesIO(docx.content))
    assert document.core_properties.author == "Region Gotland"
    cover = [paragraph.text for paragraph in document.paragraphs[:6]]
    assert "Regionbiblioteket på ön" in cover and "Region Gotland · 2025" in cover
    pdf = client.get(reverse("annual-report", args=[2025]) + "?region=gotland&format=pdf")
    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.metadata.author == "Region Gotland"
    cover = reader.pages[0].extract_text()
    assert "Regionbiblioteket på ön" in cover and "Region Gotland · 2025" in cover
    assert "Västmanland" not in " ".join(page.extract_text() for page in reader.pages)


def test_the_admin_header_names_the_users_region(client, gotland):
    staff = make_user("regional.gotland", Role.REGIONAL_STAFF, gotland, is_staff=True)
    login(client, staff)
    text = client.get(reverse("admin:index")).content.decode()
    assert "Gotlands bibliotek – administration" in text
    assert "Västmanland" not in text


def test_the_login_and_error_pages_are_region_neutral(client, gotland):
    text = client.get(reverse("login")).content.decode()
    assert "Biblioteksportalen" in text
    assert "Västmanland" not in text and "Gotland" not in text
    assert "Västmanland" not in render_to_string("500.html")


def test_a_second_regions_mail_certificate_and_feed_carry_its_identity(
    client, media, gotland, gotland_municipality, run_jobs
):
    event = make_event(gotland, place="Almedalsbiblioteket")
    library = make_library(gotland_municipality, "Almedalsbiblioteket")
    registration = services.register(
        event, name="Anna", email="anna@example.org", library=library, base_url="http://t/"
    )
    run_jobs()
    (message,) = mail.outbox
    assert parseaddr(message.from_email)[0] == "Öns bibliotek"
    assert "Gotlands bibliotek" in message.body and "Västmanland" not in message.body
    link = re.search(r"http://t(/kompetens/anmalan/[^/\s]+/)", message.body).group(1)

    assert_gotland(client.get(link).content.decode())

    Registration.objects.filter(pk=registration.pk).update(attended=True)
    past = timezone.now() - timedelta(days=3)
    type(event).objects.filter(pk=event.pk).update(start=past, end=past + timedelta(hours=2))
    pdf = client.get(link + "intyg.pdf")
    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Karin Karlsson, regionbibliotekarie" in text
    assert "Regionbiblioteket på ön" in text
    assert "Västmanland" not in text
    assert not reader.pages[0].images  # no logo yet

    gotland.logo = SimpleUploadedFile("x", png())
    gotland.save()
    reader = PdfReader(io.BytesIO(client.get(link + "intyg.pdf").content))
    (image,) = reader.pages[0].images
    assert image.image.size == (4, 4)

    feed = client.get(reverse("kompetens:feed", args=["gotland"]))
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert "Regionbiblioteket på ön" in str(calendar["prodid"])
    assert "Region Gotland" in str(calendar["x-wr-calname"])
    assert b"stmanland" not in feed.content


# The logo -------------------------------------------------------------------------------------


def png(size=(4, 4)):
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


SVG_OK = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
    b'<defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/>'
    b'<use xlink:href="#g"/></svg>'
)


def upload(content, name="logo"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("content", [png(), SVG_OK], ids=["png", "svg"])
def test_a_png_or_a_clean_svg_is_a_logo(content):
    validate_logo(upload(content))


SVG = b'<svg xmlns="http://www.w3.org/2000/svg">%s</svg>'


@pytest.mark.parametrize(
    "content",
    [
        SVG % b"<script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        SVG % b'<image href="https://example.org/x.png"/>',
        SVG % b'<a xmlns:x="http://www.w3.org/1999/xlink" x:href="javascript:alert(1)"/>',
        SVG % b'<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
        SVG % b"<style>@import 'https://example.org/a.css';</style>",
        SVG % b'<rect style="fill: url(https://example.org/a.svg#p)"/>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
        b'<?xml version="1.0"?><?xml-stylesheet href="https://example.org/a.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b"<svg><rect/></svg>",  # not in the SVG namespace
        b"<?xml version='1.0'?><html><body><svg/></body></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>",  # not well-formed
        b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>",
        png()[:40],  # a cut-off PNG
        b"GIF89a" + b"\x00" * 50,
        b"%PDF-1.4 not an image",
    ],
)
def test_anything_else_is_refused_as_a_logo(content):
    with pytest.raises(ValidationError, match="PNG-bild eller en SVG-bild"):
        validate_logo(upload(content))


def test_an_oversized_logo_is_refused():
    with pytest.raises(ValidationError, match="högst 1 MB"):
        validate_logo(upload(png() + b"\x00" * (1024 * 1024)))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def admin_post(client, region, logo):
    data = {
        **region_form(region),
        "portal_name": "Gotlands bibliotek",
        "unit_name": region.unit_name,
        "contact": region.contact,
        "sender_name": region.sender_name,
        "signatory": region.signatory,
        "logo": logo,
    }
    return client.post(reverse("admin:biblioteksportal_region_change", args=[region.pk]), data)


def test_the_admin_stores_a_logo_under_a_generated_name_and_the_pages_show_it(
    client, media, gotland, django_capture_on_commit_callbacks
):
    staff = make_user("regional.gotland", Role.REGIONAL_STAFF, gotland, is_staff=True)
    login(client, staff)
    response = admin_post(client, gotland, SimpleUploadedFile("Vår logga.PNG", png()))
    assert response.status_code == 302
    gotland.refresh_from_db()
    assert re.fullmatch(r"regioner/[0-9a-f]{32}\.png", gotland.logo.name)
    assert [p.name for p in (media / "regioner").iterdir()] == [gotland.logo.name.split("/")[1]]

    url = reverse("region-logo", args=[gotland.pk])
    page = client.get(reverse("about", args=["gotland"])).content.decode()
    assert f'<img src="{url}" alt="" height="32">' in page
    change = client.get(reverse("admin:biblioteksportal_region_change", args=[gotland.pk]))
    assert f'href="{url}"' in change.content.decode()
    client.logout()
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == png()

    login(client, staff)
    first = gotland.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_post(client, gotland, SimpleUploadedFile("ny.svg", SVG_OK))
    assert response.status_code == 302
    gotland.refresh_from_db()
    assert gotland.logo.name.endswith(".svg") and gotland.logo.name != first
    assert [p.name for p in (media / "regioner").iterdir()] == [gotland.logo.name.split("/")[1]]
    assert client.get(url)["Content-Type"] == "image/svg+xml"


def test_the_admin_refuses_an_svg_with_a_script_at_the_field(client, media, gotland):
    staff = make_user("regional.gotland", Role.REGIONAL_STAFF, gotland, is_staff=True)
    login(client, staff)
    bad = SimpleUploadedFile("logo.svg", SVG % b"<script>alert(1)</script>")
    response = admin_post(client, gotland, bad)
    assert response.status_code == 200
    assert "PNG-bild eller en SVG-bild" in str(response.context["adminform"].form.errors["logo"])
    gotland.refresh_from_db()
    assert not gotland.logo
    assert not (media / "regioner").exists()


def test_a_region_without_a_logo_has_none_to_serve(client, gotland):
    assert client.get(reverse("region-logo", args=[gotland.pk])).status_code == 404
