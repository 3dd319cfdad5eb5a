"""The overview's status as of a date counts only the answers given by then, and an answer
that a plan is being drafted only until a newer plan has started (issue 12, item 6)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from biblioteksplaner import services
from biblioteksplaner.choices import PlanStatus, ReportState
from biblioteksplaner.models import Report, SurveyRound
from biblioteksportal.models import Municipality

from ..builders import make_plan

D = datetime.date

OVERVIEW = reverse("biblioteksplaner:overview")
ANSWERED = D(2019, 10, 15)


@pytest.fixture
def county(region, koping):
    """Fagersta, Kungsör and Norberg said in October 2019 that a plan was being drafted and
    adopted one from 2020, which has since ended; Köping said so too and adopted none."""
    plans = {
        "Fagersta": [(D(2013, 7, 1), D(2016, 6, 30)), (D(2020, 1, 1), D(2022, 12, 31))],
        "Kungsör": [(D(2014, 1, 1), D(2017, 12, 31)), (D(2020, 1, 1), D(2023, 12, 31))],
        "Norberg": [(D(2015, 1, 1), D(2018, 12, 31)), (D(2020, 1, 1), D(2023, 12, 31))],
    }
    for number, (name, periods) in enumerate(plans.items()):
        municipality = Municipality.objects.create(region=region, name=name, code=f"990{number}")
        for start, end in periods:
            make_plan(municipality, start, end, title=f"Biblioteksplan {start.year}")
    make_plan(koping, D(2016, 1, 1), D(2019, 12, 31))
    survey_round = services.open_round(
        SurveyRound(region=region, title="Uppföljning 2019", year=2019, deadline=D(2019, 10, 31))
    )
    Report.objects.filter(round=survey_round).update(
        state=ReportState.APPROVED,
        drafting=True,
        expected_adoption=D(2019, 12, 9),
        submitted=ANSWERED,
    )


def rows_on(client, day):
    response = client.get(OVERVIEW + f"?datum={day}")
    return {row.name: row for row in response.context["rows"]}


def test_a_drafting_answer_stops_counting_once_a_newer_plan_has_started(role_clients, county):
    rows = rows_on(role_clients["staff"], "2026-12-01")
    for name, end in [("Fagersta", D(2022, 12, 31)), ("Kungsör", D(2023, 12, 31))]:
        assert rows[name].status.code == PlanStatus.EXPIRED, name
        assert rows[name].status.plan.end == end and rows[name].status.expected is None
        assert not rows[name].grant  # Stärkta bibliotek: no plan and no drafting that counts
    assert rows["Norberg"].status.code == PlanStatus.EXPIRED and not rows["Norberg"].grant
    # Köping adopted no newer plan: its answer still counts
    assert rows["Köping"].status.code == PlanStatus.DRAFTING and rows["Köping"].grant
    # before the newer plans started, the answer counted for the three
    rows = rows_on(role_clients["staff"], "2019-12-31")
    for name in ("Fagersta", "Kungsör", "Norberg"):
        assert rows[name].status.code == PlanStatus.DRAFTING, name
        assert rows[name].status.expected == D(2019, 12, 9) and rows[name].grant


def test_an_answer_counts_only_from_the_day_it_was_given(role_clients, county):
    rows = rows_on(role_clients["staff"], "2018-06-30")
    assert rows["Fagersta"].status.code == PlanStatus.EXPIRED and not rows["Fagersta"].grant
    assert rows["Kungsör"].status.code == PlanStatus.EXPIRED
    assert rows["Norberg"].status.code == PlanStatus.EXPIRING
    rows = rows_on(role_clients["staff"], ANSWERED - D.resolution)
    assert rows["Köping"].status.code == PlanStatus.EXPIRING  # its plan ends 2019-12-31
    assert rows["Fagersta"].status.code == PlanStatus.EXPIRED
    rows = rows_on(role_clients["staff"], ANSWERED)
    assert rows["Fagersta"].status.code == PlanStatus.DRAFTING


def test_approving_a_later_answer_leaves_the_earlier_dates_alone(
    role_clients, county, region, koping
):
    today = timezone.localdate()
    later = services.open_round(
        SurveyRound(region=region, title="Uppföljning i år", year=today.year, deadline=today)
    )
    report = Report.objects.get(round=later, municipality=koping)
    page = reverse("biblioteksplaner:report", args=[report.pk])
    response = role_clients["reporter"].post(
        page, {"loaded_version": 0, "comment": "Ingen plan på gång.", "action": "submit"}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).submitted == today
    role_clients["staff"].post(page, {"action": "approve", "reviewer_comment": ""})
    assert Report.objects.get(pk=report.pk).state == ReportState.APPROVED
    rows = rows_on(role_clients["staff"], "2020-01-01")
    assert rows["Köping"].status.code == PlanStatus.DRAFTING and rows["Köping"].grant
    rows = rows_on(role_clients["staff"], today.isoformat())
    assert rows["Köping"].status.code == PlanStatus.EXPIRED and not rows["Köping"].grant
