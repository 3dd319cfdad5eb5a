"""Demo data of 5.1.2 for 2019: the four training events named in the annual report, the
autumn 2018 self-assessment with generated answers, workshops in six municipalities and
KB's grant.

The report names the events, their partners and Katrineholm, not their dates, times,
capacities or participants: those, and the answers, are generated for the demo.
"""

import random
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from biblioteksportal.choices import AreaApp
from biblioteksportal.models import DevelopmentArea, Library, Municipality, Organisation

from . import stats
from .choices import DigComp, EventKind, RegistrationStatus
from .models import (
    Answer,
    AssessmentRound,
    Grant,
    Registration,
    Response,
    Statement,
    Topic,
    TrainingEvent,
    Workshop,
)

TOPICS = {
    "mik": "MIK (medie- och informationskunnighet)",
    "källkritik": "Digital källkritik",
    "sökprocess": "Informationssökningsprocessen",
    "integritet": "Integritet och säkerhet",
    "barn": "Digitalt först för barn och unga",
    "ledarskap": "Ledarskap i digital transformation",
    "design": "Design thinking",
}

# title, kind, day, (start hour, end hour), place, partners, topics, DigComp areas
EVENTS = [
    (
        "Fördjupning i digital källkritik, del 1",
        EventKind.HALF_DAY,
        date(2019, 3, 14),
        (13, 16),
        "Västerås stadsbibliotek",
        ["Mikoteket"],
        ["källkritik", "mik"],
        [DigComp.INFORMATION, DigComp.SAFETY],
    ),
    (
        "Fördjupning i digital källkritik, del 2",
        EventKind.HALF_DAY,
        date(2019, 10, 10),
        (13, 16),
        "Västerås stadsbibliotek",
        ["Mikoteket"],
        ["källkritik", "mik"],
        [DigComp.INFORMATION, DigComp.SAFETY],
    ),
    (
        "Informationssökningsprocessen",
        EventKind.FULL_DAY,
        date(2019, 5, 21),
        (9, 16),
        "Västerås stadsbibliotek",
        ["Bibliotekshögskolan i Borås"],
        ["sökprocess", "mik"],
        [DigComp.INFORMATION, DigComp.PROBLEM_SOLVING],
    ),
    (
        "Digitalt först för barn och unga",
        EventKind.FULL_DAY,
        date(2019, 11, 14),
        (9, 16),
        "Katrineholm",
        [
            "Regional biblioteksverksamhet Södermanland",
            "Regional biblioteksverksamhet Östergötland",
        ],
        ["barn"],
        [DigComp.COMMUNICATION, DigComp.CONTENT],
    ),
]

STATEMENTS = [
    (DigComp.INFORMATION, "Jag kan söka och värdera information från digitala källor."),
    (DigComp.INFORMATION, "Jag kan hjälpa en låntagare att granska en nyhet källkritiskt."),
    (DigComp.INFORMATION, "Jag kan organisera och spara digital information."),
    (DigComp.COMMUNICATION, "Jag kan samarbeta med kollegor i digitala verktyg."),
    (DigComp.COMMUNICATION, "Jag kan visa låntagare e-tjänster från myndigheter."),
    (DigComp.COMMUNICATION, "Jag vet hur jag uppträder respektfullt i digitala miljöer."),
    (DigComp.CONTENT, "Jag kan skapa enkla filmer, bilder eller texter digitalt."),
    (DigComp.CONTENT, "Jag kan förklara upphovsrätt och licenser som Creative Commons."),
    (DigComp.CONTENT, "Jag kan leda en enkel programmeringsaktivitet för barn."),
    (DigComp.SAFETY, "Jag kan skydda mina enheter och personuppgifter."),
    (DigComp.SAFETY, "Jag kan ge råd om säkra lösenord och tvåfaktorsinloggning."),
    (DigComp.SAFETY, "Jag känner till hur digital teknik påverkar hälsa och miljö."),
    (DigComp.PROBLEM_SOLVING, "Jag kan lösa vanliga tekniska problem på bibliotekets datorer."),
    (DigComp.PROBLEM_SOLVING, "Jag hittar själv sätt att lära mig nya digitala verktyg."),
    (DigComp.PROBLEM_SOLVING, "Jag kan välja digitala verktyg som passar en uppgift."),
]

