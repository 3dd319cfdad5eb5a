"""The indicator dashboard of a year (targets, outcomes, traffic lights, trends and the
municipalities' values, with its download), the roll-ups and traffic lights it shows, and
the area apps' computed indicators."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from biblioteksplaner.area import share_with_plan
from biblioteksportal.followup.choices import Direction, Light, Rollup, Source
from biblioteksportal.followup.models import Indicator, Round, Target, Value
from biblioteksportal.followup.outcomes import computations, light, previous, rollup
from biblioteksportal.models import DevelopmentArea, Municipality, Region, Year
from biblioteksportal.tables import CELL_HEADERS
from kompetens.area import participants, workshops_held
from kompetens.choices import Audience, EventStatus, RegistrationStatus
from kompetens.models import Registration, Workshop
from samverkan.area import agreement_signed, back_and_forth_trips, transfers_sent
from samverkan.choices import VersionStatus
from samverkan.models import AgreementParty, AgreementVersion

from ..builders import (
    at,
    csv_bytes,
    import_bytes,
    make_event,
    make_frame,
    make_libraries,
    make_library,
    make_plan,
    make_round,
)
from ..conftest import assert_queries_constant, downloads

D = Decimal

# --- roll-ups, traffic lights, the rounds before -------------------------------------------


def test_rollup_of_the_municipalities_values():
    values = {1: D(10), 2: D(20), 3: None}
    assert rollup(Rollup.SUM, values) == D(30)
    assert rollup(Rollup.MEAN, values) == D(15)  # the missing value is not a zero
    assert rollup(Rollup.NONE, values) is None
    assert rollup(Rollup.SUM, {}) is None
    assert rollup(Rollup.MEAN, {1: None, 2: None}) is None


def test_a_weighted_mean_counts_the_municipalities_with_a_value_and_a_weight():
    values = {1: D(10), 2: D(20), 3: D(99), 4: None}
    weights = {1: D(1), 2: D(3), 4: D(100)}  # 3 has no weight, 4 no value
    assert rollup(Rollup.WEIGHTED, values, weights) == D(70) / D(4)
    assert rollup(Rollup.WEIGHTED, values, {}) is None
    assert rollup(Rollup.WEIGHTED, values, None) is None
    assert rollup(Rollup.WEIGHTED, {1: D(5)}, {1: D(0)}) is None


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        (Direction.HIGHER, "100", Light.MET),
        (Direction.HIGHER, "150", Light.MET),
        (Direction.HIGHER, "99.99", Light.NEAR),
        (Direction.HIGHER, "90", Light.NEAR),  # exactly 10 % under: still near
        (Direction.HIGHER, "89.99", Light.NOT_MET),
        (Direction.LOWER, "100", Light.MET),
        (Direction.LOWER, "50", Light.MET),
        (Direction.LOWER, "100.01", Light.NEAR),
        (Direction.LOWER, "110", Light.NEAR),  # exactly 10 % over: still near
        (Direction.LOWER, "110.01", Light.NOT_MET),
    ],
)
def test_the_traffic_light_at_its_edges(direction, value, expected):
    assert light(direction, D(100), D(value), 10) == expected


def test_no_light_without_a_target_or_a_value():
    assert light(Direction.HIGHER, None, D(5), 10) == Light.NO_VALUE
    assert light(Direction.LOWER, D(5), None, 10) == Light.NO_VALUE
    assert light(Direction.HIGHER, D(0), D(0), 10) == Light.MET
    assert light(Direction.HIGHER, D(0), D(-1), 10) == Light.NOT_MET  # no slack around 0


def test_previous_is_the_period_before_and_the_same_period_last_year(region):
    y2018, y2019 = (Year.objects.create(region=region, year=y) for y in (2018, 2019))
    rounds = [
        Round.objects.create(year=y, kind="tertial", number=n, deadline=date(y.year, 4 * n, 15))
        for y in (y2018, y2019)
        for n in (1, 2, 3)
    ]
    year_2019 = Round.objects.create(year=y2019, kind="year", deadline=date(2020, 1, 15))
    rounds = list(Round.objects.select_related("year"))
    by_key = {(r.year.year, r.kind, r.number): r for r in rounds}
    t3 = by_key[2019, "tertial", 3]
    assert previous(t3, rounds) == (by_key[2019, "tertial", 2], by_key[2018, "tertial", 3])
    t1_2018 = by_key[2018, "tertial", 1]
    assert previous(t1_2018, rounds) == (None, None)
    assert previous(by_key[2019, "tertial", 1], rounds) == (None, by_key[2018, "tertial", 1])
    assert previous(year_2019, rounds) == (None, None)  # 2018 had no year round


# --- the dashboard page ----------------------------------------------------------------------


@pytest.fixture
def frame(region, vasteras, koping):
    """2019 with T1, T2 and the year round, 2018 and 2017 with a year round; a visit count
    summed from the municipalities, the region's own satisfaction (lower is better), and the
    share of municipalities with a library plan, computed."""
    year = make_frame(region, municipalities=[vasteras])
    area = DevelopmentArea.objects.filter(region=region).order_by("position").first()
    visits = Indicator.objects.create(
        region=region, area=area, key="besok", name="Besök", unit="st", rollup=Rollup.SUM
    )
    waiting = Indicator.objects.create(
        region=region,
        area=area,
        key="vantetid",
        name="Väntetid",
        unit="dagar",
        direction=Direction.LOWER,
        decimals=1,
        near_margin=20,
        position=1,
    )
    plans = Indicator.objects.create(
        region=region,
        area=DevelopmentArea.objects.get(region=region, app="biblioteksplaner"),
        key="planer",
        name="Kommuner med plan",
        unit="%",
        source=Source.COMPUTED,
        computation="biblioteksplaner.share_with_plan",
        rollup=Rollup.MEAN,
    )
    t1 = Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    t2 = Round.objects.create(year=year, kind="tertial", number=2, deadline=date(2019, 9, 15))
    whole = Round.objects.create(year=year, kind="year", deadline=date(2020, 1, 31))
    old = {}
    for y, visits_then in ((2017, 1500), (2018, 1800)):
        earlier = Year.objects.create(region=region, year=y)
        old[y] = Round.objects.create(year=earlier, kind="year", deadline=date(y + 1, 1, 31))
        Value.objects.create(
            indicator=visits, round=old[y], municipality=vasteras, value=visits_then
        )
    for round_, goal in ((t1, 1000), (t2, 1200), (whole, 2000)):
        Target.objects.create(indicator=visits, round=round_, value=goal)
    Value.objects.create(indicator=visits, round=t1, municipality=vasteras, value=700)
    Value.objects.create(indicator=visits, round=t1, municipality=koping, value=350)  # 1050: met
    Value.objects.create(indicator=visits, round=t2, municipality=vasteras, value=1100)  # near
    Value.objects.create(indicator=visits, round=whole, municipality=vasteras, value=2100)
    Target.objects.create(indicator=waiting, round=t1, value=10)
    Value.objects.create(indicator=waiting, round=t1, value=D("13.5"), comment="Sjukdom.")
    Target.objects.create(indicator=plans, round=whole, value=100)
    make_plan(vasteras, date(2019, 1, 1), date(2022, 12, 31))
    return {"year": year, "visits": visits, "waiting": waiting, "t1": t1, "t2": t2}


def url(year=2019):
    return reverse("followup:dashboard", args=[year])


def section(page, key):
    return page.text.split(f'id="nyckeltal-{key}"')[1].split("</section>")[0]


def test_the_dashboard_by_role(role_clients, frame):
    response = role_clients["anonymous"].get(url())
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert role_clients["reporter"].get(url()).status_code == 403
    assert role_clients["head"].get(url()).status_code == 200
    assert role_clients["staff"].get(url()).status_code == 200
    assert role_clients["staff"].get(url(2031)).status_code == 404


def test_the_dashboard_shows_targets_outcomes_lights_and_rules(role_clients, frame):
    page = role_clients["head"].get(url())
    visits = section(page, "besok")
    assert "<h3>Besök</h3>" in visits and "Högre är bättre" in visits
    assert "Uppnått när utfallet är minst målet" in visits and "10 %" in visits
    rows = visits.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert '<th scope="row">T1 2019</th>' in rows[0] and "1\xa0000" in rows[0]
    assert "1\xa0050" in rows[0] and "●</span> Uppnått" in rows[0]
    assert "1\xa0100" in rows[1] and "◐</span> Nära målet" in rows[1]
    assert "2\xa0100" in rows[2] and "Uppnått" in rows[2]
    # the trend: the year rounds of 2017–2019, as bars and their data table
    trend = visits.split("<figure")[1]
    assert "Besök per år" in trend and "<svg" in trend
    for year, value in (("2017", "1500"), ("2018", "1800"), ("2019", "2100")):
        assert f'<th scope="row">{year}</th><td>{value} st</td>' in trend
    waiting = section(page, "vantetid")
    assert "Lägre är bättre" in waiting and "högst 20 % över målet" in waiting
    assert "13,5" in waiting and "○</span> Inte uppnått" in waiting  # 35 % over the target
    assert "–</span> Inget värde" in waiting  # T2 has neither target nor value
    assert "Inga helårsvärden att visa som trend." in waiting
    plans = section(page, "planer")  # computed: Västerås has a plan, Köping none
    assert "50" in plans.split("Helår 2019")[1].split("</tr>")[0]


def test_the_municipalities_values_of_the_latest_round(role_clients, frame):
    page = role_clients["staff"].get(url())
    table = page.text.split('id="municipality-values"')[1].split("</table>")[0]
    assert "Besök (st), Helår" in table and "Kommuner med plan (%), Helår" in table
    assert "Väntetid" not in table  # the region's own value only
    rows = {
        row.split("</th>")[0].split(">")[-1]: row for row in table.split("<tbody>")[1].split("<tr>")
    }
    assert "2\xa0100" in rows["Västerås"] and ">100<" in rows["Västerås"]
    assert "–" in rows["Köping"] and ">0<" in rows["Köping"]
    assert "2\xa0100" in rows["Länet"] and ">50<" in rows["Länet"]


def test_one_municipalitys_values_beside_the_countys(role_clients, frame, vasteras):
    page = role_clients["head"].get(url(), {"kommun": vasteras.code})
    assert "Värdena för Västerås visas bredvid länets." in page.text
    assert '<option value="1980" selected>Västerås</option>' in page.text
    visits = section(page, "besok")
    header = visits.split("<thead>")[1].split("</thead>")[0]
    assert "Utfall (st)" in header and "Västerås (st)" in header
    first = visits.split("<tbody>")[1].split("</tr>")[0]
    assert "1\xa0050" in first and ">700<" in first  # the county's, then Västerås' own
    trend = visits.split("<figure")[1]
    assert "Besök per år, Västerås" in trend
    assert "Västerås (dagar)" not in section(page, "vantetid")  # the region's own value only
    rows = downloads(role_clients["head"], f"{url()}?kommun={vasteras.code}")
    cells = {tuple(row[:3]): row[3] for row in rows[1:]}
    assert float(cells["Besök", "T1 2019", "Västerås (st)"]) == 700


@pytest.mark.parametrize("code", ["9999", "1861", "Västerås", "19800"])
def test_a_municipality_outside_the_county_is_an_error_at_the_field(role_clients, frame, code):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Hallsberg", code="1861")
    page = role_clients["staff"].get(url(), {"kommun": code})
    assert page.status_code == 200
    assert "Välj en kommun i länet." in page.text and "Hallsberg" not in page.text
    assert "Västerås (st)" not in page.text  # the county's values, as without a choice


def test_another_regions_indicators_are_not_shown(role_clients, frame):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Hallsberg", code="1861")
    other_year = make_frame(other)
    area = DevelopmentArea.objects.filter(region=other).first()
    foreign = Indicator.objects.create(
        region=other, area=area, key="besok", name="Örebros besök", rollup=Rollup.SUM
    )
    other_round = Round.objects.create(year=other_year, kind="year", deadline=date(2020, 1, 31))
    Target.objects.create(indicator=foreign, round=other_round, value=77777)
    for role in ("head", "staff"):
        page = role_clients[role].get(url())
        assert "Besök" in page.text
        assert "Örebros besök" not in page.text and "77\xa0777" not in page.text
        assert "Hallsberg" not in page.text


def test_the_dashboard_costs_the_same_queries_for_twice_the_municipalities(
    role_clients, frame, region
):
    client = role_clients["staff"]

    def grow():
        rounds = list(Round.objects.filter(year__region=region))
        n = Municipality.objects.filter(region=region).count()
        for i in range(n):
            m = Municipality.objects.create(region=region, name=f"Kommun {i}", code=f"{1100 + i}")
            make_plan(m, date(2018, 1, 1), date(2021, 12, 31))
            for round_ in rounds:
                Value.objects.create(
                    indicator=frame["visits"], round=round_, municipality=m, value=10 + i
                )
        for round_ in rounds:
            Value.objects.get_or_create(
                indicator=frame["waiting"], round=round_, municipality=None, defaults={"value": 9}
            )

    count = assert_queries_constant(client, url(), grow)
    # session, user, second factor; year, the cache key's data versions, indicators, rounds,
    # municipalities, targets, values, the municipality filter's choices; the computed
    # indicator over its five rounds (T1, T2, 2019, 2018, 2017): 2
    assert count == 13, count
    assert assert_queries_constant(client, f"{url()}?kommun=1980", lambda: None) == 14
    assert "Kommun 1" in client.get(url()).text


def test_the_download_has_every_table(role_clients, frame):
    rows = downloads(role_clients["head"], url())
    assert rows[0] == [str(h) for h in CELL_HEADERS]
    cells = {tuple(row[:3]): row[3] for row in rows[1:]}
    assert cells["Besök", "T1 2019", "Utfall (st)"] == "1050"  # the indicator's decimals
    assert cells["Väntetid", "T1 2019", "Utfall (dagar)"] == "13.5"
    assert float(cells["Besök", "T1 2019", "Mål (st)"]) == 1000
    assert cells["Besök", "T2 2019", "Status"] == "Nära målet"
    assert cells["Väntetid", "T2 2019", "Utfall (dagar)"] == ""
    assert float(cells["Besök per år", "2018", "Värde (st)"]) == 1800
    values = "Kommunernas värden i den senaste omgången"
    assert float(cells[values, "Västerås", "Besök (st), Helår"]) == 2100
    assert cells[values, "Köping", "Besök (st), Helår"] == ""
    assert float(cells[values, "Länet", "Kommuner med plan (%), Helår"]) == 50


def test_the_county_dashboard_links_to_the_indicators(role_clients, frame, region):
    link = url()
    assert link in role_clients["head"].get(reverse("dashboard", args=[2019])).text
    Indicator.objects.filter(region=region).delete()
    assert link not in role_clients["staff"].get(reverse("dashboard", args=[2019])).text


def test_a_region_without_indicators(role_clients, region):
    make_frame(region)
    page = role_clients["staff"].get(url())
    assert page.status_code == 200 and "Regionen har inga nyckeltal." in page.text


# --- the area apps' computed indicators ------------------------------------------------------


def test_the_computations_are_the_apps_keys():
    found = computations()
    assert {
        "biblioteksplaner.share_with_plan",
        "kompetens.participants",
        "kompetens.workshops_held",
        "samverkan.transfers_sent",
        "samverkan.back_and_forth",
        "samverkan.agreement_signed",
    } <= set(found)
    assert all(key.split(".")[0] in {"biblioteksplaner", "kompetens", "samverkan"} for key in found)


def computed(compute, region, start, end, queries=2):
    """The computation's values of one period, in at most `queries` queries."""
    with CaptureQueriesContext(connection) as captured:
        [result] = compute(region, [(start, end)])
    assert len(captured) <= queries, [q["sql"] for q in captured]
    return result


