"""The period report of a follow-up round (the tertial report): per development area the
indicators' targets, outcomes, lights and analyses and the activities' status and comment
reported for the round, and who has reported; as a page, a tagged PDF and a Word document."""

import re
from datetime import date
from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from biblioteksportal.followup.choices import Rollup
from biblioteksportal.followup.models import ActivityReport, Indicator, Round, Target, Value
from biblioteksportal.models import Activity, Municipality, Region, Year

from ..builders import grow_area_year, make_frame, make_user
from ..conftest import login


@pytest.fixture
def t1(region, vasteras, koping):
    """T1 2019: visits entered by the municipalities (Västerås has, Köping not), the waiting
    time the region's own, and the first area's first activity reported."""
    year = make_frame(region, municipalities=[vasteras])
    area = year.area_years.order_by("area__position").first().area
    t1 = Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    visits = Indicator.objects.create(
        region=region, area=area, key="besok", name="Besök", unit="st", rollup=Rollup.SUM
    )
    waiting = Indicator.objects.create(
        region=region, area=area, key="kotid", name="Kötid", unit="dagar", direction="lower"
    )
    Target.objects.create(indicator=visits, round=t1, value=420)
    Target.objects.create(indicator=waiting, round=t1, value=10)
    Value.objects.create(indicator=visits, round=t1, municipality=vasteras, value=400)
    Value.objects.create(indicator=visits, round=t1, value=450, comment="Fler besök än väntat.")
    Value.objects.create(indicator=waiting, round=t1, value=12, comment="Längre kö i våras.")
    activity = Activity.objects.get(area_year__area=area, parent=None)
    ActivityReport.objects.create(
        activity=activity, round=t1, status="ongoing", comment="Två träffar hållna."
    )
    return t1


def url(round_, fmt=None):
    return reverse("followup:round_report", args=[round_.pk]) + (f"?format={fmt}" if fmt else "")


