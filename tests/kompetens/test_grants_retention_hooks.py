"""Grants and their balance, the retention command, the demo data, the report facts and the
start-page links."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from biblioteksportal.choices import AreaApp
from biblioteksportal.demo.load import load_core
from biblioteksportal.models import AreaYear, DevelopmentArea, Organisation, Year
from kompetens.choices import RegistrationStatus
from kompetens.models import (
    AssessmentRound,
    Grant,
    Registration,
    Response,
    Spending,
    TrainingEvent,
    Workshop,
)

from ..builders import make_event, make_library
from ..conftest import READERS, assert_queries_constant, download_statuses, downloads

CONFIG = apps.get_app_config("kompetens")


@pytest.fixture
def grant(region):
    kb = Organisation.objects.create(name="Kungliga biblioteket", kind="national_agency")
    grant = Grant.objects.create(
        region=region,
        funder=kb,
        programme="Digitalt först – med användaren i fokus",
        amount=440000,
        start=date(2019, 1, 1),
        end=date(2020, 12, 31),
    )
    Spending.objects.create(
        grant=grant, date=date(2019, 4, 1), description="IT-pedagog", amount=150000
    )
    return grant


def test_grants_page_shows_remaining_balance(role_clients, grant):
    url = reverse("kompetens:grants")
    assert role_clients["anonymous"].get(url).status_code == 302
    assert role_clients["reporter"].get(url).status_code == 403
    for role in ("head", "staff"):
        page = role_clients[role].get(url).text
        assert "440\xa0000 kr" in page and "150\xa0000 kr" in page and "290\xa0000 kr" in page
        assert "IT-pedagog" in page


def test_grants_query_count(role_clients, grant):
    def grow():
        for i in range(10):
            copy = Grant.objects.create(
                region=grant.region,
                funder=grant.funder,
                programme=f"P{i}",
                amount=1000,
                start=grant.start,
                end=grant.end,
            )
            Spending.objects.create(grant=copy, date=grant.start, description="x", amount=1)

    assert assert_queries_constant(role_clients["head"], reverse("kompetens:grants"), grow) == 4
    download = reverse("kompetens:grants") + "?format=csv"
    assert assert_queries_constant(role_clients["head"], download, grow) == 4


def test_grants_download(role_clients, grant):
    url = reverse("kompetens:grants")
    assert download_statuses(role_clients, url) == READERS
    Grant.objects.create(
        region=grant.region,
        funder=grant.funder,
        programme="Utan utgifter",
        amount=1000,
        start=date(2020, 1, 1),
        end=date(2020, 12, 31),
    )
    rows = downloads(role_clients["head"], url)
    assert rows[0] == [
        "Bidrag",
        "Bidragsgivare",
        "Från",
        "Till",
        "Belopp (kr)",
        "Förbrukat (kr)",
        "Återstår (kr)",
        "Utgift, datum",
        "Avser",
        "Utgift (kr)",
    ]
    programme, kb = grant.programme, "Kungliga biblioteket"
    # newest first, as Grant's ordering says (the download used to leave it to the database)
    assert [row[:4] + [float(v) for v in row[4:7]] + row[7:9] for row in rows[1:]] == [
        ["Utan utgifter", kb, "2020-01-01", "2020-12-31", 1000, 0, 1000, "", ""],
        [
            programme,
            kb,
            "2019-01-01",
            "2020-12-31",
            440000,
            150000,
            290000,
            "2019-04-01",
            "IT-pedagog",
        ],
    ]


def test_retention_command_anonymises_old_participants_keeping_counts(region, vasteras):
    library = make_library(vasteras)
    old = make_event(region, days=-400)
    recent = make_event(region, days=-30)
    for event in (old, recent):
        Registration.objects.create(
            event=event,
            name="Anna",
            email="anna@example.org",
            library=library,
            status=RegistrationStatus.CONFIRMED,
            attended=True,
        )
    out = StringIO()
    call_command("anonymise_participants", "--months=12", stdout=out)
    assert "1 anmälningar avidentifierades" in out.getvalue()
    anonymised = Registration.objects.get(event=old)
    assert (anonymised.name, anonymised.email, anonymised.attended) == ("", "", True)
    assert anonymised.library == library and anonymised.anonymised is not None
    assert Registration.objects.get(event=recent).name == "Anna"
    history = apps.get_model("kompetens", "RegistrationEvent").objects
    assert set(history.filter(pgh_obj=anonymised).values_list("name", "email")) == {("", "")}
    assert history.filter(pgh_obj=anonymised).count() == 2  # the insert and the anonymising
    assert history.filter(name="Anna").count() == 1  # the recent one
    call_command("anonymise_participants", "--months=0", stdout=out)
    assert not Registration.objects.filter(name="Anna").exists()  # only past events remain
    assert Registration.objects.filter(attended=True).count() == 2


def test_demo_data_and_report_facts(db):
    region = load_core()
    CONFIG.load_demo(region)
    CONFIG.load_demo(region)  # twice: nothing is duplicated
    assert TrainingEvent.objects.exclude(kind="workshop").count() == 4
    katrineholm = TrainingEvent.objects.get(place="Katrineholm")
    assert {p.name for p in katrineholm.partners.all()} == {
        "Regional biblioteksverksamhet Södermanland",
        "Regional biblioteksverksamhet Östergötland",
    }
    round = AssessmentRound.objects.get(name="Hösten 2018")
    assert Response.objects.filter(round=round).values("municipality").distinct().count() == 10
    assert Workshop.objects.filter(round=round).count() == 6
    assert Grant.objects.get().amount == 440000
    area_year = AreaYear.objects.get(area__app=AreaApp.KOMPETENS, year__year=2019)
    facts = CONFIG.report_facts(area_year)
    assert facts[0].startswith("4 utbildningstillfällen har genomförts: ")
    assert "(med Mikoteket)" in facts[0] and "Bibliotekshögskolan i Borås" in facts[0]
    assert any("har hållits i 6 av 10 kommuner" in fact for fact in facts)
    assert any("440\xa0000 kr (2019–2020), varav 0 kr förbrukat" in fact for fact in facts)


def test_home_links_per_role(staff_user, head_user, reporter_user):
    labels = {
        name: [label for label, _url in CONFIG.home_links(user)]
        for name, user in [("staff", staff_user), ("head", head_user), ("reporter", reporter_user)]
    }
    assert labels["reporter"] == ["Utbildningskalender"]
    assert labels["head"] == labels["staff"]
    assert "Självskattning av digital kompetens" in labels["head"] and "Bidrag" in labels["head"]


def test_cancelled_event_is_left_out_of_the_facts(region):
    year = Year.objects.create(region=region, year=timezone.now().year - 1)
    area = DevelopmentArea.objects.create(region=region, app=AreaApp.KOMPETENS, name="Digital")
    area_year = AreaYear.objects.create(area=area, year=year)
    event = make_event(region, days=-365)
    event.start = event.start.replace(year=year.year)
    event.end = event.start + timedelta(hours=2)
    event.status = "cancelled"
    event.save()
    assert CONFIG.report_facts(area_year) == []


def test_start_page_shows_the_links(role_clients):
    head = role_clients["head"].get("/").text
    assert "/kompetens/sjalvskattning/" in head and "/kompetens/bidrag/" in head
    reporter = role_clients["reporter"].get("/").text
    assert "/kompetens/" in reporter and "/kompetens/bidrag/" not in reporter