def test_the_share_of_municipalities_with_a_plan_in_force(region, vasteras, koping):
    sala = Municipality.objects.create(region=region, name="Sala", code="1981")
    make_plan(vasteras, date(2019, 1, 1), date(2022, 12, 31))
    make_plan(koping, date(2015, 1, 1), date(2018, 12, 31))  # ended
    make_plan(sala, date(2019, 6, 1), date(2022, 12, 31))  # adopted for the summer
    make_plan(region, date(2019, 1, 1), date(2022, 12, 31))  # the region's own: not counted
    t1 = (region, date(2019, 1, 1), date(2019, 4, 30))
    result = computed(share_with_plan, *t1)
    assert result == {vasteras.pk: 100, koping.pk: 0, sala.pk: 0, None: D(100) / 3}
    result = computed(share_with_plan, region, date(2019, 5, 1), date(2019, 8, 31))
    assert result[sala.pk] == 100 and result[None] == D(200) / 3  # in force by then
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    assert computed(share_with_plan, other, date(2019, 1, 1), date(2019, 4, 30)) == {None: None}


def test_the_participants_in_training_per_municipality(region, vasteras, koping):
    Municipality.objects.create(region=region, name="Sala", code="1981")
    own = make_library(vasteras)
    theirs = make_library(koping)
    regional = make_library(None, "Regionbiblioteket", region=region)
    held = make_event(region, start=at(2019, 3, 10))
    cancelled = make_event(region, start=at(2019, 3, 12), status=EventStatus.CANCELLED)
    children = make_event(region, start=at(2019, 3, 14), audience=Audience.CHILDREN_ADULTS)
    later = make_event(region, start=at(2019, 5, 2))
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    foreign = make_event(other, start=at(2019, 3, 10))

    def attend(event, library, attended=True):
        Registration.objects.create(
            event=event, library=library, status=RegistrationStatus.CONFIRMED, attended=attended
        )

    attend(held, own)
    attend(held, own)
    attend(held, theirs, attended=False)
    attend(held, regional)
    for event in (cancelled, children, later, foreign):
        attend(event, theirs)
    result = computed(participants, region, date(2019, 1, 1), date(2019, 4, 30))
    sala = Municipality.objects.get(code="1981")
    assert result == {vasteras.pk: 2, koping.pk: 0, sala.pk: 0, None: 3}
    result = computed(participants, region, date(2019, 5, 1), date(2019, 8, 31))
    assert result[koping.pk] == 1 and result[None] == 1


