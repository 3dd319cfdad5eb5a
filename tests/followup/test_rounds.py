"""A follow-up round's pages: its state, who has reported, a municipality's entry of its
values, and regional staff's entry of the activities and the region's own values."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from biblioteksportal.choices import Role
from biblioteksportal.followup.choices import Rollup, RoundState
from biblioteksportal.followup.models import ActivityReport, Indicator, Round, Value
from biblioteksportal.models import Activity, DevelopmentArea, Municipality, Year

from ..builders import grow_area_year, make_frame, make_user
from ..conftest import assert_queries_constant, count_queries, login


@pytest.fixture
def frame(region, vasteras, koping):
    year = make_frame(region, municipalities=[vasteras])
    area = DevelopmentArea.objects.filter(region=region).first()
    indicator = Indicator.objects.create(
        region=region, area=area, key="besok", name="Besök", unit="st", rollup=Rollup.SUM
    )
    Indicator.objects.create(region=region, area=area, key="lan", name="Länets eget")
    t1 = Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    t2 = Round.objects.create(year=year, kind="tertial", number=2, deadline=date(2019, 9, 15))
    last = Year.objects.create(region=region, year=2018)
    t2_2018 = Round.objects.create(year=last, kind="tertial", number=2, deadline=date(2018, 9, 15))
    Value.objects.create(indicator=indicator, round=t1, municipality=vasteras, value=1234)
    Value.objects.create(indicator=indicator, round=t2_2018, municipality=vasteras, value=987)
    return {"year": year, "indicator": indicator, "t1": t1, "t2": t2}


def entry_url(round_, code="1980"):
    return reverse("followup:round_entry", args=[round_.pk, code])


def page_url(round_):
    return reverse("followup:round", args=[round_.pk])


def activities_url(round_):
    return reverse("followup:round_activities", args=[round_.pk])


def test_a_rounds_state_follows_its_dates(frame):
    t2 = frame["t2"]
    assert (t2.start, t2.end) == (date(2019, 5, 1), date(2019, 8, 31))
    q4 = Round(year=frame["year"], kind="quarter", number=4, deadline=date(2020, 1, 15))
    assert (q4.start, q4.end) == (date(2019, 10, 1), date(2019, 12, 31))
    assert t2.state(date(2019, 4, 30)) == RoundState.UPCOMING
    assert t2.state(date(2019, 5, 1)) == RoundState.OPEN
    assert t2.state(date(2019, 9, 15)) == RoundState.OPEN
    assert t2.state(date(2019, 9, 16)) == RoundState.LATE
    t2.completed = t2.created
    assert t2.state(date(2019, 9, 16)) == RoundState.COMPLETE


def test_the_round_page_shows_who_has_reported_and_who_is_late(role_clients, frame):
    t1 = frame["t1"]
    activity = Activity.objects.filter(parent=None).first()
    ActivityReport.objects.create(activity=activity, round=t1, status="ongoing", comment="Bra.")
    assert role_clients["anonymous"].get(page_url(t1)).status_code == 302
    assert role_clients["reporter"].get(page_url(t1)).status_code == 403
    page = role_clients["head"].get(page_url(t1))
    assert page.status_code == 200
    assert "Försenad" in page.text  # the deadline in 2019 has passed
    table = page.text.split('class="round-municipalities"')[1].split("</table>")[0]
    assert "Västerås</a></th>\n    <td>Ja" in table
    assert "Köping</a></th>\n    <td>Nej, försenad" in table
    activities = page.text.split('class="round-activities"')[1]
    assert "Pågår</td><td>Bra.</td>" in activities
    assert activities.count("Ej rapporterad, försenad") == Activity.objects.count() - 1
    assert "Markera omgången som avslutad" not in page.text


def test_only_staff_mark_a_round_complete_and_reopen_it(role_clients, frame):
    t2 = frame["t2"]
    assert role_clients["head"].post(page_url(t2)).status_code == 403
    t2.refresh_from_db()
    assert t2.completed is None
    staff = role_clients["staff"]
    assert "Markera omgången som avslutad" in staff.get(page_url(t2)).text
    staff.post(page_url(t2), {"action": "complete"})
    t2.refresh_from_db()
    assert t2.completed is not None
    page = staff.get(page_url(t2))
    assert "Avslutad" in page.text and "Markera omgången som avslutad" not in page.text
    staff.post(page_url(t2), {"action": "reopen"})
    t2.refresh_from_db()
    assert t2.completed is None


def test_the_entry_by_role(role_clients, frame, region, vasteras):
    t2, indicator = frame["t2"], frame["indicator"]
    url = entry_url(t2)
    field = f"value_{indicator.pk}"
    assert "/konto/login/" in role_clients["anonymous"].get(url)["Location"]
    assert role_clients["reporter"].get(url).status_code == 403  # Köping's reporter
    assert role_clients["reporter"].post(url, {field: "5"}).status_code == 403
    assert not Value.objects.filter(round=t2).exists()
    own = make_user("vasteras-rapportor", Role.REPORTER, region, vasteras)
    cases = [(role_clients["head"], "10"), (role_clients["staff"], "20")]
    own_client = Client()
    login(own_client, own)
    cases.append((own_client, "30"))
    for client, number in cases:
        assert client.get(url).status_code == 200
        response = client.post(url, {field: number})
        assert response.status_code == 302
        value = Value.objects.get(round=t2, indicator=indicator, municipality=vasteras)
        assert value.value == Decimal(number)
        assert value.reported_by == response.wsgi_request.user
    assert Value.objects.filter(round=t2).count() == 1


def test_the_last_periods_and_last_years_values_beside_the_field(role_clients, frame):
    page = role_clients["head"].get(entry_url(frame["t2"]))
    assert "Förra perioden (T2): 1\xa0234" not in page.text
    assert "Förra perioden (T1): 1\xa0234" in page.text
    assert "Samma period förra året: 987" in page.text
    assert 'value="1234"' in role_clients["head"].get(entry_url(frame["t1"])).text
    assert "Länets eget" not in page.text  # the region's own: not entered per municipality


@pytest.mark.parametrize(
    "bad, message",
    [
        ("1" * 30, "Säkerställ att det inte är mer än 18 siffror totalt."),
        ("tolv", "Fyll i ett tal."),
        ("1\x002", "Fyll i ett tal."),
        ("1e999999", "Säkerställ att det inte är mer än 18 siffror totalt."),
    ],
)
def test_bad_numbers_are_kept_with_a_message(role_clients, frame, bad, message):
    t2, indicator = frame["t2"], frame["indicator"]
    page = role_clients["head"].post(entry_url(t2), {f"value_{indicator.pk}": bad})
    assert page.status_code == 200
    assert message in page.text
    assert 'class="field-errors"' in page.text
    kept = bad.replace("\x00", "")
    assert f'value="{kept}' in page.text or "\x00" in bad
    assert not Value.objects.filter(round=t2).exists()


def test_a_complete_round_refuses_edits(role_clients, frame, vasteras):
    t1, indicator = frame["t1"], frame["indicator"]
    t1.completed = t1.created
    t1.save()
    page = role_clients["head"].post(entry_url(t1), {f"value_{indicator.pk}": "5"}, follow=True)
    assert "Omgången är avslutad och kan inte ändras." in page.text
    assert Value.objects.get(round=t1, municipality=vasteras).value == 1234
    activity = Activity.objects.filter(parent=None).first()
    page = role_clients["staff"].post(
        activities_url(t1), {f"a-status_{activity.pk}": "done"}, follow=True
    )
    assert "Omgången är avslutad och kan inte ändras." in page.text
    assert not ActivityReport.objects.exists()


def test_staff_enter_the_activities_and_the_regions_own_values(role_clients, frame):
    t2 = frame["t2"]
    own = Indicator.objects.get(key="lan")
    activity = Activity.objects.filter(parent=None).first()
    url = activities_url(t2)
    for role in ["reporter", "head"]:
        assert role_clients[role].get(url).status_code == 403
    staff = role_clients["staff"]
    assert staff.get(url).status_code == 200
    page = staff.post(url, {f"a-status_{activity.pk}": "postponed", f"v-value_{own.pk}": "7"})
    assert "Ange en orsak när aktiviteten är uppskjuten eller inställd." in page.text
    assert not ActivityReport.objects.exists() and not Value.objects.filter(round=t2).exists()
    response = staff.post(
        url,
        {
            f"a-status_{activity.pk}": "postponed",
            f"a-comment_{activity.pk}": "Ingen lokal.",
            f"v-value_{own.pk}": "7,5",
            f"v-comment_{own.pk}": "Över förväntan.",
        },
    )
    assert response.status_code == 302
    report = ActivityReport.objects.get(activity=activity, round=t2)
    assert (report.status, report.comment) == ("postponed", "Ingen lokal.")
    value = Value.objects.get(indicator=own, round=t2, municipality=None)
    assert (value.value, value.comment) == (Decimal("7.5"), "Över förväntan.")
    page = staff.post(url, {f"v-comment_{own.pk}": "a\x00b"})
    assert page.status_code == 200 and "field-errors" in page.text


def test_pinned_query_counts(role_clients, frame, region):
    t2 = frame["t2"]
    area_year = Activity.objects.first().area_year

    def grow():
        grow_area_year(area_year, 10)
        for i in range(10):
            m = Municipality.objects.create(region=region, name=f"Kommun {i}", code=f"9{i:03}")
            Value.objects.create(indicator=frame["indicator"], round=t2, municipality=m, value=i)

    head, staff = role_clients["head"], role_clients["staff"]
    counts = {}
    counts["round"] = assert_queries_constant(head, page_url(t2), lambda: None)
    counts["entry"] = assert_queries_constant(head, entry_url(t2), lambda: None)
    counts["activities"] = assert_queries_constant(staff, activities_url(t2), lambda: None)
    grow()
    after = {
        "round": count_queries(head, page_url(t2)),
        "entry": count_queries(head, entry_url(t2)),
        "activities": count_queries(staff, activities_url(t2)),
    }
    assert counts == after
    assert counts == {"round": 8, "entry": 7, "activities": 9}


@pytest.mark.django_db(transaction=True)
def test_two_browsers_save_the_same_municipalitys_values_at_once(region, vasteras):
    """Six saves of the same values at once (a head and reporters in several browsers): no
    error, one value per indicator, round and municipality, and it is one of those saved."""
    year = make_frame(region, municipalities=[vasteras])
    area = DevelopmentArea.objects.filter(region=region).first()
    indicator = Indicator.objects.create(
        region=region, area=area, key="besok", name="Besök", rollup=Rollup.SUM
    )
    t1 = Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    head = make_user("chef.samtidig", Role.LIBRARY_HEAD, region, vasteras)
    barrier = threading.Barrier(6)
    statuses, errors = [], []

    def save(i):
        try:
            client = Client()
            login(client, head)
            barrier.wait()
            response = client.post(entry_url(t1), {f"value_{indicator.pk}": str(100 + i)})
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and statuses == [302] * 6
    saved = Value.objects.get(indicator=indicator, round=t1, municipality=vasteras)
    assert 100 <= saved.value <= 105
