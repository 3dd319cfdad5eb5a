"""The transfers' summaries: the floating-collection, back-and-forth and net-flow figures they
give are those of the transfers, after an import, an import again, a deleted import, in two
regions; a page never reads them while they are older than the transfers."""

from datetime import date

import pytest
from django.urls import reverse

from biblioteksportal.models import Municipality, Region
from samverkan import queries
from samverkan.models import Transfer, TransferImport, TransferSummary
from samverkan.services import make_summaries
from tests.builders import csv_bytes, generated, import_bytes, make_libraries
from tests.conftest import assert_queries_constant

from .test_pages import TRIPS

CASES = [  # start, end, reason, days: whole months, days around months, one month's days
    (date(2019, 1, 1), date(2019, 12, 31), "", 30),
    (date(2019, 2, 14), date(2019, 11, 3), "Reserve", 60),
    (date(2019, 3, 5), date(2019, 3, 20), "", 365),
    (date(2019, 5, 1), date(2019, 9, 30), "Manual", 1),
]


def figures(region):
    """Every figure of the two pages, for each case."""
    result = [queries.reasons(region), queries.default_period(region)]
    for start, end, reason, days in CASES:
        months, cancellations, pairs = queries.floating(region, start, end, reason)
        trips = queries.back_and_forth(region, start, end, days, reason)
        pairs = sorted(pairs, key=lambda p: (p["from_branch"], p["to_branch"]))
        trips["pairs"] = sorted(trips["pairs"], key=lambda p: (str(p["a"]), str(p["b"])))
        municipality = region.municipalities.order_by("code").first()
        net = [queries.net_flows(region, start, end, m) for m in (None, municipality)]
        result += [months, cancellations, pairs, trips, *net]
    return result


def assert_summaries_match(region):
    """The figures from fresh summaries are those the transfers give."""
    make_summaries(region.pk)
    assert queries.summarized(region)
    from_summaries = figures(region)
    TransferSummary.objects.filter(region=region).delete()
    assert from_summaries == figures(region)
    make_summaries(region.pk)


@pytest.fixture
def other_region(db):
    region = Region.objects.create(name="Region Örebro", code="18", slug="orebro")
    make_libraries(
        region,
        Municipality.objects.create(region=region, name="Örebro", code="1880"),
        Municipality.objects.create(region=region, name="Lindesberg", code="1885"),
    )
    return region


def test_summaries_match_the_transfers_in_two_regions(region, libraries, other_region):
    plain = generated(2_000)
    import_bytes(region, plain)
    import_bytes(other_region, generated(1_500, seed=3, first_id=50_000))
    assert queries.floating(region, *CASES[0][:2])[0]
    assert any(row["in"] and row["out"] for row in queries.net_flows(region, *CASES[0][:2]))
    for each in (region, other_region):
        assert_summaries_match(each)

    import_bytes(region, plain)  # again: nothing added, the summaries stay fresh
    assert queries.summarized(region) and queries.summarized(other_region)
    assert_summaries_match(region)

    run = import_bytes(region, generated(500, seed=4, first_id=90_000))
    assert not queries.summarized(region) and queries.summarized(other_region)
    assert_summaries_match(region)

    run.delete()  # empties the transfers' `run`, which no summary reads
    assert queries.summarized(region)
    TransferImport.objects.filter(region=region).delete()
    assert_summaries_match(region)


def test_titles_filled_in_by_an_import_again_make_the_summaries_old(region, libraries):
    header = "branchtransfer_id,itemnumber,daterequested,datesent,frombranch,datearrived,tobranch"
    keep = [0, 1, 4, 5, 6, 7, 9]
    import_bytes(
        region,
        csv_bytes([",".join(line.split(",")[i] for i in keep) for line in TRIPS], header=header),
    )
    make_summaries(region.pk)
    year = date(2019, 1, 1), date(2019, 12, 31), 30
    assert queries.back_and_forth(region, *year)["titles"] == 0
    import_bytes(region, csv_bytes(TRIPS))  # the same transfers, with their titles
    assert not queries.summarized(region)
    assert queries.back_and_forth(region, *year)["titles"] == 1
    assert_summaries_match(region)


def test_an_import_queues_the_refresh_and_the_worker_makes_them(region, libraries, run_jobs):
    import_bytes(region, generated(300))
    assert not queries.summarized(region)
    run_jobs()
    assert queries.summarized(region)


def test_deleted_transfers_make_them_old(region, libraries):
    import_bytes(region, generated(300))
    make_summaries(region.pk)
    region_transfers = Transfer.objects.filter(region=region)
    region_transfers.filter(date__month=3).delete()
    assert not queries.summarized(region)
    assert_summaries_match(region)
    region_transfers.delete()
    assert_summaries_match(region)
    assert queries.floating(region, *CASES[0][:2]) == ([], [], [])


PINNED = {"samverkan:floating": 6, "samverkan:back-and-forth": 6}


@pytest.mark.parametrize("name", PINNED)
def test_pages_from_summaries_show_the_same_and_their_query_counts_do_not_grow(
    role_clients, region, libraries, name
):
    import_bytes(region, generated(300))
    client = role_clients["head"]
    url = reverse(name) + "?start=2019-01-01&end=2019-12-31"
    keys = ["months", "cancellations", "flows", "result"]

    def shown():
        context = client.get(url).context
        return [context.get(key) for key in keys]

    live = shown()
    make_summaries(region.pk)
    assert shown() == live

    def grow():
        import_bytes(region, generated(3_000, first_id=10_000, seed=2))
        make_summaries(region.pk)

    assert assert_queries_constant(client, url, grow) == PINNED[name]
