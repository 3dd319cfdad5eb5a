"""The contract of biblioteksportal/areas.py, run for every area app through every hook on
the demo county: what each hook returns, that its links and hits answer, and how many
queries each dashboard part costs."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from biblioteksportal.areas import (
    HOOKS,
    AreaConfig,
    Computation,
    Figure,
    Part,
    SearchHit,
    area_apps,
)
from biblioteksportal.charts import Chart
from biblioteksportal.demo import national
from biblioteksportal.models import Municipality, Year
from biblioteksportal.search import parse

from .conftest import login

AREAS = ["samverkan", "kompetens", "biblioteksplaner", "lasframjande"]
USERS = ["regional", "chef.vasteras", "rapportor.koping"]
# Queries of each app's part of the county dashboard and of a municipality's page, 2019.
QUERIES = {
    "samverkan": (5, 4),
    "kompetens": (5, 3),
    "biblioteksplaner": (4, 4),
    "lasframjande": (4, 3),
}

SCALE = 0.01

pytestmark = pytest.mark.parametrize("app", AREAS)


@pytest.fixture
def config(app):
    return apps.get_app_config(app)


@pytest.fixture
def year(demo_county, db):
    return Year.objects.get(region=demo_county, year=2019)


def user(username):
    return get_user_model().objects.select_related("profile__region").get(username=username)


def test_the_app_is_an_area_with_its_hooks_in_one_module(config):
    assert isinstance(config, AreaConfig) and config in area_apps()
    module = __import__(f"{config.name}.area", fromlist=["*"])
    hooks = [name for name in HOOKS if callable(getattr(module, name, None))]
    assert {"load_demo", "home_links", "county_part", "municipality_part"} <= set(hooks)
    assert not any(name in vars(type(config)) for name in HOOKS)  # no hook code in apps.py


def test_demo_data_fills_the_apps_tables(config, year):
    counts = {model.__name__: model.objects.count() for model in config.get_models()}
    assert sum(counts.values()) > 0, counts


def test_county_and_municipality_parts(config, year, django_assert_num_queries):
    staff, head = user("regional"), user("chef.vasteras")
    county_queries, municipality_queries = QUERIES[config.name]
    with django_assert_num_queries(county_queries):
        county = config.county_part(year, staff)
    vasteras = Municipality.objects.get(code="1980")
    with django_assert_num_queries(municipality_queries):
        part = config.municipality_part(year, vasteras, head)
    for each in (county, part):
        assert isinstance(each, Part)
        assert all(isinstance(f, Figure) for f in each.figures)
        assert all(isinstance(c, Chart) for c in each.charts)
    assert county.figures or county.charts


def test_report_facts_are_sentences(config, year):
    area_year = year.area_years.get(area__app=config.area)
    facts = config.report_facts(area_year)
    assert isinstance(facts, list) and all(isinstance(f, str) and f for f in facts)


@pytest.mark.parametrize("username", USERS)
def test_home_links_answer_for_the_user(config, year, username):
    client = Client()
    login(client, user(username))
    for label, url in config.home_links(user(username)):
        assert label and client.get(url, follow=True).status_code == 200, (label, url)


def test_search_hits_are_the_users_and_answer(config, year):
    client = Client()
    login(client, user("regional"))
    words = {"samverkan": "Koha", "kompetens": "digital", "biblioteksplaner": "biblioteksplan"}
    hits = config.search(parse(words.get(config.name, "läsfrämjande")), user("regional"))
    assert all(isinstance(hit, SearchHit) and hit.title for hit in hits)
    for hit in hits[:5]:
        assert client.get(hit.url).status_code == 200, hit
    assert (
        config.search(parse("Koha"), user("rapportor.koping")) == [] or config.name != "samverkan"
    )


def test_computations_are_keyed_by_the_app_and_cost_two_queries_a_period(
    config, year, django_assert_max_num_queries
):
    """Each computation in at most two queries for a period and six for three, giving each
    period the values it gives that period alone."""
    region = year.region
    ids = set(Municipality.objects.filter(region=region).values_list("pk", flat=True))
    periods = [
        (date(2019, 1, 1), date(2019, 4, 30)),
        (date(2019, 5, 1), date(2019, 8, 31)),
        (date(2019, 1, 1), date(2019, 12, 31)),
    ]
    for computation in config.computations():
        assert isinstance(computation, Computation) and computation.label
        assert computation.key.startswith(f"{config.name}."), computation.key
        with django_assert_max_num_queries(2):
            [whole] = computation.compute(region, periods[-1:])
        assert set(whole) <= ids | {None}, computation.key
        assert all(v is None or isinstance(v, Decimal) for v in whole.values())
        with django_assert_max_num_queries(6):
            found = computation.compute(region, periods)
        assert len(found) == 3 and found[-1] == whole, computation.key
        assert computation.compute(region, []) == []


def test_generate_national_adds_the_apps_records_to_a_region(config, db):
    region = national.one_region("09")  # one municipality
    years = national.frame(region, [2025], SCALE)
    before = {model: model.objects.count() for model in config.get_models()}
    config.generate_national(region, years, random.Random(1), SCALE)
    assert any(model.objects.count() > n for model, n in before.items())
