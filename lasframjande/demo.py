"""Demo data: the seed's network partners, Språkfrö, fictitious actors and writing workshops."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from biblioteksportal.choices import OrganisationKind
from biblioteksportal.models import Municipality, Organisation

from .choices import (
    ActorKind,
    AgeGroup,
    ArenaKind,
    MemberKind,
    ModerationStatus,
    Offer,
    ProjectPhase,
)
from .models import (
    ArenaParticipation,
    LiteraryActor,
    NetworkMember,
    Project,
    WritingArena,
)

# The partners the seed names for reading promotion, by the kind of member they are.
PARTNERS = [
    ("Kommunerna", MemberKind.MUNICIPAL_LIBRARY),
    ("Folkhögskolor", MemberKind.FOLK_HIGH_SCHOOL),
    ("Studieförbund", MemberKind.STUDY_ASSOCIATION),
    ("Idrottsrörelsen", MemberKind.SPORTS),
    ("Kulturlivet", MemberKind.CULTURE),
    ("Skolan", MemberKind.SCHOOL),
    ("Fritidsverksamheten", MemberKind.LEISURE),
]
REGION_ORGANISATION = "Regional biblioteksverksamhet Västmanland"

SPRAKFRO = {
    "name": "Språkfrö Västmanland",
    "phase": ProjectPhase.PRE_STUDY,
    "description": "Tidig språkutveckling hos de minsta barnen, i samverkan mellan bibliotek "
    "och andra som möter små barn och deras föräldrar.",
    "goals": "Utveckla samarbete inom Språkfrö Västmanland för att på sikt etablera ett projekt.",
    "start": date(2019, 1, 1),
}

# name, kinds, municipality code, offers, target groups, approved, shown, registered
ACTORS = [
    (
        "Astrid Påhittad (fiktiv)",
        [ActorKind.WRITER],
        "1980",
        [Offer.READING, Offer.SCHOOL_VISIT],
        [AgeGroup.AGE_6_9, AgeGroup.AGE_10_12],
        True,
        True,
        date(2019, 9, 2),
    ),
    (
        "Bildverkstaden Exempel (fiktiv)",
        [ActorKind.ILLUSTRATOR, ActorKind.WORKSHOP],
        "1983",
        [Offer.WORKSHOP],
        [AgeGroup.AGE_10_12, AgeGroup.AGE_13_15],
        True,
        True,
        date(2019, 10, 14),
    ),
    (
        "Förlaget Påhitt (fiktivt)",
        [ActorKind.PUBLISHER],
        "1981",
        [Offer.TALK],
        [AgeGroup.ADULTS],
        True,
        False,
        date(2019, 11, 5),
    ),
    (
        "Översättaren Exempelsson (fiktiv)",
        [ActorKind.TRANSLATOR],
        None,
        [Offer.READING],
        [AgeGroup.ADULTS],
        False,
        True,
        date(2019, 11, 20),
    ),
]

# title, kind, date, place, municipality code, organiser, participants per age group
WORKSHOPS = [
    (
        "Skrivarverkstad: Berätta din historia (demo)",
        ArenaKind.WORKSHOP,
        date(2019, 4, 17),
        "Västerås stadsbibliotek",
        "1980",
        "Västerås stadsbibliotek",
        {AgeGroup.AGE_10_12: 9, AgeGroup.AGE_13_15: 6},
    ),
    (
        "Serieworkshop på sportlovet (demo)",
        ArenaKind.WORKSHOP,
        date(2019, 2, 20),
        "Köpings stadsbibliotek",
        "1983",
        "Köpings stadsbibliotek",
        {AgeGroup.AGE_6_9: 7, AgeGroup.AGE_10_12: 5},
    ),
    (
        "Ungas skrivarkväll (demo)",
        ArenaKind.GROUP,
        date(2019, 10, 3),
        "Sala stadsbibliotek",
        "1981",
        "Sala stadsbibliotek och ett studieförbund",
        {AgeGroup.AGE_13_15: 4, AgeGroup.AGE_16_19: 8},
    ),
]


def load_demo(region):
    municipalities = {m.code: m for m in Municipality.objects.filter(region=region)}
    own, _ = Organisation.objects.get_or_create(
        name=REGION_ORGANISATION, defaults={"kind": OrganisationKind.REGION}
    )
    members = [(own, MemberKind.REGION)]
    members += [(Organisation.objects.get(name=name), kind) for name, kind in PARTNERS]
    for organisation, kind in members:
        NetworkMember.objects.update_or_create(
            region=region, organisation=organisation, defaults={"kind": kind}
        )

    project, _ = Project.objects.update_or_create(
        region=region, name=SPRAKFRO["name"], defaults=SPRAKFRO
    )
    project.partners.set([own, Organisation.objects.get(name="Kommunerna")])

    stockholm = ZoneInfo("Europe/Stockholm")
    for name, kinds, code, offers, groups, approved, shown, registered in ACTORS:
        # Registered in the demo year, so that the 2019 report counts the inventory.
        when = datetime.combine(registered, datetime.min.time(), stockholm)
        defaults = {
            "kinds": kinds,
            "municipality": municipalities.get(code),
            "offers": offers,
            "target_groups": groups,
            "description": "Påhittad aktör i demodata. Finns inte på riktigt.",
            "email": "fiktiv@example.org",
            "languages": "svenska",
            "show_in_directory": shown,
            "status": ModerationStatus.APPROVED if approved else ModerationStatus.PENDING,
            "moderated_at": when if approved else None,
            "is_fictitious": True,
            "consented_at": when,
        }
        actor, _ = LiteraryActor.objects.update_or_create(
            region=region,
            name=name,
            defaults=defaults,
        )
        LiteraryActor.objects.filter(pk=actor.pk).exclude(created=when).update(created=when)

    for title, kind, start, place, code, organiser, counts in WORKSHOPS:
        arena, _ = WritingArena.objects.update_or_create(
            region=region,
            title=title,
            defaults={
                "kind": kind,
                "start": start,
                "place": place,
                "municipality": municipalities.get(code),
                "organiser": organiser,
                "age_groups": list(counts),
            },
        )
        for age_group, count in counts.items():
            ArenaParticipation.objects.update_or_create(
                arena=arena, age_group=age_group, defaults={"count": count}
            )
