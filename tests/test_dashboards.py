"""The county dashboard and the municipality pages, per role, with pinned query counts."""

import re

import pytest
from django.urls import reverse

from biblioteksportal.charts import bar_chart
from biblioteksportal.models import AreaYear, Library, Municipality

from .conftest import PASSWORD, assert_queries_constant
from .factories import grow_area_year, make_frame


@pytest.fixture
def frame(region, vasteras, koping):
    Library.objects.create(
        region=region, municipality=vasteras, name="Stadsbiblioteket", kind="main"
    )
    return make_frame(region, municipalities=[vasteras])


def test_dashboard_per_role(role_clients, frame):
    assert role_clients["anonymous"].get("/oversikt/2019/").status_code == 302
    assert role_clients["reporter"].get("/oversikt/2019/").status_code == 403
    assert role_clients["head"].get("/oversikt/").url == "/oversikt/2019/"
    assert role_clients["head"].get("/oversikt/?ar=2019").url == "/oversikt/2019/"
    assert role_clients["head"].get("/oversikt/2018/").status_code == 404
    for role in ("head", "staff"):
        page = role_clients[role].get("/oversikt/2019/").text
        assert "Länsöversikt 2019" in page
        assert "Aktiviteter 2019 per område och status" in page
        assert '<svg role="img" aria-labelledby=' in page and "<table" in page
        assert "Aktiviteter: Planerad 0, Pågår 0, Genomförd 1, Uppskjuten 1, Inställd 0." in page


def test_municipality_page_per_role(role_clients, frame, vasteras, koping):
    url = f"/kommun/{vasteras.code}/2019/"
    assert role_clients["anonymous"].get(url).status_code == 302
    assert role_clients["reporter"].get(url).status_code == 403
    assert role_clients["head"].get(f"/kommun/{vasteras.code}/").url == url
    page = role_clients["head"].get(url).text
    assert "Västerås 2019" in page and "Stadsbiblioteket" in page
    assert "Aktiviteter: Planerad 0, Pågår 0, Genomförd 1, Uppskjuten 0, Inställd 0." in page
    koping_page = role_clients["staff"].get(f"/kommun/{koping.code}/2019/").text
    assert "Genomförd 0" in koping_page
    assert role_clients["head"].get("/kommun/0000/2019/").status_code == 404


def test_municipality_of_another_region_is_404(role_clients, frame):
    from biblioteksportal.models import Region

    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Örebro", code="1880")
    assert role_clients["head"].get("/kommun/1880/2019/").status_code == 404


def test_library_head_lands_on_their_municipality(client, head_user, vasteras, frame):
    response = client.post(reverse("login"), {"username": "chef", "password": PASSWORD})
    assert response.url == f"/kommun/{vasteras.code}/"


def _grow():
    for area_year in AreaYear.objects.all():
        grow_area_year(area_year, 9, Municipality.objects.all())


def test_dashboard_query_count_does_not_grow(role_clients, frame):
    # 8 of the core, 16 the four area apps' parts
    assert assert_queries_constant(role_clients["head"], "/oversikt/2019/", _grow) == 24


def test_municipality_query_count_does_not_grow(role_clients, frame, vasteras):
    url = f"/kommun/{vasteras.code}/2019/"
    # 10 of the core, 14 the four area apps' parts
    assert assert_queries_constant(role_clients["head"], url, _grow) == 24


def test_bar_chart_scales_and_stacks():
    chart = bar_chart("C", [("a", [1, 3]), ("b", [2, 0])], series=["x", "y"])
    assert chart["stacked"] and chart["rows"] == [("a", [1, 3], 4), ("b", [2, 0], 2)]
    first, second = chart["bars"]
    assert first["segments"][0]["width"] == 75.0 and first["segments"][1]["width"] == 225.0
    assert second["segments"][0]["width"] == 150.0
    assert bar_chart("E", [])["rows"] == []


def test_chart_svg_numbers_are_not_localised():
    from django.template.loader import render_to_string
    from django.utils import translation

    chart = bar_chart("C", [("a", 1), ("b", 3)])
    with translation.override("sv"):
        svg = render_to_string("includes/chart.html", {"chart": chart})
    assert 'width="100.0"' in svg and 'width="300.0"' in svg
    assert "," not in "".join(re.findall(r'(?:x|y|width|height)="[^"]*"', svg))