def test_the_transfers_sent_per_municipality(region, vasteras, koping):
    make_libraries(region, vasteras, koping)
    lines = [
        "1,101,5001,Sommarboken,2019-03-01,2019-03-01,VAS,2019-03-03,,KOP,,Reserve",
        "2,102,5002,Vinterboken,2019-03-10,2019-03-10,VAS,2019-03-12,,KOP,,Reserve",
        "3,101,5001,Sommarboken,2019-03-20,2019-03-20,KOP,2019-03-22,,VAS,,Reserve",
        "4,103,5003,Höstboken,2019-04-01,,VAS,,2019-04-02,KOP,,Manual",  # cancelled
        "5,104,5004,Våren,2019-04-10,2019-04-10,SJH,2019-04-12,,VAS,,Reserve",
        "6,105,5005,Sommaren,2019-06-01,2019-06-01,KOP,2019-06-03,,VAS,,Reserve",
    ]
    import_bytes(region, csv_bytes(lines))
    result = computed(transfers_sent, region, date(2019, 1, 1), date(2019, 4, 30))
    assert result == {vasteras.pk: 2, koping.pk: 1, None: 4}
    result = computed(transfers_sent, region, date(2019, 5, 1), date(2019, 8, 31))
    assert result == {vasteras.pk: 0, koping.pk: 1, None: 1}


