"""A user who sees several regions (a superuser) gets the page of the right region where two
regions have the same year: the municipality decides it, otherwise they choose the region."""

import csv
import re
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from biblioteksportal.models import DevelopmentArea, Municipality, Region

from .builders import make_frame, make_user
from .conftest import login

MARK = "i Örebro"  # in the names of Örebro's areas only


@pytest.fixture
def orebro(region, vasteras):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Örebro", code="1880")
    make_frame(region, municipalities=[vasteras])
    make_frame(other)
    for area in DevelopmentArea.objects.filter(region=other):
        area.name = f"{area.name} {MARK}"
        area.save()
    return other


@pytest.fixture
def superuser(client, orebro):
    login(client, make_user("super", is_superuser=True, is_staff=True))
    return client


def text(response):
    """What a page or a download says, in one text."""
    kind = response["Content-Type"]
    content = BytesIO(response.content)
    if kind.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(content).pages)
    if "wordprocessingml" in kind:
        return "\n".join(p.text for p in Document(content).paragraphs)
    if "spreadsheetml" in kind:
        rows = load_workbook(content).active.values
        return "\n".join(str(v) for row in rows for v in row if v is not None)
    if kind.startswith("text/csv"):
        return "\n".join(",".join(row) for row in csv.reader(StringIO(response.content.decode())))
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


PAGES = [
    ("dashboard", ["", "?format=csv", "?format=xlsx"]),
    ("year", ["", "?format=csv", "?format=xlsx"]),
    ("annual-report", ["", "?format=docx", "?format=pdf"]),
    ("activity-plan", ["", "?format=docx"]),
]


def follow(client, url, href):
    """A chooser's link, as a browser follows it."""
    return client.get(url.split("?")[0] + href.replace("&amp;", "&"))


@pytest.mark.parametrize(
    "url", [reverse(name, args=[2019]) + query for name, queries in PAGES for query in queries]
)
def test_a_superuser_chooses_the_region_of_a_year_two_regions_have(superuser, url):
    chooser = superuser.get(url)
    assert chooser.status_code == 200
    assert "Välj region" in chooser.text
    links = dict(re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', text(chooser)))
    assert sorted(links.values()) == ["Region Västmanland", "Region Örebro län"]
    for href, name in links.items():
        page = follow(superuser, url, href)
        assert page.status_code == 200, (url, href)
        downloaded = page.get("Content-Disposition", "").startswith("attachment")
        assert downloaded == ("format=" in url), (url, href)
        assert (MARK in text(page)) == (name == "Region Örebro län"), (url, href)


@pytest.mark.parametrize("query", ["", "?format=csv", "?format=xlsx"])
def test_the_municipality_decides_the_region_of_its_page(superuser, query):
    for code, theirs in (("1980", False), ("1880", True)):
        page = superuser.get(reverse("municipality", args=[code, 2019]) + query)
        assert page.status_code == 200, (code, query)
        assert (MARK in text(page)) == theirs, (code, query)
    html = text(superuser.get(reverse("municipality", args=["1980", 2019])))
    assert "Västerås" in html and ">Örebro<" not in html  # its own region's municipalities


def test_the_latest_year_and_the_year_picker_keep_the_chosen_region(superuser, orebro):
    make_frame(orebro, year=2020)
    assert superuser.get("/oversikt/?region=vastmanland")["Location"] == (
        "/oversikt/2019/?region=vastmanland"
    )
    assert superuser.get("/oversikt/?region=orebro")["Location"] == "/oversikt/2020/?region=orebro"
    assert superuser.get("/oversikt/2020/?ar=2019&region=orebro")["Location"] == (
        "/oversikt/2019/?region=orebro"
    )
    page = superuser.get("/oversikt/2019/?region=vastmanland").text
    assert '<input type="hidden" name="region" value="vastmanland">' in page
    assert '<option value="2020"' not in page  # Västmanland has no 2020
    assert superuser.get("/verksamhetsar/2020/").status_code == 200  # one region has it


def test_the_links_of_a_superuser_name_the_region(superuser):
    home = superuser.get(reverse("home")).text
    assert '<a href="/verksamhetsar/2019/?region=orebro">Verksamhetsår 2019, Region Örebro' in home
    assert 'href="/verksamhetsar/2019/berattelse/?region=vastmanland"' in home
    year = superuser.get("/verksamhetsar/2019/?region=orebro").text
    assert 'href="/verksamhetsar/2019/berattelse/?region=orebro"' in year
    report = superuser.get("/verksamhetsar/2019/berattelse/?region=orebro").text
    assert 'href="?region=orebro&amp;format=pdf"' in report


def test_a_user_of_one_region_sees_no_chooser_and_no_other_region(role_clients, orebro):
    staff = role_clients["staff"]
    for url in ("/oversikt/2019/", "/verksamhetsar/2019/", "/verksamhetsar/2019/plan/"):
        page = staff.get(url)
        assert page.status_code == 200 and "Välj region" not in page.text
        assert MARK not in text(page)
        assert staff.get(url + "?region=orebro").status_code == 404
    home = staff.get(reverse("home")).text
    assert 'href="/verksamhetsar/2019/"' in home and "?region=" not in home
