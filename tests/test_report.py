"""The annual report and the activity plan: HTML, tagged PDF, DOCX, per role."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from biblioteksportal.models import AreaYear, IntroSection, Person, Responsibility, Staffing

from .conftest import assert_queries_constant
from .factories import grow_area_year, make_frame


@pytest.fixture
def frame(region, vasteras):
    IntroSection.objects.create(region=region, number="1", title="Inledning", body="Vision.")
    person = Person.objects.create(region=region, name="Amelie Sarlin")
    area = Responsibility.objects.create(region=region, name="Digital biblioteksutveckling")
    Staffing.objects.create(
        person=person,
        responsibility=area,
        percent=100,
        start=date(2019, 1, 1),
        end=date(2019, 1, 31),
    )
    Staffing.objects.create(person=person, responsibility=area, percent=50, start=date(2019, 10, 1))
    return make_frame(region, municipalities=[vasteras])


def test_report_per_role(role_clients, frame):
    url = reverse("annual-report", args=[2019])
    assert role_clients["anonymous"].get(url).status_code == 302
    assert role_clients["reporter"].get(url).status_code == 403
    for role in ("head", "staff"):
        page = role_clients[role].get(url).text
        assert "<h1>Verksamhetsberättelse 2019</h1>" in page
        assert (
            "1 Inledning" in page and "4 Personal" in page and "5.1.1 Bibliotekssamverkan" in page
        )
        assert "Digital biblioteksutveckling:" in page
        assert "Amelie Sarlin 100 % 1 januari–31 januari; 50 % 1 oktober–31 december" in page
        assert "Aktivitet 0 – Genomförd" in page
        assert "Delaktivitet 0 – Uppskjuten (Ingen personalkapacitet.)" in page
        assert "Utfall för Bibliotekssamverkan." in page


def test_report_query_count_does_not_grow(role_clients, frame):
    def grow():
        for area_year in AreaYear.objects.all():
            grow_area_year(area_year, 9)

    url = reverse("annual-report", args=[2019])
    assert (
        assert_queries_constant(role_clients["head"], url, grow) == 34
    )  # 8 of the core, the rest the area apps' facts


def test_plan_has_no_outcomes_and_no_staffing(role_clients, frame):
    page = role_clients["head"].get(reverse("activity-plan", args=[2019])).text
    assert "<h1>Verksamhetsplan 2019</h1>" in page
    assert "Aktivitet 0" in page and "Genomförd" not in page
    assert "Utfall för" not in page and "4 Personal" not in page


def test_pdf_is_tagged_with_language_and_title(role_clients, frame):
    response = role_clients["head"].get(reverse("annual-report", args=[2019]) + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="verksamhetsberattelse-2019.pdf"'
    )
    pdf = PdfReader(BytesIO(response.content))
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "sv"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert pdf.metadata.title == "Verksamhetsberättelse 2019 – Region Västmanland"
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "5.1.1 Bibliotekssamverkan" in text and "Aktivitet 0" in text


def test_docx_holds_the_same_report(role_clients, frame):
    response = role_clients["head"].get(reverse("annual-report", args=[2019]) + "?format=docx")
    assert response["Content-Disposition"].endswith('verksamhetsberattelse-2019.docx"')
    doc = Document(BytesIO(response.content))
    assert doc.core_properties.title == "Verksamhetsberättelse 2019"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "4 Personal" in headings and "5.1.1 Bibliotekssamverkan" in headings
    texts = [p.text for p in doc.paragraphs]
    assert "Aktivitet 0 – Genomförd" in texts
    assert "Utfall för Bibliotekssamverkan." in texts
