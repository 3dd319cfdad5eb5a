"""The annual report and the activity plan: HTML, tagged PDF, DOCX, per role."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from biblioteksportal.followup.models import Indicator, Round, Target, Value
from biblioteksportal.models import (
    Activity,
    AreaYear,
    Goal,
    IntroSection,
    Outcome,
    Person,
    Responsibility,
    Staffing,
)
from lasframjande.choices import AgeGroup, ArenaKind
from lasframjande.models import ArenaParticipation, WritingArena
from samverkan import queries as samverkan_queries

from .builders import grow_area_year, make_frame
from .conftest import assert_queries_constant


@pytest.fixture
def frame(region, vasteras):
    for number, title in [("1", "Inledning"), ("2", "Värdegrund"), ("3", "Uppdrag")]:
        IntroSection.objects.create(region=region, number=number, title=title, body="Vision.")
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
        assert_queries_constant(role_clients["head"], url, grow) == 35
    )  # 9 of the core (one for indicators: none here), the rest the area apps' facts


@pytest.fixture
def indicators(frame):
    """Two indicators of the first area, followed up in T1 and the year."""
    area = frame.area_years.order_by("area__position").first().area
    t1 = Round.objects.create(year=frame, kind="tertial", number=1, deadline=date(2019, 5, 15))
    whole = Round.objects.create(year=frame, kind="year", number=1, deadline=date(2020, 1, 31))
    visits = Indicator.objects.create(
        region=frame.region, area=area, key="besok", name="Besök", unit="st"
    )
    waiting = Indicator.objects.create(
        region=frame.region, area=area, key="kotid", name="Kötid", unit="dagar", direction="lower"
    )
    Target.objects.create(indicator=visits, round=whole, value=1000)
    Target.objects.create(indicator=waiting, round=whole, value=10)
    Value.objects.create(indicator=visits, round=t1, value=400)
    Value.objects.create(indicator=visits, round=whole, value=1250, comment="Fler besök än väntat.")
    Value.objects.create(indicator=waiting, round=whole, value=12)
    return visits, waiting


def test_report_and_plan_carry_each_areas_indicators(role_clients, indicators):
    page = role_clients["head"].get(reverse("annual-report", args=[2019])).text
    cells = [re.sub(r"<[^>]+>", " ", row).split() for row in re.findall(r"<tr>(.*?)</tr>", page)]
    assert ["Besök", "(st)", "T1", "–", "400", "Inget", "värde"] in cells
    assert ["Helår", "1", "000", "1", "250", "Uppnått"] in cells
    assert ["Helår", "10", "12", "Inte", "uppnått"] in cells
    assert "<strong>Besök:</strong> Fler besök än väntat." in page
    plan = role_clients["head"].get(reverse("activity-plan", args=[2019])).text
    assert "Kötid (dagar)" in plan and "Utfall</th>" not in plan and "Fler besök" not in plan
    docx = role_clients["head"].get(reverse("annual-report", args=[2019]) + "?format=docx")
    table = Document(BytesIO(docx.content)).tables[-1]
    assert [c.text for c in table.rows[2].cells] == [
        "Besök",
        "Helår",
        "1\xa0000",
        "1\xa0250",
        "Uppnått",
    ]


def test_report_query_count_with_indicators_does_not_grow(role_clients, frame, indicators):
    def grow():
        visits, _waiting = indicators
        for number in range(1, 5):
            Round.objects.create(
                year=frame, kind="quarter", number=number, deadline=date(2020, 1, 1)
            )
        for n in range(10):
            more = Indicator.objects.create(
                region=frame.region, area=visits.area, key=f"k{n}", name="N"
            )
            Target.objects.create(indicator=more, round=frame.rounds.last(), value=n)

    url = reverse("annual-report", args=[2019])
    assert assert_queries_constant(role_clients["head"], url, grow) == 38  # 3 for indicators


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


def pdf_text(client, url):
    pdf = PdfReader(BytesIO(client.get(url + "?format=pdf").content))
    return "\n".join(page.extract_text() for page in pdf.pages)


def test_activity_titles_keep_their_lines(role_clients, frame):
    title = "Delta i och anordna regionalt deltagande i Träffpunkt biblioteksplaner."
    Activity.objects.filter(title="Aktivitet 0", area_year__area__app="biblioteksplaner").update(
        title=title
    )
    url = reverse("annual-report", args=[2019])
    html = role_clients["head"].get(url).text
    # no white space at the end of a list item: WeasyPrint broke such a line after its first word
    report = html.split("<article")[1].split("</article>")[0]
    assert re.search(r"\s+</li>|[^>\s]\s+<ul>", report) is None
    assert f"{title} – Genomförd" in pdf_text(role_clients["head"], url).splitlines()


def test_an_area_with_nothing_recorded_prints_no_empty_headings(role_clients, frame):
    area_year = AreaYear.objects.get(area__app="samverkan")  # no facts without records
    area_year.partners.clear()
    Goal.objects.filter(area_year=area_year).delete()
    Activity.objects.filter(area_year=area_year).delete()
    Outcome.objects.filter(area_year=area_year).delete()
    kompetens = AreaYear.objects.get(area__app="kompetens")
    Goal.objects.filter(area_year=kompetens, kind="subgoal").delete()
    Outcome.objects.filter(area_year=kompetens).update(narrative="")
    for url in (reverse("annual-report", args=[2019]), reverse("activity-plan", args=[2019])):
        html = role_clients["head"].get(url).text
        sections = dict(
            re.findall(r'<h3 id="s-[\d-]+">[\d.]+ ([^<]+)</h3>(.*?)</section>', html, re.S)
        )
        empty = sections["Bibliotekssamverkan"]
        assert "<h4>" not in empty and "–" not in empty, url
        assert "Inget är registrerat för området detta år." in empty
        assert "Delmål" not in sections["Folkbibliotekens digitala utveckling"]
        assert "Aktiviteter" in sections["Folkbibliotekens digitala utveckling"]
        assert "Inget är registrerat" not in sections["Folkbibliotekens digitala utveckling"]
        assert "Utfallet är inte skrivet" not in html
    text = pdf_text(role_clients["head"], reverse("annual-report", args=[2019]))
    assert "Delmål\n–" not in text and "Aktiviteter\n–" not in text


def test_numbers_have_thousands_separators_and_years_none(role_clients, frame, monkeypatch):
    monkeypatch.setattr(
        samverkan_queries, "per_month", lambda qs: [{"total": 30000, "cancelled_n": 902}]
    )
    monkeypatch.setattr(
        samverkan_queries, "back_and_forth", lambda *a: {"items": 2004, "titles": 1596}
    )
    arena = WritingArena.objects.create(
        region=frame.region,
        title="Skrivartävling",
        kind=ArenaKind.COMPETITION,
        age_groups=[AgeGroup.AGE_13_15],
        start=date(2019, 5, 1),
        place="Länet",
        organiser="Regionen",
    )
    ArenaParticipation.objects.create(arena=arena, age_group=AgeGroup.AGE_13_15, count=1250)
    url = reverse("annual-report", args=[2019])
    html = role_clients["head"].get(url).text
    assert "30\xa0000 överföringar mellan biblioteken registrerades i Koha, varav 902" in html
    assert "2\xa0004 exemplar (1\xa0596 titlar)" in html
    assert "1 skrivarena för barn och unga med 1\xa0250 deltagare (13–15 år 1\xa0250)." in html
    assert "<h1>Verksamhetsberättelse 2019</h1>" in html
    text = pdf_text(role_clients["head"], url).replace("\xa0", " ")
    assert "30 000 överföringar" in text and "2 004 exemplar (1 596 titlar)" in text


def test_plan_chapters_are_numbered_without_a_gap(role_clients, frame):
    url = reverse("activity-plan", args=[2019])
    html = role_clients["head"].get(url).text
    headings = re.findall(r"<h[23][^>]*>(\d[\d.]*) ", html)
    assert headings == ["1", "2", "3", "4", "4.1", "4.1.1", "4.1.2", "4.1.3", "4.1.4"]
    doc = Document(BytesIO(role_clients["head"].get(url + "?format=docx").content))
    numbers = [p.text.split()[0] for p in doc.paragraphs if p.style.name[:8] == "Heading "]
    assert numbers[:5] == ["1", "2", "3", "4", "4.1"] and "4.1.4" in numbers
    report = role_clients["head"].get(reverse("annual-report", args=[2019])).text
    assert re.findall(r"<h[23][^>]*>(\d[\d.]*) ", report)[:6] == ["1", "2", "3", "4", "5", "5.1"]
