"""The app's part of the national benchmark data set (biblioteksportal/areas.py): each year's
training events with their registrations, a self-assessment round every third year with
answers from every municipality and workshops after it, and a grant."""

from datetime import date, timedelta

from django.utils import timezone

from biblioteksportal.choices import AreaApp
from biblioteksportal.models import DevelopmentArea, Library, Municipality, Organisation

from .choices import Audience, DigComp, EventKind, EventStatus, RegistrationStatus
from .demo import EVENTS, STATEMENTS, TOPICS, event_moment
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

KINDS = [EventKind.HALF_DAY, EventKind.FULL_DAY, EventKind.WEBINAR, EventKind.COMPETENCE_DAY]
AUDIENCES = {Audience.LIBRARY_STAFF: 85, Audience.CHILDREN_ADULTS: 10, Audience.LIBRARY_HEADS: 5}


def generate_national(region, years, rng, scale):
    municipalities = list(Municipality.objects.filter(region=region))
    libraries = list(Library.objects.filter(region=region).order_by("pk"))
    topics = [Topic.objects.get_or_create(name=name)[0] for name in TOPICS.values()]
    titles = [spec[0] for spec in EVENTS] + [topic.name for topic in topics]
    events = []
    for year in years:
        for _ in range(max(1, round(scale * (6 + 1.2 * len(municipalities))))):
            day = date(year.year, rng.randint(1, 12), rng.randint(1, 28))
            kind = rng.choice(KINDS)
            hour = rng.choice([9, 13])
            events.append(
                TrainingEvent(
                    region=region,
                    title=rng.choice(titles),
                    kind=kind,
                    audience=rng.choices(list(AUDIENCES), list(AUDIENCES.values()))[0],
                    digcomp=rng.sample(DigComp.values, 2),
                    start=event_moment(day, hour),
                    end=event_moment(day, hour + 3),
                    place="" if kind == EventKind.WEBINAR else rng.choice(libraries).name,
                    online_url="https://meet.example.org/" if kind == EventKind.WEBINAR else "",
                    capacity=rng.choice([20, 25, 30, 40]),
                    registration_deadline=event_moment(day - timedelta(days=14), 23, 59),
                    status=EventStatus.CANCELLED if rng.random() < 0.04 else EventStatus.PLANNED,
                )
            )
    workshop_events, workshops = _assessment(region, years, rng, scale, municipalities, libraries)
    events += workshop_events
    TrainingEvent.objects.bulk_create(events)
    TrainingEvent.topics.through.objects.bulk_create(
        TrainingEvent.topics.through(trainingevent_id=event.pk, topic_id=topic.pk)
        for event in events
        for topic in rng.sample(topics, rng.randint(1, 2))
    )
    Workshop.objects.bulk_create(workshops)
    registrations = []
    for event in events:
        registrations += _registrations(event, rng, libraries)
    Registration.objects.bulk_create(registrations, batch_size=5000)
    first = years[0].year
    Grant.objects.create(
        region=region,
        funder=Organisation.objects.get(name="Kungliga biblioteket"),
        programme="Digitalt först – med användaren i fokus",
        amount=rng.randrange(200_000, 600_000, 10_000),
        start=date(first, 1, 1),
        end=date(first + 3, 12, 31),
        area=DevelopmentArea.objects.filter(region=region, app=AreaApp.KOMPETENS).first(),
    )


def _registrations(event, rng, libraries):
    """Registrations up to a little over capacity; past events' attendance marked and, after
    a year, their names and e-mail blanked as the retention rule does."""
    now = timezone.now()
    past = event.end < now
    anonymised = event.end + timedelta(days=365)
    rows = []
    for k in range(rng.randint(event.capacity // 2, event.capacity + 5)):
        status = RegistrationStatus.CONFIRMED if k < event.capacity else RegistrationStatus.WAITING
        if rng.random() < 0.05:
            status = RegistrationStatus.CANCELLED
        attended = past and status == RegistrationStatus.CONFIRMED and rng.random() < 0.9
        blank = anonymised < now
        rows.append(
            Registration(
                event=event,
                name="" if blank else f"Deltagare {k + 1}",
                email="" if blank else f"deltagare{k + 1}.{event.pk}@example.org",
                library=rng.choice(libraries),
                status=status,
                attended=attended,
                anonymised=anonymised if blank else None,
            )
        )
    return rows


def _assessment(region, years, rng, scale, municipalities, libraries):
    """A round every third year with its answers; returns the workshops after it, and their
    events the next spring, unsaved (saved with the year's events)."""
    events, workshops = [], []
    numbers = {year.year for year in years}
    for year in years[::3]:
        survey = AssessmentRound.objects.create(
            region=region, name=f"Hösten {year.year}", held=date(year.year, 11, 15)
        )
        statements = Statement.objects.bulk_create(
            Statement(round=survey, code=f"P{i}", area=area, text=text, position=i)
            for i, (area, text) in enumerate(STATEMENTS, start=1)
        )
        levels = {area: rng.uniform(3.5, 5.5) for area in DigComp.values}
        responses = Response.objects.bulk_create(
            Response(round=survey, municipality=municipality, team=rng.choice("ABC"))
            for municipality in municipalities
            for _ in range(max(1, round(scale * rng.randint(2, 25))))
        )
        Answer.objects.bulk_create(
            (
                Answer(
                    response=response,
                    statement=statement,
                    value=min(7, max(1, round(rng.gauss(levels[statement.area], 1.2)))),
                )
                for response in responses
                for statement in statements
            ),
            batch_size=5000,
        )
        for municipality in rng.sample(municipalities, len(municipalities) * 2 // 3):
            event = None
            if year.year + 1 in numbers:
                day = date(year.year + 1, rng.randint(2, 5), rng.randint(1, 28))
                event = TrainingEvent(
                    region=region,
                    title=f"Workshop i digital kompetens, {municipality.name}",
                    kind=EventKind.WORKSHOP,
                    start=event_moment(day, 13),
                    end=event_moment(day, 16),
                    place=rng.choice(libraries).name,
                    capacity=25,
                )
                events.append(event)
            workshops.append(
                Workshop(
                    round=survey,
                    municipality=municipality,
                    event=event,
                    themes=rng.sample(DigComp.values, 2),
                )
            )
    return events, workshops
