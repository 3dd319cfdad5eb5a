"""samverkan's parts of the county dashboard, the municipality pages and the search."""

from datetime import date

import pytest

from biblioteksportal.models import AreaYear, DevelopmentArea, Year
from samverkan.choices import RolloutStatus, SignatureStatus
from samverkan.models import (
    AgreementParty,
    AgreementVersion,
    Decision,
    Meeting,
    Rollout,
    SharedSystem,
    WorkGroup,
)
from tests.conftest import assert_queries_constant


@pytest.fixture
def cooperation(region, vasteras, koping):
    year = Year.objects.create(region=region, year=2019)
    area = DevelopmentArea.objects.create(
        region=region, app="samverkan", name="Bibliotekssamverkan"
    )
    AreaYear.objects.create(area=area, year=year)
    agreement = AgreementVersion.objects.create(
        region=region, title="Avtal", version="1", status="final"
    )
    AgreementParty.objects.create(
        agreement=agreement,
        municipality=vasteras,
        status=SignatureStatus.SIGNED,
        date=date(2019, 11, 1),
        signatory="Kommunstyrelsens ordförande",
    )
    AgreementParty.objects.create(agreement=agreement, municipality=koping)
    AgreementParty.objects.create(agreement=agreement, municipality=None)
    koha = SharedSystem.objects.create(region=region, name="Koha")
    Rollout.objects.create(
        system=koha, municipality=vasteras, status=RolloutStatus.LIVE, go_live=date(2019, 3, 1)
    )
    Rollout.objects.create(system=koha, municipality=koping, status=RolloutStatus.PLANNED)
    group = WorkGroup.objects.create(
        region=region, name="Arbetsgrupp medier", start=date(2018, 1, 1)
    )
    meeting = Meeting.objects.create(group=group, date=date(2019, 9, 12))
    Decision.objects.create(meeting=meeting, text="Riktlinjer för gemensamma medier antogs.")
    return year


def test_dashboard_shows_signatures_and_systems(role_clients, cooperation):
    page = role_clients["head"].get("/oversikt/2019/").text
    assert "1 av 3</span> parter har skrivit under samverkansavtalet" in page
    assert "1 av 2</span> kommuner med Koha i drift" in page


def test_municipality_page_shows_its_status(role_clients, cooperation, vasteras, koping):
    page = role_clients["head"].get(f"/kommun/{vasteras.code}/2019/").text
    assert ">Undertecknat</span> samverkansavtalet" in page
    assert ">I drift</span> Koha" in page
    koping_page = role_clients["head"].get(f"/kommun/{koping.code}/2019/").text
    assert ">Planerad</span> Koha" in koping_page


def test_decisions_are_found_for_readers_only(role_clients, cooperation):
    assert "Riktlinjer för gemensamma medier" in role_clients["head"].get("/sok/?q=medierna").text
    assert "Riktlinjer" not in role_clients["reporter"].get("/sok/?q=medierna").text


def test_query_counts_do_not_grow(role_clients, cooperation, region):
    def grow():
        for i in range(SharedSystem.objects.count(), SharedSystem.objects.count() + 9):
            system = SharedSystem.objects.create(region=region, name=f"System {i}")
            for municipality in region.municipalities.all():
                Rollout.objects.create(system=system, municipality=municipality)
            meeting = Meeting.objects.create(
                group=WorkGroup.objects.first(), date=date(2019, 1, i + 1)
            )
            Decision.objects.create(meeting=meeting, text=f"Medier beslut {i}")

    head = role_clients["head"]
    assert assert_queries_constant(head, "/oversikt/2019/", grow) == 14
    assert assert_queries_constant(head, "/kommun/1980/2019/", grow) == 17
    assert assert_queries_constant(head, "/sok/?q=medier", grow) == 9