def cells(html):
    """Each table row's cells as text."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", r)
        ]
        for r in rows
    ]


def test_the_report_is_for_the_round_pages_readers(role_clients, t1):
    response = role_clients["anonymous"].get(url(t1))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert role_clients["reporter"].get(url(t1)).status_code == 403  # Köping's reporter
    assert role_clients["reporter"].get(url(t1, "pdf")).status_code == 403
    assert role_clients["reporter"].get(url(t1, "docx")).status_code == 403
    for role in ("head", "staff"):
        page = role_clients[role].get(url(t1))
        assert page.status_code == 200
        assert "<h1>Tertialrapport T1 2019</h1>" in page.text
    round_page = role_clients["head"].get(reverse("followup:round", args=[t1.pk])).text
    assert f'href="{url(t1)}"' in round_page


def test_the_report_shows_the_rounds_indicators_activities_and_who_reported(role_clients, t1):
    page = role_clients["head"].get(url(t1)).text
    assert "Region Västmanland · 1 januari–30 april 2019" in page
    rows = cells(page)
    headers = ["Nyckeltal", "Period", "Mål", "Utfall", "Bedömning", "Regionens eget värde"]
    assert headers in rows
    assert ["Besök (st)", "T1", "420", "400", "Nära målet", "450"] in rows
    assert ["Kötid (dagar)", "T1", "10", "12", "Inte uppnått", "12"] in rows
    assert "<strong>Besök:</strong> Fler besök än väntat." in page
    assert "<strong>Kötid:</strong> Längre kö i våras." in page
    assert ["Aktivitet 0", "Pågår", "Två träffar hållna."] in rows
    assert ["Delaktivitet 0 (del av Aktivitet 0)", "Ej rapporterad", ""] in rows
    unreported = [row for row in rows if row[1:] == ["Ej rapporterad", ""]]
    assert len(unreported) == Activity.objects.count() - 1
    assert "1 av 2 kommuner har rapporterat sina värden." in page
    assert "Har rapporterat: Västerås." in page and "Har inte rapporterat: Köping." in page
    assert "1 av 8 aktiviteter är rapporterade." in page
    assert "Inget är registrerat för området i perioden." not in page


def test_the_pdf_is_tagged_and_holds_the_report(role_clients, t1):
    response = role_clients["staff"].get(url(t1, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="tertialrapport-t1-2019.pdf"'
    assert response.content.startswith(b"%PDF")
    pdf = PdfReader(BytesIO(response.content))
    assert pdf.metadata.title == "Tertialrapport T1 2019 – Region Västmanland"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    text = "\n".join(page.extract_text() for page in pdf.pages).replace("\xa0", " ")
    assert "Tertialrapport T1 2019" in text
    assert "Nära målet" in text and "Två träffar hållna." in text
    assert "Har inte rapporterat: Köping." in text


def test_the_docx_holds_the_title_and_the_indicators(role_clients, t1):
    response = role_clients["head"].get(url(t1, "docx"))
    assert response["Content-Disposition"] == 'attachment; filename="tertialrapport-t1-2019.docx"'
    doc = Document(BytesIO(response.content))
    assert doc.core_properties.title == "Tertialrapport T1 2019"
    texts = [p.text for p in doc.paragraphs]
    assert "Tertialrapport T1 2019" in texts
    assert "Region Västmanland · 1 januari–30 april 2019" in texts
    assert "Besök: Fler besök än väntat." in texts
    assert "Har inte rapporterat: Köping." in texts
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["Besök (st)", "T1", "420", "400", "Nära målet", "450"] in rows
    assert ["Delaktivitet 0 (del av Aktivitet 0)", "Ej rapporterad", ""] in rows


QUERIES = 12  # session, user, round, indicators (twice: outcomes and who reported), reports,
# municipalities, their values, activities, targets, values, the year's areas


def test_the_reports_queries_are_fixed_in_number(role_clients, t1, django_assert_num_queries):
    client = role_clients["head"]
    client.get(url(t1))  # warm caches (content types, sessions) out of the count
    with django_assert_num_queries(QUERIES):
        assert client.get(url(t1)).status_code == 200
    visits = Indicator.objects.get(key="besok")
    for area_year in t1.year.area_years.all():
        grow_area_year(area_year, 5)
    for activity in Activity.objects.filter(parent__isnull=False)[:6]:
        ActivityReport.objects.create(activity=activity, round=t1, status="done")
    for i in range(10):
        m = Municipality.objects.create(region=t1.year.region, name=f"Kommun {i}", code=f"9{i:03}")
        Value.objects.create(indicator=visits, round=t1, municipality=m, value=i)
        more = Indicator.objects.create(
            region=t1.year.region, area=visits.area, key=f"k{i}", name=f"N{i}", rollup="mean"
        )
        Target.objects.create(indicator=more, round=t1, value=i)
        Value.objects.create(indicator=more, round=t1, value=i, comment="Analys.")
    with django_assert_num_queries(QUERIES):
        page = client.get(url(t1))
    assert "Kommun 9" in page.text and "N9" in page.text and "Aktivitet 5" in page.text


def test_a_round_of_another_region_is_not_found(role_clients, t1):
    other = Region.objects.create(name="Region Uppsala", code="03", slug="uppsala")
    year = Year.objects.create(region=other, year=2019)
    theirs = Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    for fmt in (None, "pdf", "docx"):
        assert role_clients["staff"].get(url(theirs, fmt)).status_code == 404
        assert role_clients["head"].get(url(theirs, fmt)).status_code == 404


def test_a_superuser_of_several_regions_downloads_the_region_chosen(client, t1):
    Region.objects.create(name="Region Uppsala", code="03", slug="uppsala")
    login(client, make_user("admin", is_superuser=True, is_staff=True))
    page = client.get(url(t1), {"region": "vastmanland"})
    assert page.status_code == 200
    for fmt in ("pdf", "docx"):
        assert f'href="?region=vastmanland&amp;format={fmt}"' in page.text
        download = client.get(url(t1, fmt) + "&region=vastmanland")
        assert download.status_code == 200 and download["Content-Disposition"].startswith(
            "attachment"
        )


def test_a_year_with_nothing_registered(role_clients, region):
    year = Year.objects.create(region=region, year=2020)
    q2 = Round.objects.create(year=year, kind="quarter", number=2, deadline=date(2020, 7, 15))
    page = role_clients["staff"].get(url(q2))
    assert page.status_code == 200
    assert "<h1>Kvartalsrapport K2 2020</h1>" in page.text
    assert "1 april–30 juni 2020" in page.text
    assert "Inga nyckeltal eller aktiviteter är registrerade för perioden." in page.text
    assert "Kommunerna har inga nyckeltal att rapportera i perioden." in page.text
    assert "0 av 0 aktiviteter är rapporterade." in page.text
    pdf = role_clients["staff"].get(url(q2, "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    doc = Document(BytesIO(role_clients["staff"].get(url(q2, "docx")).content))
    assert "Inga nyckeltal eller aktiviteter är registrerade för perioden." in [
        p.text for p in doc.paragraphs
    ]


def test_the_report_in_english(role_clients, t1, settings):
    client = role_clients["head"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url(t1)).text
    assert "<h1>Tertial report T1 2019</h1>" in page
    assert "1 of 2 municipalities have reported their values." in page
    assert ["Delaktivitet 0 (part of Aktivitet 0)", "Not reported", ""] in cells(page)
    doc = Document(BytesIO(client.get(url(t1, "docx")).content))
    assert doc.core_properties.title == "Tertial report T1 2019"
