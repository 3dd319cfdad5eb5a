"""Demo data for the 2019 year: the seed's section 5.1.1, and a generated year of Koha
transfers imported through the real importer."""

import os
import tempfile
from datetime import date, time

from django.db import transaction

from biblioteksportal.models import Activity, AreaYear, Library, Municipality, Person

from . import services
from .choices import (
    ImportStatus,
    MemberRole,
    RolloutStatus,
    RuleKind,
    SignatureStatus,
    VersionStatus,
)
from .generate import generate
from .koha import run_import
from .models import (
    AgreementParty,
    AgreementVersion,
    BranchCode,
    Decision,
    LendingRule,
    LendingRuleSet,
    Meeting,
    Membership,
    Rollout,
    Route,
    SharedSystem,
    Stop,
    TransferImport,
    WorkGroup,
)

TRANSFERS = 30_000

# library name -> Koha branch code
BRANCHES = {
    "Västerås stadsbibliotek": "VAS",
    "Köpings stadsbibliotek": "KOP",
    "Sala stadsbibliotek": "SAL",
    "Fagersta stadsbibliotek": "FAG",
    "Arboga stadsbibliotek": "ARB",
    "Hallstahammars bibliotek": "HAL",
    "Kungsörs bibliotek": "KUN",
    "Norbergs bibliotek": "NOR",
    "Surahammars folkbibliotek": "SUR",
    "Skinnskattebergs bibliotek": "SKI",
    "Sjukhusbiblioteket": "SJH",
}

GROUPS = [
    (
        "Styrgruppen (bibliotekscheferna)",
        "Leder samverkan Bibliotek i Västmanland; bibliotekschefen i varje kommun.",
        ["Sammanställa ett förslag med stöd av regionens kompetenser, förankra i kommunerna"],
        "Förslaget till samverkansavtal för förvaltning av biblioteksdatasystem och webb "
        "godkänns och skickas till parterna för underskrift.",
    ),
    (
        "Arbetsgrupp medier",
        "Riktlinjer för samarbetet kring det gemensamma mediebeståndet och transporterna.",
        ["Ta fram förslag på hållbar struktur i arbetsgrupp medier"],
        "Riktlinjer för det gemensamma beståndet antas; titlar som skickas fram och tillbaka "
        "följs upp varje kvartal.",
    ),
    (
        "Librisgruppen",
        "Katalogisering i Libris; Västerås tillhandahåller stöd.",
        ["Libris"],
        "Katalogposter hämtas från Libris från och med driftstarten av Koha.",
    ),
    (
        "Förvaltningsteamet",
        "Förvaltar biblioteksdatasystemet Koha och den gemensamma webbplatsen.",
        ["Implementera Koha med utbildning mm", "Gemensamma låneregler o ersättningar"],
        "De gemensamma lånereglerna och ersättningarna införs i samband med driftstarten.",
    ),
]

SYSTEMS = [
    ("Biblioteksdatasystemet Koha", "Gemensamt biblioteksdatasystem med katalog och Mina sidor."),
    ("Katalogisering i Libris", "Katalogposter genom deltagande i Librissamarbetet."),
    ("Gemensam webbplats (Wordpress)", "Webbplats med Kohas katalog, e-böcker och film."),
    ("Grafisk profil och nytt lånekort", "Profilen är levererad; lånekort beställs per kommun."),
    ("E-böcker", "Gemensam tjänst för e-böcker, integrerad i webbplatsen."),
    ("Strömmande film", "Gemensam tjänst för strömmande film, integrerad i webbplatsen."),
]

RULES_2019 = [
    (RuleKind.LOAN_PERIOD, "Böcker", 28),
    (RuleKind.LOAN_PERIOD, "Film", 7),
    (RuleKind.LOAN_PERIOD, "Snabblån", 14),
    (RuleKind.LOAN_LIMIT, "", 50),
    (RuleKind.RESERVATION_LIMIT, "", 20),
    (RuleKind.RENEWALS, "", 3),
    (RuleKind.RESERVATION_FEE, "", 0),
    (RuleKind.LOST_ITEM_FEE, "Vuxenbok", 300),
    (RuleKind.LOST_ITEM_FEE, "Barnbok", 150),
    (RuleKind.DAMAGED_ITEM_FEE, "", 100),
    (RuleKind.LOST_CARD_FEE, "", 20),
    (RuleKind.COMPENSATION, "", 0),
]
RULES_2020 = {
    (RuleKind.RENEWALS, ""): 5,
    (RuleKind.LOST_ITEM_FEE, "Vuxenbok"): 350,
    (RuleKind.RESERVATION_LIMIT, ""): 30,
}

STOPS = [
    ("Västerås stadsbibliotek", "", time(7, 30)),
    ("", "Vårdcentralen Köping", time(8, 40)),
    ("Köpings stadsbibliotek", "", time(8, 55)),
    ("Arboga stadsbibliotek", "", time(9, 30)),
    ("Kungsörs bibliotek", "", time(10, 5)),
    ("Hallstahammars bibliotek", "", time(10, 50)),
    ("Surahammars folkbibliotek", "", time(11, 20)),
    ("", "Vårdcentralen Fagersta", time(12, 30)),
    ("Fagersta stadsbibliotek", "", time(12, 45)),
    ("Norbergs bibliotek", "", time(13, 15)),
    ("Skinnskattebergs bibliotek", "", time(13, 55)),
    ("Sala stadsbibliotek", "", time(14, 50)),
    ("Sjukhusbiblioteket", "", time(15, 40)),
]


