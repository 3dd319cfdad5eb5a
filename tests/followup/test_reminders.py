"""The follow-up rounds' reminders: from reminder_days before the deadline a reminder, after
it a notice that the round is late; once each per round and recipient; none for a complete
round or for whoever has reported."""

import datetime

import pytest
from django.utils import timezone

from biblioteksportal.followup.models import ActivityReport, Indicator, Round, Value
from biblioteksportal.followup.reminders import send_reminders
from biblioteksportal.models import Activity, Person

from ..builders import make_frame
from ..conftest import run_worker

D = datetime.date
pytestmark = pytest.mark.usefixtures("run_jobs")


@pytest.fixture
def round_(region, vasteras, koping, head_user, reporter_user):
    year = make_frame(region, municipalities=[vasteras])
    area = year.area_years.first().area
    Indicator.objects.create(
        region=region, area=area, key="besok", name="Besök", source="entered", rollup="sum"
    )
    Person.objects.filter(region=region).update(email="ansvarig@example.org")
    return Round.objects.create(
        year=year, kind="tertial", number=1, deadline=D(2019, 5, 15), reminder_days=7
    )


def run(day):
    sent = send_reminders(day, "https://portal.example.org")
    run_worker()
    return sent


def test_reminders_before_the_deadline_and_a_late_notice_after_once_each(round_, mailoutbox):
    assert run(D(2019, 5, 7)) == 0  # eight days before
    assert run(D(2019, 5, 8)) == 3  # the responsible person, Västerås' head, Köping's reporter
    assert run(D(2019, 5, 15)) == 0  # each once
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["ansvarig@example.org", "chef@example.org", "rapportor@example.org"]
    person = next(m for m in mailoutbox if m.to == ["ansvarig@example.org"])
    assert person.subject == "Påminnelse: uppföljningen T1 2019"
    assert "Sista dagen att rapportera i uppföljningen T1 2019 är 2019-05-15." in person.body
    # one mail listing the activity of each of the four areas (their sub-activities have none)
    assert person.body.count("- Aktivitet 0\n") == 4 and "Delaktivitet" not in person.body
    head = next(m for m in mailoutbox if m.to == ["chef@example.org"])
    assert "Värdena för Västerås saknas." in head.body
    assert f"https://portal.example.org/uppfoljning/omgang/{round_.pk}/kommun/1980/" in head.body
    assert run(D(2019, 5, 16)) == 3
    assert mailoutbox[-1].subject.startswith("Försenad: uppföljningen T1 2019")
    assert run(D(2019, 5, 17)) == 0


def test_who_has_reported_and_a_complete_round_get_none(round_, vasteras, koping, mailoutbox):
    indicator = Indicator.objects.get()
    for municipality in (vasteras, koping):
        Value.objects.create(indicator=indicator, round=round_, municipality=municipality, value=1)
    for activity in Activity.objects.all():
        ActivityReport.objects.create(activity=activity, round=round_, status="done")
    assert run(D(2019, 5, 10)) == 0
    ActivityReport.objects.first().delete()
    assert run(D(2019, 5, 10)) == 1
    round_.completed = timezone.now()
    round_.save()
    assert run(D(2019, 5, 20)) == 0
    assert len(mailoutbox) == 1
