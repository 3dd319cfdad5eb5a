"""The app's part of the national benchmark data set (biblioteksportal/areas.py): the network
(the region, the seed's partners and each municipality's libraries) with its meetings, the
method bank, a project, each year's writing arenas and the registered literary actors."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from biblioteksportal.choices import OrganisationKind
from biblioteksportal.demo.national import FIRST_NAMES, LAST_NAMES, name_without_region
from biblioteksportal.models import Activity, Municipality, Organisation

from .choices import (
    ActorKind,
    AgeGroup,
    ArenaKind,
    MemberKind,
    ModerationStatus,
    Offer,
    ProjectPhase,
)
from .demo import PARTNERS
from .models import (
    ArenaParticipation,
    LiteraryActor,
    Method,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)

METHODS = [
    "Bokprat",
    "Läsecirkel för unga",
    "Sagostund",
    "Språkfrö-träff",
    "Bokcirkel på lätt svenska",
]
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _day(rng, first, last):
    return date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))


def generate_national(region, years, rng, scale):
    first, last = years[0].year, years[-1].year
    municipalities = list(Municipality.objects.filter(region=region))
    own = Organisation.objects.create(name=region.unit_name, kind=OrganisationKind.REGION)
    local = Organisation.objects.bulk_create(
        Organisation(name=f"Folkbiblioteken i {m.name}", kind=OrganisationKind.LIBRARY)
        for m in municipalities
    )
    members = [NetworkMember(region=region, organisation=own, kind=MemberKind.REGION)]
    members += [
        NetworkMember(
            region=region,
            organisation=Organisation.objects.get(name=name),
            kind=kind,
            since=_day(rng, first, last),
        )
        for name, kind in PARTNERS
    ]
    members += [
        NetworkMember(
            region=region,
            organisation=organisation,
            kind=MemberKind.MUNICIPAL_LIBRARY,
            municipality=municipality,
            since=_day(rng, first, last),
        )
        for municipality, organisation in zip(municipalities, local, strict=True)
    ]
    NetworkMember.objects.bulk_create(members)
    meetings = NetworkMeeting.objects.bulk_create(
        NetworkMeeting(region=region, date=_day(rng, y.year, y.year), title="Nätverksträff")
        for y in years
        for _ in range(rng.randint(2, 3))
    )
    NetworkMeeting.attendees.through.objects.bulk_create(
        NetworkMeeting.attendees.through(networkmeeting_id=meeting.pk, networkmember_id=m.pk)
        for meeting in meetings
        for m in rng.sample(members, min(len(members), 8))
    )
    Method.objects.bulk_create(
        Method(
            region=region,
            name=name,
            age_groups=rng.sample(AgeGroup.values, 2),
            description=f"{name}: en metod för läsfrämjande som biblioteken i länet delar.",
            added=_day(rng, first, last),
        )
        for name in METHODS
    )
    project = Project.objects.create(
        region=region,
        name=f"Språkfrö {name_without_region(region.name)}",
        phase=rng.choice(ProjectPhase.values),
        description="Tidig språkutveckling hos de minsta barnen.",
        start=date(first, 1, 1),
    )
    project.partners.set([own, Organisation.objects.get(name="Kommunerna")])
    project.activities.set(
        Activity.objects.filter(area_year__year=years[0], area_year__area__app="lasframjande")
    )
    _arenas(region, years, rng, scale, municipalities)
    _actors(region, first, last, rng, scale, municipalities)


def _arenas(region, years, rng, scale, municipalities):
    arenas = WritingArena.objects.bulk_create(
        WritingArena(
            region=region,
            title=f"Skrivarverkstad {y.year}",
            kind=rng.choice(ArenaKind.values),
            age_groups=groups,
            start=_day(rng, y.year, y.year),
            place=f"Biblioteket i {municipality.name}",
            municipality=municipality,
            organiser=f"Folkbiblioteken i {municipality.name}",
        )
        for y in years
        for _ in range(max(1, round(scale * (2 + len(municipalities) / 3))))
        for municipality in [rng.choice(municipalities)]
        for groups in [rng.sample(AgeGroup.values[1:5], rng.randint(1, 3))]
    )
    ArenaParticipation.objects.bulk_create(
        ArenaParticipation(arena=arena, age_group=group, count=rng.randint(3, 15))
        for arena in arenas
        for group in arena.age_groups
    )


def _actors(region, first, last, rng, scale, municipalities):
    first_names, last_names = FIRST_NAMES.split(), LAST_NAMES.split()
    actors = []
    for i in range(max(1, round(scale * (5 + 2 * len(municipalities))))):
        registered = datetime.combine(_day(rng, first, last), datetime.min.time(), STOCKHOLM)
        approved = rng.random() < 0.85
        actors.append(
            LiteraryActor(
                region=region,
                name=f"{rng.choice(first_names)} {rng.choice(last_names)} (fiktiv)",
                kinds=rng.sample(ActorKind.values, rng.randint(1, 2)),
                municipality=rng.choice([*municipalities, None]),
                offers=rng.sample(Offer.values, rng.randint(1, 3)),
                target_groups=rng.sample(AgeGroup.values, rng.randint(1, 3)),
                description="Påhittad aktör i testdata för prestandamätning.",
                email=f"aktor{i}@example.org",
                languages="svenska",
                consented_at=registered,
                show_in_directory=rng.random() < 0.9,
                status=ModerationStatus.APPROVED if approved else ModerationStatus.PENDING,
                moderated_at=registered + timedelta(days=3) if approved else None,
                is_fictitious=True,
            )
        )
    LiteraryActor.objects.bulk_create(actors)
    for actor in actors:
        actor.created = actor.consented_at
    LiteraryActor.objects.bulk_update(actors, ["created"])
