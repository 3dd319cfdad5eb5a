"""samverkan's parts of the county dashboard, the municipality pages and the search."""

from datetime import date

import pytest
from django.apps import apps

from biblioteksportal.areas import Figure
from biblioteksportal.models import AreaYear, DevelopmentArea, Library, Year
from samverkan.choices import RolloutStatus, SignatureStatus
from samverkan.models import (
    AgreementParty,
    AgreementVersion,
    BranchCode,
    Decision,
    Meeting,
    Rollout,
    SharedSystem,
    Transfer,
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


def test_transfers_in_and_out_per_library(cooperation, region, vasteras, koping, head_user):
    stad = Library.objects.create(region=region, municipality=vasteras, name="Stad", kind="main")
    kop = Library.objects.create(region=region, municipality=koping, name="Köping", kind="main")
    for code, library in [("VAS", stad), ("VAS2", stad), ("KOP", kop)]:
        BranchCode.objects.create(region=region, code=code, library=library)
    moves = [("VAS", "KOP")] * 3 + [("KOP", "VAS"), ("VAS", "VAS2"), ("KOP", "XXX")]
    moves = [(a, b, date(2019, 5, 1), None) for a, b in moves]
    moves += [
        ("VAS", "KOP", date(2019, 5, 1), date(2019, 5, 2)),
        ("VAS", "KOP", date(2018, 5, 1), None),
    ]
    for key, (source, target, day, cancelled) in enumerate(moves, start=1):
        Transfer.objects.create(
            region=region,
            key=key,
            itemnumber=key,
            date=day,
            cancelled=cancelled,
            from_branch=source,
            to_branch=target,
            line=key,
        )
    # Within one library (two codes), to an unmapped code, cancelled or in 2018: not counted.
    config = apps.get_app_config("samverkan")
    county = config.county_part(cooperation, head_user)
    assert Figure("överföringar mellan biblioteken 2019", 4) in county.figures
    assert county.charts[0].rows == [("Köping", [3, 1], 4), ("Stad", [1, 3], 4)]
    for municipality, net in [(vasteras, -2), (koping, 2)]:
        part = config.municipality_part(cooperation, municipality, head_user)
        assert Figure("exemplar in netto (flytande bestånd 2019)", net) in part.figures


def test_decisions_are_found_for_readers_only(role_clients, cooperation):
    assert "Riktlinjer för gemensamma medier" in role_clients["head"].get("/sok/?q=medierna").text
    assert "Riktlinjer" not in role_clients["reporter"].get("/sok/?q=medierna").text


def test_shared_systems_are_found_for_readers_only(role_clients, cooperation, region):
    SharedSystem.objects.create(
        region=region, name="Gemensam webbplats", description="Webbplatsen med Koha-katalogen."
    )
    for role in ("head", "staff"):
        page = role_clients[role].get("/sok/?q=webbplatsen").text
        assert '<a href="/samverkan/system/">Gemensam webbplats</a>' in page, role
    assert "Gemensam webbplats" not in role_clients["reporter"].get("/sok/?q=webbplatsen").text


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
    assert assert_queries_constant(head, "/oversikt/2019/", grow) == 11
    assert assert_queries_constant(head, "/kommun/1980/2019/", grow) == 15
    assert assert_queries_constant(head, "/sok/?q=medier", grow) == 13
