"""Full-text search (Swedish configuration), filtered by what the user may see."""

import pytest

from biblioteksportal.models import Activity, AreaYear, Outcome, Region

from .builders import grow_area_year, make_frame
from .conftest import assert_queries_constant


@pytest.fixture
def frame(region, vasteras):
    year = make_frame(region, municipalities=[vasteras])
    Activity.objects.filter(title="Aktivitet 0").update(
        description="Workshops utifrån självskattningstestet om digital kompetens"
    )
    Outcome.objects.filter(area_year__area__app="kompetens").update(
        narrative="IT-pedagogen genomförde workshops i sex kommuner."
    )
    return year


def test_search_per_role(role_clients, frame):
    url = "/sok/?q=workshop"
    assert role_clients["anonymous"].get(url).status_code == 302
    for role in ("head", "staff"):
        page = role_clients[role].get(url).text
        # Swedish stemming: "workshop" finds "workshops"
        assert "Aktivitet 0" in page and "Utfall 2019: Folkbibliotekens digitala utveckling" in page
    reporter_page = role_clients["reporter"].get(url).text
    assert "0 träffar" in reporter_page and "Aktivitet 0" not in reporter_page


def test_search_stems_swedish_words(role_clients, frame):
    page = role_clients["head"].get("/sok/?q=kommun").text
    assert "Utfall 2019: Folkbibliotekens digitala utveckling" in page


def test_a_noun_with_a_vowel_changing_plural_finds_both_forms(role_clients, frame):
    activities = Activity.objects.filter(title="Aktivitet 0")
    activities.filter(area_year__area__app="kompetens").update(
        title="Inköp", description="Inköp av ljudböcker."
    )
    activities.filter(area_year__area__app="samverkan").update(
        title="Uppläsning", description="En ljudbok om länet."
    )
    for q in ("ljudbok", "ljudböckerna"):
        page = role_clients["head"].get("/sok/", {"q": q}).text
        assert ">Inköp</a>" in page and ">Uppläsning</a>" in page, q
    page = role_clients["head"].get("/sok/", {"q": "ljudbok -länet"}).text
    assert ">Inköp</a>" in page and ">Uppläsning</a>" not in page


def test_other_regions_are_not_found(role_clients, frame):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    make_frame(other, year=2020)
    Activity.objects.filter(area_year__year__region=other).update(title="Hemlig workshop")
    page = role_clients["staff"].get("/sok/?q=workshop").text
    assert "Hemlig workshop" not in page


def test_empty_and_odd_queries(role_clients, frame):
    assert "träff" not in role_clients["head"].get("/sok/?q=").text
    for q in ['"', "-", "(((", "a" * 500, "<script>"]:
        response = role_clients["head"].get("/sok/", {"q": q})
        assert response.status_code == 200
        assert "<script>" not in response.text.split("</header>")[1]


def test_search_query_count_does_not_grow(role_clients, frame):
    def grow():
        for area_year in AreaYear.objects.all():
            grow_area_year(area_year, 9)
        Activity.objects.update(description="workshop")

    assert assert_queries_constant(role_clients["head"], "/sok/?q=workshop", grow) == 13