def test_the_back_and_forth_trips_of_the_county(region, vasteras, koping):
    make_libraries(region, vasteras, koping)
    lines = [
        "1,101,5001,Sommarboken,2019-03-01,2019-03-01,VAS,2019-03-03,,KOP,,Reserve",
        "2,101,5001,Sommarboken,2019-03-20,2019-03-20,KOP,2019-03-22,,VAS,,Reserve",  # back
        "3,102,5002,Vinterboken,2019-03-10,2019-03-10,VAS,2019-03-12,,KOP,,Reserve",
        "4,102,5002,Vinterboken,2019-06-10,2019-06-10,KOP,2019-06-12,,VAS,,Reserve",  # 90 days
    ]
    import_bytes(region, csv_bytes(lines))
    assert computed(back_and_forth_trips, region, date(2019, 1, 1), date(2019, 4, 30)) == {None: 1}
    assert computed(back_and_forth_trips, region, date(2019, 5, 1), date(2019, 8, 31)) == {None: 0}


def test_the_municipalities_that_signed_the_agreement(region, vasteras, koping):
    sala = Municipality.objects.create(region=region, name="Sala", code="1981")
    old = AgreementVersion.objects.create(
        region=region, title="Avtal", version="1", status=VersionStatus.SUPERSEDED
    )
    AgreementParty.objects.create(
        agreement=old, municipality=sala, status="signed", date=date(2018, 1, 5), signatory="A"
    )
    agreement = AgreementVersion.objects.create(
        region=region, title="Avtal", version="2", status=VersionStatus.FINAL
    )
    for municipality, status, signed in (
        (vasteras, "signed", date(2019, 2, 1)),
        (koping, "signed", date(2019, 6, 1)),
        (sala, "declined", date(2019, 2, 1)),
    ):
        AgreementParty.objects.create(
            agreement=agreement,
            municipality=municipality,
            status=status,
            date=signed,
            signatory="B" if status == "signed" else "",
        )
    AgreementParty.objects.create(
        agreement=agreement, status="signed", date=date(2019, 1, 1), signatory="C"
    )
    draft = AgreementVersion.objects.create(region=region, title="Avtal", version="3")
    AgreementParty.objects.create(  # a newer draft: the final version is the current one
        agreement=draft, municipality=sala, status="signed", date=date(2019, 1, 5), signatory="D"
    )
    t1 = computed(agreement_signed, region, date(2019, 1, 1), date(2019, 4, 30), queries=1)
    assert t1 == {vasteras.pk: 1, koping.pk: 0, sala.pk: 0, None: 1}  # the region not counted
    t2 = computed(agreement_signed, region, date(2019, 5, 1), date(2019, 8, 31), queries=1)
    assert t2 == {vasteras.pk: 1, koping.pk: 1, sala.pk: 0, None: 2}
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    assert computed(agreement_signed, other, date(2019, 1, 1), date(2019, 4, 30)) == {None: 0}


