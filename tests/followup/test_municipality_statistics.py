"""A municipality's page shows its imported national statistics: the activity year and the
two before, a row per series, another municipality's figures never."""

import re

import pytest

from biblioteksportal.followup.models import Statistic, StatisticSeries

from ..builders import make_frame
from ..conftest import assert_queries_constant


@pytest.fixture
def statistics(region, vasteras, koping):
    make_frame(region, municipalities=[vasteras])
    loans = StatisticSeries.objects.create(source="kb", code="Folk54", title="Fysiska utlån")
    visits = StatisticSeries.objects.create(source="kolada", code="N09805", title="Besök")
    for year, value in [(2016, 1), (2017, 100), (2018, 200), (2019, 300)]:
        Statistic.objects.create(series=loans, municipality=vasteras, year=year, value=value)
    Statistic.objects.create(series=loans, municipality=vasteras, year=2019, gender="K", value=7)
    Statistic.objects.create(series=visits, municipality=vasteras, year=2019, value=12.5)
    Statistic.objects.create(series=visits, municipality=koping, year=2019, value=99)
    return loans, visits


def table_rows(page):
    table = page.split("Nationell statistik för Västerås")[1].split("</table>")[0]
    return [
        re.sub(r"<[^>]+>", " ", row).split() for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_the_municipality_page_shows_its_national_statistics(role_clients, statistics):
    page = role_clients["head"].get("/kommun/1980/2019/").text
    rows = table_rows(page)
    assert rows[0] == ["Källa", "Serie", "2017", "2018", "2019"]
    assert rows[2] == ["Kolada", "N09805", "Besök", "–", "–", "12,5"]
    assert rows[1] == [
        "KB:s",
        "biblioteksstatistik",
        "Folk54",
        "Fysiska",
        "utlån",
        "100",
        "200",
        "300",
    ]
    assert "99" not in " ".join(sum(rows, []))


def test_a_municipality_without_statistics_says_so(role_clients, region, vasteras):
    make_frame(region, municipalities=[vasteras])
    page = role_clients["head"].get("/kommun/1980/2019/").text
    assert "Ingen nationell statistik är importerad för kommunen." in page


def test_the_query_count_stays_with_more_statistics(role_clients, statistics, vasteras):
    def grow():
        for n in range(20):
            series = StatisticSeries.objects.create(source="kolada", code=f"N{n:05}")
            Statistic.objects.create(series=series, municipality=vasteras, year=2019, value=n)

    assert assert_queries_constant(role_clients["head"], "/kommun/1980/2019/", grow) == 23
