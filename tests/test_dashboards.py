"""The county dashboard and the municipality pages, per role, with pinned query counts."""

import re

import pytest
from django.urls import reverse

from biblioteksportal.charts import bar_chart
from biblioteksportal.models import AreaYear, Library, Municipality

from .builders import PASSWORD, grow_area_year, make_frame
from .conftest import READERS, assert_queries_constant, download_statuses, downloads


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
    # 8 of the core, 15 the four area apps' parts
    assert assert_queries_constant(role_clients["head"], "/oversikt/2019/", _grow) == 22


def test_municipality_query_count_does_not_grow(role_clients, frame, vasteras):
    url = f"/kommun/{vasteras.code}/2019/"
    # 10 of the core, 1 the national statistics, 12 the four area apps' parts
    assert assert_queries_constant(role_clients["head"], url, _grow) == 23


def test_bar_chart_scales_and_stacks():
    chart = bar_chart("C", [("a", [1, 3]), ("b", [2, 0])], series=["x", "y"])
    assert chart.stacked and chart.rows == [("a", [1, 3], 4), ("b", [2, 0], 2)]
    first, second = chart.bars
    assert first["segments"][0]["width"] == 75.0 and first["segments"][1]["width"] == 225.0
    assert second["segments"][0]["width"] == 150.0
    assert bar_chart("E", []).rows == []


def test_chart_svg_numbers_are_not_localised():
    from django.template.loader import render_to_string
    from django.utils import translation

    chart = bar_chart("C", [("a", 1), ("b", 3)])
    with translation.override("sv"):
        svg = render_to_string("includes/chart.html", {"chart": chart})
    assert 'width="100.0"' in svg and 'width="300.0"' in svg
    assert "," not in "".join(re.findall(r'(?:x|y|width|height)="[^"]*"', svg))


def test_chart_values_read_as_in_the_table_and_labels_are_whole():
    from django.template.loader import render_to_string
    from django.utils import translation

    label = "Informations- och datakompetens, självskattat medelvärde"
    chart = bar_chart("C", [(label, 5.1), ("b", 2.25)])
    with translation.override("sv"):
        html = render_to_string("includes/chart.html", {"chart": chart})
    svg, table = html.split("</svg>")
    assert re.findall(r'<text class="value"[^>]*>([^<]*)</text>', svg) == ["5,1", "2,25"]
    assert re.findall(r"<td>([^<]*)</td>", table) == ["5,1", "2,25"]
    assert f'<text class="label" x="0" y="18" font-size="13">{label}</text>' in svg
    # the bars start right of the longest label
    assert min(float(x) for x in re.findall(r'<rect x="([^"]+)"', svg)) >= 8 * len(label)


def shown(sections):
    """[area, table, row, column, value] of each figure, chart row and status count that the
    page's sections show (the area apps' charts have one series)."""
    rows = []
    for section in sections:
        area = section["area_year"].area.name
        rows += [[area, "Nyckeltal", f.label, "Värde", str(f.value)] for f in section["figures"]]
        for chart in section["charts"]:
            assert not chart.stacked
            rows += [[area, chart.caption, row, "Värde", str(n)] for row, _v, n in chart.rows]
        rows += [
            [area, "Aktiviteter per status", s, "Antal", str(n)] for s, n in section["by_status"]
        ]
    return rows


@pytest.mark.parametrize("url", ["/oversikt/2019/", "/kommun/1980/2019/"])
def test_dashboards_download_what_the_page_shows(role_clients, frame, url):
    assert download_statuses(role_clients, url) == READERS
    for role in ("head", "staff"):
        sections = role_clients[role].get(url).context["sections"]
        rows = downloads(role_clients[role], url)
        assert rows[0] == ["Område", "Tabell", "Rad", "Kolumn", "Värde"]
        assert ["Bibliotekssamverkan", "Aktiviteter per status", "Genomförd", "Antal", "1"] in rows
        libraries = [row for row in rows[1:] if row[0] == ""]
        assert rows[1:] == libraries + shown(sections)
    if "kommun" in url:
        assert libraries == [["", "Bibliotek", "Stadsbiblioteket", "Typ", "Huvudbibliotek"]]
    else:
        assert not libraries and any(section["charts"] for section in sections)


def test_stacked_chart_downloads_each_series_and_the_total():
    chart = bar_chart("C", [("a", [1, 3])], series=["x", "y"])
    assert chart.table().cells() == [
        ["C", "a", "x", 1],
        ["C", "a", "y", 3],
        ["C", "a", "Totalt", 4],
    ]
    assert bar_chart("D", [("b", 2)], unit=" %").table().cells() == [["D", "b", "Värde (%)", 2]]


def test_municipality_download_of_another_region_is_404(role_clients, frame):
    from biblioteksportal.models import Region

    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Örebro", code="1880")
    assert role_clients["head"].get("/kommun/1880/2019/?format=xlsx").status_code == 404


def test_dashboard_downloads_query_counts_do_not_grow(role_clients, frame, vasteras):
    # the pages' queries but the year picker's (and the municipality links')
    head = role_clients["head"]
    assert assert_queries_constant(head, "/oversikt/2019/?format=csv", _grow) == 20
    url = f"/kommun/{vasteras.code}/2019/?format=xlsx"
    assert assert_queries_constant(head, url, _grow) == 19
