"""generate_national, the national benchmark data set, at a tiny scale."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from biblioteksplaner.models import LibraryPlan, Report
from biblioteksportal.choices import Role
from biblioteksportal.demo.national import LAST_YEAR
from biblioteksportal.followup.models import (
    ActivityReport,
    Indicator,
    Round,
    Statistic,
    StatisticSeries,
    Value,
)
from biblioteksportal.models import Activity, AreaYear, Library, Municipality, Outcome, Region
from kompetens.models import Registration, TrainingEvent
from lasframjande.models import LiteraryActor
from samverkan.models import Transfer

from .builders import make_user
from .conftest import login

YEARS, SCALE = 2, 0.01


def generate(seed=1):
    out = StringIO()
    call_command(
        "generate_national", "--years", YEARS, "--scale", SCALE, "--seed", seed, stdout=out
    )
    return out.getvalue()


def fingerprint():
    return (
        list(Activity.objects.order_by("pk").values_list("title", "status", "start")),
        list(Transfer.objects.order_by("region__code", "key").values_list("itemnumber", "date")),
        list(Registration.objects.order_by("pk").values_list("status", "attended")),
        list(LibraryPlan.objects.order_by("pk").values_list("start", "end")),
    )


class Undo(Exception):
    pass


@pytest.fixture(scope="module")
def country(django_db_setup, django_db_blocker):
    """The country generated with seed 1 twice: once undone (its fingerprint kept), then kept
    for the module's tests inside a transaction rolled back after them."""
    with django_db_blocker.unblock():
        with pytest.raises(Undo), transaction.atomic():
            generate()
            first = fingerprint()
            raise Undo
        assert not Region.objects.exists()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {"output": generate(), "first": first}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_generates_the_country(country, db):
    assert "Rader per tabell:" in country["output"]
    assert "samverkan.Transfer: 10 000" in country["output"]
    regions = Region.objects.order_by("code")
    assert regions.count() == 21 and Municipality.objects.count() == 290
    assert [r.municipalities.count() for r in regions.filter(code__in=["01", "09", "14"])] == [
        26,
        1,
        49,
    ]
    assert Municipality.objects.get(code="1480").name == "Göteborg"
    assert AreaYear.objects.count() == 21 * YEARS * 4
    assert Outcome.objects.count() == 21 * (YEARS - 1) * 4  # not for the current year
    assert Report.objects.count() == 290 * YEARS
    assert Transfer.objects.count() == 1_000_000 * SCALE
    for region in regions:
        assert Library.objects.filter(region=region).count() > region.municipalities.count()
        assert Activity.objects.filter(area_year__year__region=region).exists()
        assert TrainingEvent.objects.filter(region=region).exists()
        assert Transfer.objects.filter(region=region).exists()
        assert LiteraryActor.objects.filter(region=region).exists()
        assert LibraryPlan.objects.filter(region=region, municipality=None).exists()
    assert not get_user_model().objects.exists()


def test_every_region_pages_answer(country, client, db):
    assert client.get("/biblioteksplaner/register/").status_code == 200
    for region in Region.objects.all():
        municipality = region.municipalities.order_by("code").last()
        head = make_user(f"chef{region.code}", Role.LIBRARY_HEAD, region, municipality)
        staff = make_user(f"regional{region.code}", Role.REGIONAL_STAFF, region)
        for user, url in [
            (head, f"/oversikt/{LAST_YEAR - 1}/"),
            (head, f"/kommun/{municipality.code}/{LAST_YEAR}/"),
            (staff, f"/verksamhetsar/{LAST_YEAR - 1}/"),
            (head, f"/uppfoljning/{LAST_YEAR - 1}/"),
            (staff, f"/uppfoljning/omgang/{Round.objects.filter(year__region=region).last().pk}/"),
        ]:
            login(client, user)
            assert client.get(url).status_code == 200, (region.code, url)


def test_follow_up_of_every_region(country, db):
    assert Indicator.objects.count() == 21 * 6
    assert Round.objects.count() == 21 * YEARS * 3
    assert StatisticSeries.objects.get().code == "N01951"
    assert Statistic.objects.count() == 290 * YEARS
    besok = Value.objects.filter(indicator__key="besok")
    # Every municipality in every round but the current year's, which is not reported yet;
    # its T2 late in some regions.
    assert besok.filter(round__year__year=LAST_YEAR - 1).count() == 290 * 3
    assert not besok.filter(round__year__year=LAST_YEAR, round__kind="year").exists()
    assert 0 < besok.filter(round__year__year=LAST_YEAR, round__number=2).count() <= 290
    current = Round.objects.filter(year__year=LAST_YEAR, completed=None)
    assert current.count() == 21 * 2  # T2 and the year
    reported = ActivityReport.objects.filter(round__year__year=LAST_YEAR - 1, round__kind="year")
    assert reported.count() == Activity.objects.filter(area_year__year__year=LAST_YEAR - 1).count()


def test_indicator_dashboard_queries_flat_in_the_region_size(country, client, db):
    """Gotland's one municipality and Västra Götaland's 49: the same number of queries."""
    counts = []
    for code in ["09", "14"]:
        region = Region.objects.get(code=code)
        login(client, make_user(f"regional{code}", Role.REGIONAL_STAFF, region))
        client.get(f"/uppfoljning/{LAST_YEAR - 1}/")  # the session's first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/uppfoljning/{LAST_YEAR - 1}/")
        assert response.status_code == 200
        assert "Besök på folkbiblioteken" in response.text
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_same_seed_same_data(country, db):
    assert fingerprint() == country["first"]


def test_refuses_a_database_with_regions(country, db):
    before = Region.objects.count(), Municipality.objects.count()
    with pytest.raises(CommandError, match="redan regioner"):
        generate()
    assert (Region.objects.count(), Municipality.objects.count()) == before