# answer sheets per municipality code; Skinnskatteberg's few answers show the threshold
RESPONSES = {
    "1904": 4,
    "1907": 8,
    "1960": 7,
    "1961": 12,
    "1962": 6,
    "1980": 45,
    "1981": 14,
    "1982": 11,
    "1983": 15,
    "1984": 10,
}
WORKSHOPS = ["1980", "1983", "1981", "1982", "1984", "1961"]


def event_moment(day, hour, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@transaction.atomic
def load_demo(region):
    organisations = {o.name: o for o in Organisation.objects.all()}
    topics = {key: Topic.objects.get_or_create(name=name)[0] for key, name in TOPICS.items()}
    rng = random.Random(2019)
    libraries = list(Library.objects.filter(region=region).order_by("name"))
    for title, kind, day, (start, end), place, partners, topic_keys, areas in EVENTS:
        event, _created = TrainingEvent.objects.update_or_create(
            region=region,
            title=title,
            defaults={
                "kind": kind,
                "start": event_moment(day, start),
                "end": event_moment(day, end),
                "place": place,
                "capacity": 30,
                "registration_deadline": event_moment(day - timedelta(days=14), 23, 59),
                "digcomp": areas,
            },
        )
        event.partners.set([organisations[name] for name in partners])
        event.topics.set([topics[key] for key in topic_keys])
        _participants(event, libraries, rng.randint(14, 28))

    round, _created = AssessmentRound.objects.update_or_create(
        region=region, name="Hösten 2018", defaults={"held": date(2018, 11, 15)}
    )
    statements = [
        Statement.objects.update_or_create(
            round=round,
            code=f"P{position}",
            defaults={"area": area, "text": text, "position": position},
        )[0]
        for position, (area, text) in enumerate(STATEMENTS, start=1)
    ]
    municipalities = {m.code: m for m in Municipality.objects.filter(region=region)}
    if not round.responses.exists():
        _responses(round, statements, municipalities, random.Random(2018))

    results = stats.round_results(round, municipalities.values())
    weakest = {row["municipality"].code: row["weakest"] for row in results["rows"]}
    for i, code in enumerate(WORKSHOPS):
        municipality = municipalities[code]
        day = date(2019, 3, 12) + timedelta(weeks=3 * i)
        event, _created = TrainingEvent.objects.update_or_create(
            region=region,
            title=f"Workshop i digital kompetens, {municipality.name}",
            defaults={
                "kind": EventKind.WORKSHOP,
                "start": event_moment(day, 13),
                "end": event_moment(day, 16),
                "place": municipality.libraries.order_by("name").first().name,
                "capacity": 25,
                "digcomp": weakest[code],
                "description": "Workshop utifrån kommunens svar på självskattningstestet.",
            },
        )
        Workshop.objects.update_or_create(
            round=round,
            municipality=municipality,
            defaults={"event": event, "themes": weakest[code]},
        )

    Grant.objects.update_or_create(
        region=region,
        programme="Digitalt först – med användaren i fokus",
        defaults={
            "funder": organisations["Kungliga biblioteket"],
            "amount": 440000,
            "start": date(2019, 1, 1),
            "end": date(2020, 12, 31),
            "area": DevelopmentArea.objects.filter(region=region, app=AreaApp.KOMPETENS).first(),
        },
    )


def _participants(event, libraries, n):
    """Attendees of a 2019 event, already anonymised as the retention rule requires."""
    if event.registrations.exists():
        return
    Registration.objects.bulk_create(
        Registration(
            event=event,
            library=libraries[i % len(libraries)],
            status=RegistrationStatus.CONFIRMED,
            attended=True,
            anonymised=timezone.now(),
        )
        for i in range(n)
    )


def _responses(round, statements, municipalities, rng):
    levels = {area: rng.uniform(3.5, 5.5) for area in DigComp.values}
    for code, n in RESPONSES.items():
        local = {area: level + rng.uniform(-1, 1) for area, level in levels.items()}
        for _i in range(n):
            response = Response.objects.create(
                round=round, municipality=municipalities[code], team=rng.choice(["A", "B", "C"])
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    statement=statement,
                    value=min(7, max(1, round_value(rng.gauss(local[statement.area], 1.1)))),
                )
                for statement in statements
            )


def round_value(x):
    return int(x + 0.5)