def test_the_municipalities_with_a_workshop_held(region, vasteras, koping):
    sala = Municipality.objects.create(region=region, name="Sala", code="1981")
    survey = make_round(region)
    held = make_event(region, start=at(2019, 3, 10))
    cancelled = make_event(region, start=at(2019, 3, 12), status=EventStatus.CANCELLED)
    later = make_event(region, start=at(2019, 9, 2))
    Workshop.objects.create(round=survey, municipality=vasteras, event=held)
    Workshop.objects.create(round=survey, municipality=koping, event=cancelled)
    Workshop.objects.create(round=survey, municipality=sala, event=later)
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    hallsberg = Municipality.objects.create(region=other, name="Hallsberg", code="1861")
    theirs = make_round(other)
    Workshop.objects.create(
        round=theirs, municipality=hallsberg, event=make_event(other, start=at(2019, 3, 10))
    )
    t1 = computed(workshops_held, region, date(2019, 1, 1), date(2019, 4, 30))
    assert t1 == {vasteras.pk: 1, koping.pk: 0, sala.pk: 0, None: 1}
    t3 = computed(workshops_held, region, date(2019, 9, 1), date(2019, 12, 31))
    assert t3 == {vasteras.pk: 0, koping.pk: 0, sala.pk: 1, None: 1}


