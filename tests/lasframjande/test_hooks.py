"""The app's hooks for the core: demo data, report facts, start-page links."""

from datetime import date

import pghistory.models
import pytest
from django.apps import apps
from django.urls import reverse
from pghistory.models import Events

from biblioteksportal.choices import AreaApp
from biblioteksportal.demo import seed2019
from biblioteksportal.demo.load import load_core
from biblioteksportal.models import AreaYear
from kompetens.choices import Audience
from lasframjande.choices import ModerationStatus, ProjectPhase
from lasframjande.models import (
    LiteraryActor,
    NetworkMember,
    Project,
    WritingArena,
)

from ..builders import at, grow_register, make_actor, make_event, make_frame

config = apps.get_app_config("lasframjande")
event_models = [
    m
    for m in apps.get_app_config("lasframjande").get_models()
    if issubclass(m, pghistory.models.Event)
]


def test_demo_data(client, db):
    region = load_core()
    config.load_demo(region)
    assert len(event_models) >= 8
    events = Events.objects.across(*event_models).count()
    config.load_demo(region)  # twice: idempotent, and no audit events for no change
    assert Events.objects.across(*event_models).count() == events
    spec = next(area for area in seed2019.AREAS if area["app"] == "lasframjande")
    members = {m.organisation.name for m in NetworkMember.objects.filter(region=region)}
    assert set(spec["partners"]) <= members
    project = Project.objects.get(name="Språkfrö Västmanland")
    assert project.phase == ProjectPhase.PRE_STUDY
    actors = LiteraryActor.objects.filter(region=region)
    assert actors.count() >= 3 and all(a.is_fictitious for a in actors)
    assert all("fiktiv" in a.name for a in actors)
    assert WritingArena.objects.filter(region=region).count() >= 3
    directory = client.get("/lasframjande/vastmanland/aktorer/").text
    for actor in actors:
        assert (actor.name in directory) == (
            actor.status == ModerationStatus.APPROVED and actor.show_in_directory
        )
    assert "Fiktiv, demodata" in directory


def test_report_facts_for_the_seed_aims(db):
    region = load_core()
    config.load_demo(region)
    area_year = AreaYear.objects.get(area__app=AreaApp.LASFRAMJANDE, year__year=2019)
    make_event(
        region,
        title="Lässtund för förskolepersonal",
        start=at(2019, 3, 5),
        audience=Audience.CHILDREN_ADULTS,
    )
    make_event(
        region, title="Lässtund 2020", start=at(2020, 3, 5), audience=Audience.CHILDREN_ADULTS
    )
    facts = config.report_facts(area_year)
    spec = next(area for area in seed2019.AREAS if area["app"] == "lasframjande")
    assert len(facts) == len(spec["aims"]) == 6
    assert "Nätverket för läsfrämjande hade 8 medlemmar av 8 slag vid årets slut" in facts[0]
    assert "Metodbanken för läsfrämjande hade 0 metoder" in facts[1]
    assert "Språkfrö Västmanland (förstudie)" in facts[2]
    assert "1 tillfälle för inspiration och kompetensutveckling" in facts[3]
    assert "4 anmälningar under året, 3 godkända, varav 2 visas" in facts[4]
    assert "3 skrivarenor för barn och unga med 39 deltagare" in facts[5]
    assert "6–9 år 7" in facts[5]


def test_report_facts_count_only_the_year(region, vasteras):
    area_year = make_frame(region, areas=[AreaApp.LASFRAMJANDE]).area_years.get()
    grow_register(region, vasteras, 2)
    WritingArena.objects.filter(title="Skrivarverkstad 1").update(start=date(2020, 1, 5))
    NetworkMember.objects.filter(organisation__name="Organisation 1").update(since=date(2020, 2, 1))
    Project.objects.filter(name="Projekt 1").update(start=date(2020, 1, 1))
    make_actor(region, "Avböjd", status=ModerationStatus.REJECTED)
    LiteraryActor.objects.update(created="2019-06-01T10:00Z")
    LiteraryActor.objects.filter(name="Godkänd 1").update(created="2020-01-02T10:00Z")
    facts = config.report_facts(area_year)
    assert facts == [
        "Nätverket för läsfrämjande hade 1 medlemmar av 1 slag vid årets slut, 1 nya under "
        "året, och höll 2 nätverksträffar.",
        "Metodbanken för läsfrämjande hade 2 metoder vid årets slut, 2 nya under året.",
        "Läsfrämjande projekt under året: Projekt 0 (idé).",
        "0 tillfällen för inspiration och kompetensutveckling för vuxna som arbetar med barn, "
        "med 0 deltagare.",
        "Kartläggningen av litterära aktörer: 6 anmälningar under året, 3 godkända, varav 1 "
        "visas i den offentliga katalogen.",
        "1 skrivarena för barn och unga med 7 deltagare (10–12 år 5, 13–15 år 2).",
    ]


def test_report_facts_of_an_empty_year(region):
    area_year = make_frame(region, areas=[AreaApp.LASFRAMJANDE]).area_years.get()
    facts = config.report_facts(area_year)
    assert len(facts) == 6
    assert facts[2] == "Inga läsfrämjande projekt (t.ex. Språkfrö) pågick under året."
    assert facts[5] == "0 skrivarenor för barn och unga med 0 deltagare."


@pytest.mark.parametrize(
    "role, expected",
    [
        ("reporter", ["lasframjande:directory-index"]),
        (
            "head",
            [
                "lasframjande:directory-index",
                "lasframjande:network",
                "lasframjande:projects",
                "lasframjande:methods",
                "lasframjande:arenas",
                "lasframjande:inventory",
                "lasframjande:adults",
            ],
        ),
    ],
)
def test_home_links_per_role(role_clients, role, expected):
    response = role_clients[role].get(reverse("home"))
    urls = [reverse(name) for name in expected]
    links = dict(response.context["areas"])[config.verbose_name]
    assert [url for _, url in links] == urls
    for url in urls:
        assert f'href="{url}"' in response.text


def test_home_links_for_staff_include_moderation_and_export(role_clients):
    response = role_clients["staff"].get(reverse("home"))
    links = [url for _, url in dict(response.context["areas"])[config.verbose_name]]
    assert "/admin/lasframjande/literaryactor/?status__exact=pending" in links
    assert reverse("lasframjande:export") in links
    for url in links:
        assert role_clients["staff"].get(url, follow=True).status_code == 200, url


def test_annual_report_shows_the_facts(role_clients, db):
    region = load_core()
    config.load_demo(region)
    page = role_clients["head"].get(reverse("annual-report", args=[2019])).text
    assert "Läsfrämjande projekt under året: Språkfrö Västmanland (förstudie)." in page
    assert "3 skrivarenor för barn och unga med 39 deltagare" in page
