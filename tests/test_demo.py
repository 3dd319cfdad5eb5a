"""`manage.py load_demo`: the seed's 2019 frame, idempotent, demo mode only."""

import html
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pghistory.core import event_models
from pghistory.models import Events

from biblioteksportal import report
from biblioteksportal.followup.models import Indicator, Round, Value
from biblioteksportal.followup.outcomes import outcomes
from biblioteksportal.models import (
    Activity,
    Goal,
    Library,
    Municipality,
    Outcome,
    Region,
    Staffing,
)

from . import seed_2019 as seed
from .conftest import login


@pytest.fixture
def demo(demo_county, db, settings):
    settings.DEMO = True  # the demo county, loaded once for the module


def test_refuses_outside_demo_mode(db, settings):
    settings.DEMO = False
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match="demoläge"):
        call_command("load_demo")
    assert get_user_model().objects.count() == users


def test_is_idempotent(demo, settings):
    models = [Municipality, Library, Goal, Activity, Outcome, Staffing, Indicator, Value]
    counts = [m.objects.count() for m in models]
    events = Events.objects.across(*event_models()).count()
    call_command("load_demo", stdout=StringIO())
    assert [m.objects.count() for m in models] == counts
    assert Events.objects.across(*event_models()).count() == events


DEMO_USERNAMES = ("regional", "chef.vasteras", "rapportor.koping", "rapportor.vasteras")


def printed_passwords(fresh=False):
    """The passwords load_demo prints; `fresh`: for demo users created anew."""
    if fresh:
        get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
    out = StringIO()
    call_command("load_demo", stdout=out)
    rows = [line.split() for line in out.getvalue().splitlines()]
    return {row[0]: row[1] for row in rows if row and row[0] in DEMO_USERNAMES}


def test_prints_the_demo_users_random_passwords_once(db, settings):
    settings.DEMO = True
    passwords = printed_passwords(fresh=True)
    assert set(passwords) == set(DEMO_USERNAMES)
    for username in ("chef.vasteras", "rapportor.koping"):  # (regional staff: a second factor)
        data = {"username": username, "password": passwords[username]}
        assert Client().post(reverse("login"), data).status_code == 302
    assert printed_passwords() == dict.fromkeys(DEMO_USERNAMES, "(oförändrat)")
    user = get_user_model().objects.get(username="regional")
    assert user.check_password(passwords["regional"])
    again = printed_passwords(fresh=True)  # as in a fresh database
    assert all(again[name] != passwords[name] for name in DEMO_USERNAMES)


def test_the_county(demo):
    codes = dict(Municipality.objects.values_list("name", "code"))
    assert codes == seed.MUNICIPALITY_CODES
    assert Library.objects.filter(kind="main").count() == 10
    hospital = Library.objects.get(kind="hospital")
    assert hospital.municipality is None and hospital.region.code == "19"


def test_the_seed_regions_identity(demo):
    region = Region.objects.get(code="19")
    assert region.portal_title == "Bibliotek i Västmanland"
    assert region.signatory and region.contact
    assert region.from_email.startswith("Bibliotek i Västmanland <")
    page = Client().get("/om/vastmanland/").content.decode()
    assert "<title>Om verksamheten i Region Västmanland – Bibliotek i Västmanland</title>" in page


def test_staffing_is_capacity_only(demo):
    amelie = Staffing.objects.filter(person__name="Amelie Sarlin").order_by("start")
    assert [(s.percent, s.start.month, s.end and s.end.month) for s in amelie] == [
        (100, 1, 1),
        (50, 10, None),
    ]
    texts = " ".join(str(s.__dict__) for s in Staffing.objects.all())
    for word in ("föräldraledig", "sjuk"):
        assert word not in texts.lower()


def test_regional_staff_sees_every_goal_and_activity_of_the_seed(demo):
    client = Client()
    login(client, get_user_model().objects.get(username="regional"))
    page = html.unescape(client.get("/verksamhetsar/2019/").text)
    for area, expected in seed.AREAS.items():
        assert area in page
        for kind in ("aims", "subgoals", "partners", "activities"):
            for text in expected[kind]:
                assert text in page, (area, kind, text)


def test_statuses_agree_with_the_outcomes(demo):
    for title, status in seed.NOT_DONE.items():
        activity = Activity.objects.get(title=title)
        assert activity.status == status
        assert activity.status_reason
    assert set(Activity.objects.exclude(status_reason="").values_list("title", flat=True)) == set(
        seed.NOT_DONE
    )


def test_the_2019_frame_follows_up_the_seeds_figures_in_tertials(demo):
    """The indicators that the report's own figures fill, with their year outcomes and lights."""
    rounds = Round.objects.select_related("year").order_by("deadline")
    assert [str(r) for r in rounds] == ["T1 2019", "T2 2019", "Helår 2019"]
    indicators = Indicator.objects.select_related("region")
    region = indicators[0].region
    found = outcomes(indicators, rounds, Municipality.objects.filter(region=region))
    year = rounds[2]
    by_key = {i.key: found[i.pk, year.pk] for i in indicators}
    assert {key: (int(o.value), o.light) for key, o in by_key.items()} == {
        "heltidstjanster": (4, "met"),
        "kommuner-med-koha": (10, "met"),
        "medel-fran-kb": (440000, "met"),
        "kommuner-med-workshoppar": (6, "not_met"),
        "kommuner-som-svarat": (9, "near"),
        "svarande-utan-giltig-plan-2020": (2, "not_met"),
    }
    t1 = found[indicators.get(key="kommuner-med-workshoppar").pk, rounds[0].pk]
    assert (t1.target, t1.own) == (3, 2)


def test_the_2019_report_shows_the_indicators_with_the_seeds_figures(demo):
    admin = get_user_model()(is_superuser=True, is_active=True)
    year = report.year_queryset(admin).get(year=2019)
    text = html.unescape(re.sub(r"<[^>]+>", " ", report.render_html(report.build(year))))
    words = " ".join(text.split())
    assert "Beviljade medel från Kungliga biblioteket (kr) T1 – 440 000 Inget värde" in words
    assert "Helår 400 000 440 000 Uppnått" in words
    assert "Helår 10 9 Nära målet" in words  # 9 of 10 answered the plan survey