def test_a_computation_of_many_periods_in_the_queries_of_one(region, vasteras, koping):
    """The trend of ten years' year rounds and the year's tertials: each period's values as
    when computed alone, the library plans' and the training's in two queries for all."""
    make_plan(vasteras, date(2015, 1, 1), date(2019, 6, 30))
    make_plan(koping, date(2019, 3, 1), date(2022, 12, 31))
    library = make_library(vasteras)
    for day in (at(2018, 2, 1), at(2019, 2, 1), at(2019, 7, 1)):
        Registration.objects.create(
            event=make_event(region, start=day),
            library=library,
            status=RegistrationStatus.CONFIRMED,
            attended=True,
        )
    periods = [(date(y, 1, 1), date(y, 12, 31)) for y in range(2010, 2020)]
    periods += [(date(2019, 1, 1), date(2019, 4, 30)), (date(2019, 5, 1), date(2019, 8, 31))]
    for compute in (share_with_plan, participants, workshops_held):
        with CaptureQueriesContext(connection) as captured:
            found = compute(region, periods)
        assert len(captured) == 2, compute
        assert found == [computed(compute, region, *period) for period in periods], compute
    plans = share_with_plan(region, periods)
    assert plans[-2] == {vasteras.pk: 100, koping.pk: 100, None: 100}  # T1 2019
    assert plans[-1] == {vasteras.pk: 0, koping.pk: 100, None: 50}  # T2: Västerås' ended
    people = participants(region, periods)
    assert [p[None] for p in people[-4:]] == [1, 2, 1, 1]  # 2018, 2019, T1, T2