def _agreement(region):
    AgreementVersion.objects.update_or_create(
        region=region,
        version="0.9",
        defaults={"title": "Samverkansavtal Bibliotek i Västmanland", "status": "superseded"},
    )
    agreement, _ = AgreementVersion.objects.update_or_create(
        region=region,
        version="1.0",
        defaults={
            "title": "Samverkansavtal Bibliotek i Västmanland",
            "status": VersionStatus.FINAL,
            "valid_from": date(2020, 1, 1),
            "renewal_date": date(2023, 12, 31),
        },
    )
    services.add_parties(agreement)
    AgreementParty.objects.filter(agreement=agreement).update(
        status=SignatureStatus.SENT, date=date(2019, 12, 2)
    )


def _groups(region, area_year):
    karin = Person.objects.get_or_create(region=region, name="Karin Engström")[0]
    municipalities = list(Municipality.objects.filter(region=region))
    for name, mandate, activity_titles, decision in GROUPS:
        group, _ = WorkGroup.objects.update_or_create(
            region=region, name=name, defaults={"mandate": mandate, "start": date(2017, 1, 1)}
        )
        Membership.objects.get_or_create(
            group=group,
            person=karin,
            defaults={"role": MemberRole.SECRETARY, "start": date(2017, 1, 1)},
        )
        members = municipalities if group.name.startswith("Styr") else municipalities[:5]
        for i, municipality in enumerate(members):
            person, _ = Person.objects.get_or_create(
                region=region,
                name=f"Kontaktperson {municipality.name}",
                defaults={"municipality": municipality},
            )
            Membership.objects.get_or_create(
                group=group,
                person=person,
                defaults={
                    "municipality": municipality,
                    "role": MemberRole.CHAIR if i == 0 else MemberRole.MEMBER,
                    "start": date(2017, 1, 1),
                },
            )
        meeting, _ = Meeting.objects.get_or_create(
            group=group,
            date=date(2019, 9, 12),
            defaults={"agenda": "1. Läget i kommunerna\n2. Beslut", "minutes": decision},
        )
        Decision.objects.get_or_create(meeting=meeting, text=decision)[0].activities.set(
            Activity.objects.filter(area_year=area_year, title__in=activity_titles)
            if area_year
            else []
        )


def _systems(region):
    municipalities = list(Municipality.objects.filter(region=region).order_by("code"))
    for position, (name, description) in enumerate(SYSTEMS):
        system, _ = SharedSystem.objects.update_or_create(
            region=region, name=name, defaults={"description": description}
        )
        for i, municipality in enumerate(municipalities):
            if position < 2:  # Koha and Libris: live in all ten
                spec = {
                    "status": RolloutStatus.LIVE,
                    "go_live": date(2019, 3, 4),
                    "training": date(2019, 2, 4 + i),
                }
            elif position == 3:  # new library cards: several on the way
                spec = {"status": RolloutStatus.IN_PROGRESS if i % 2 else RolloutStatus.PLANNED}
            else:
                spec = {"status": RolloutStatus.PLANNED}
            Rollout.objects.update_or_create(
                system=system, municipality=municipality, defaults=spec
            )


def _rules(region):
    first, _ = LendingRuleSet.objects.update_or_create(
        region=region,
        effective_from=date(2019, 3, 4),
        defaults={"name": "Gemensamma låneregler 2019", "notes": "Införda med Koha."},
    )
    second, _ = LendingRuleSet.objects.update_or_create(
        region=region,
        effective_from=date(2020, 1, 1),
        defaults={"name": "Gemensamma låneregler 2020"},
    )
    for rule_set, changes in ((first, {}), (second, RULES_2020)):
        for kind, media, value in RULES_2019:
            LendingRule.objects.update_or_create(
                rule_set=rule_set,
                kind=kind,
                media_type=media,
                defaults={"value": changes.get((kind, media), value)},
            )


def _transport(region):
    route, _ = Route.objects.update_or_create(
        region=region,
        name="Blod & böcker",
        defaults={
            "carrier": "Region Västmanlands transporter till vårdcentralerna",
            "weekdays": [1, 3, 5],
            "start": date(2019, 1, 1),
        },
    )
    libraries = {lib.name: lib for lib in Library.objects.filter(region=region)}
    for i, (name, place, at) in enumerate(STOPS, start=1):
        Stop.objects.update_or_create(
            route=route,
            position=i,
            defaults={"library": libraries.get(name), "place": place, "time": at},
        )


DEMO_FILE = "branchtransfers-2019.csv"


def _transfers(region):
    libraries = {lib.name: lib for lib in Library.objects.filter(region=region)}
    for name, code in BRANCHES.items():
        if name in libraries:
            BranchCode.objects.update_or_create(
                region=region, code=code, defaults={"library": libraries[name]}
            )
    if TransferImport.objects.filter(region=region, file_name=DEMO_FILE).exists():
        return  # imported by an earlier run: the importer would add nothing but a record
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            generate(out, list(BRANCHES.values()), TRANSFERS, year=2019)
        run = TransferImport.objects.create(region=region, file_name=DEMO_FILE)
        run_import(run, path=path)
    finally:
        os.unlink(path)
    if run.status != ImportStatus.DONE or run.rows_added != TRANSFERS:
        raise RuntimeError(f"Import of the demo transfers: {run.message}")


@transaction.atomic
def load(region):
    area_year = AreaYear.objects.filter(
        year__region=region, year__year=2019, area__app="samverkan"
    ).first()
    _agreement(region)
    _groups(region, area_year)
    _systems(region)
    _rules(region)
    _transport(region)
    _transfers(region)
