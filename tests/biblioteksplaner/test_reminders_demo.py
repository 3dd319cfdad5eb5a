"""Reminders (sent once each, logged), the demo data, the report facts and the start-page
links."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from biblioteksplaner import services
from biblioteksplaner.choices import AdoptingBody, ReminderKind, ReportState
from biblioteksplaner.models import LibraryPlan, ReminderLog, Report, SurveyRound
from biblioteksportal.choices import AreaApp
from biblioteksportal.demo.load import load_core
from biblioteksportal.models import AreaYear, Municipality, Year

from ..builders import make_plan, make_user
from ..conftest import run_worker

D = datetime.date

pytestmark = pytest.mark.usefixtures("run_jobs")  # run() runs the jobs the command queues


def run(day):
    """The command, then the jobs it queued (the mails), run as a worker would."""
    out = io.StringIO()
    call_command("send_plan_reminders", datum=day.isoformat(), stdout=out)
    run_worker()
    return out.getvalue()


def test_round_reminders_a_week_before_and_on_the_deadline_once_each(
    reporter_user, koping_report, vasteras_report, region, vasteras, mailoutbox
):
    make_user("rapportor2", "reporter", region, vasteras)
    Report.objects.filter(pk=vasteras_report.pk).update(state=ReportState.SUBMITTED)
    run(D(2019, 10, 23))  # eight days before: nothing
    assert mailoutbox == []
    assert "Köping -> rapportor@example.org" in run(D(2019, 10, 24))
    assert "0 påminnelser skickade" in run(D(2019, 10, 25))  # nothing new in the week
    assert [m.to for m in mailoutbox] == [["rapportor@example.org"]]
    assert "sista svarsdag 2019-10-31" in mailoutbox[0].subject
    run(D(2019, 10, 31))
    run(D(2019, 10, 31))
    assert len(mailoutbox) == 2
    kinds = list(ReminderLog.objects.order_by("created").values_list("kind", flat=True))
    assert kinds == [ReminderKind.WEEK_BEFORE, ReminderKind.DEADLINE]
    run(D(2019, 11, 1))  # after the deadline: nothing
    assert len(mailoutbox) == 2


def test_expiring_plan_reminds_reporters_and_the_library_head_once(
    reporter_user, head_user, koping, vasteras, mailoutbox
):
    make_plan(koping, D(2016, 1, 1), D(2019, 12, 31))
    make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31))
    run(D(2018, 12, 31))  # 12 months and a day before: not yet
    assert mailoutbox == []
    run(D(2019, 1, 1))
    run(D(2019, 3, 1))
    assert sorted(m.to[0] for m in mailoutbox) == ["chef@example.org", "rapportor@example.org"]
    assert "går ut 2019-12-31" in mailoutbox[0].subject
    assert ReminderLog.objects.filter(kind=ReminderKind.PLAN_EXPIRING).count() == 2


def test_an_extension_re_arms_the_expiry_reminder(reporter_user, koping, mailoutbox):
    plan = make_plan(koping, D(2016, 1, 1), D(2019, 12, 31))
    run(D(2019, 6, 1))
    services.extend_plan(plan, AdoptingBody.COMMITTEE, D(2019, 9, 1), D(2020, 6, 30))
    run(D(2019, 9, 2))
    assert len(mailoutbox) == 2 and "2020-06-30" in mailoutbox[1].subject


def test_bad_date_option(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("send_plan_reminders", datum="igår")


def load_demo():
    """The core's demo data and this app's part (the other apps' parts are theirs to test)."""
    region = load_core()
    apps.get_app_config("biblioteksplaner").load_demo(region)
    return region


@pytest.fixture
def demo(db):
    return load_demo()


def test_demo_data_matches_the_2019_report(demo):
    survey_round = SurveyRound.objects.get(region=demo, year=2019)
    reports = Report.objects.filter(round=survey_round)
    assert reports.count() == 10
    assert reports.filter(state=ReportState.APPROVED).count() == 9
    assert reports.get(municipality__name="Arboga").state == ReportState.NOT_STARTED
    assert all("Demodata" in p.notes for p in LibraryPlan.objects.all())
    from biblioteksplaner.status import lacks_plan_in

    lacking = [
        m.name
        for m in Municipality.objects.filter(region=demo)
        if lacks_plan_in(list(m.library_plans.all()), 2020)
    ]
    assert sorted(lacking) == ["Köping", "Västerås"]
    assert not lacks_plan_in(list(LibraryPlan.objects.filter(municipality=None)), 2020)


def test_demo_load_is_repeatable(demo):
    before = LibraryPlan.objects.count(), Report.objects.count()
    load_demo()
    assert (LibraryPlan.objects.count(), Report.objects.count()) == before


def test_report_facts_from_the_demo_records(demo):
    area_year = AreaYear.objects.get(
        area__app=AreaApp.BIBLIOTEKSPLANER, year=Year.objects.get(region=demo, year=2019)
    )
    facts = apps.get_app_config("biblioteksplaner").report_facts(area_year)
    assert facts == [
        "Uppföljning av biblioteksplaner 2019: 9 av 10 kommuner svarade (svarade inte: Arboga).",
        "Av de 9 svarande hade 4 en gällande biblioteksplan, 2 en plan som går ut inom tolv "
        "månader, 3 en plan som hade gått ut och 0 ingen plan (per 2019-10-31); 5 arbetade "
        "med en ny plan.",
        "2 kommuner saknar giltig biblioteksplan under hela 2020: Köping och Västerås.",
    ]


def test_report_facts_follow_the_records(demo):
    koping = Municipality.objects.get(name="Köping")
    make_plan(koping, D(2020, 1, 1), D(2023, 12, 31), title="Ny")
    area_year = AreaYear.objects.get(area__app=AreaApp.BIBLIOTEKSPLANER, year__year=2019)
    facts = apps.get_app_config("biblioteksplaner").report_facts(area_year)
    assert facts[-1] == "1 kommun saknar giltig biblioteksplan under hela 2020: Västerås."


def test_home_links_per_role(role_clients):
    register = reverse("biblioteksplaner:register")
    reporter = role_clients["reporter"].get("/").text
    assert reverse("biblioteksplaner:my-report") in reporter and register in reporter
    assert reverse("biblioteksplaner:overview") not in reporter
    for role in ("head", "staff"):
        page = role_clients[role].get("/").text
        assert reverse("biblioteksplaner:overview") in page and register in page
        assert reverse("biblioteksplaner:my-report") not in page
