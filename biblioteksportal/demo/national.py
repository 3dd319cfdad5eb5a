"""A national-scale data set for the benchmarks: Sweden's 21 regions and 290 municipalities,
their libraries, staffing and ten years of the yearly frame (areas, goals, activities,
outcomes), then each area app's records through its `generate_national` hook.

Deterministic for a seed (each region draws from its own random generator); creates no users.
The texts are the seed report's, with the region's name put in.
"""

import random
import time
from datetime import date, timedelta

from django.db import connection, transaction

from ..areas import area_apps
from ..choices import ActivityStatus, EmploymentKind, GoalKind, LibraryKind
from ..models import (
    Activity,
    AreaYear,
    DevelopmentArea,
    Goal,
    IntroSection,
    Library,
    Municipality,
    Organisation,
    Outcome,
    Person,
    Region,
    Responsibility,
    Staffing,
    Year,
)
from . import seed2019 as seed
from .indicators import generate_followup, national_series
from .sweden import REGIONS, municipalities

LAST_YEAR = 2026
FIRST_NAMES = "Anna Erik Maria Lars Karin Anders Sara Johan Emma Per Lena Nils Eva Olof Ida Sven"
LAST_NAMES = "Andersson Berg Lindqvist Nyström Holm Sandberg Ek Lund Håkansson Strand Forsberg Wik"
REASONS = [
    "Ingen personalkapacitet.",
    "Flyttad till nästa år i samråd med kommunerna.",
    "För få anmälda.",
    "Finansieringen blev inte klar.",
]
PAST = {"done": 75, "ongoing": 10, "postponed": 10, "cancelled": 5}
CURRENT = {"planned": 30, "ongoing": 50, "done": 15, "postponed": 5}


def local(text, region):
    """A seed text of Region Västmanland, said of `region`."""
    return text.replace("Region Västmanland", region.name).replace(
        "Västmanland", name_without_region(region.name)
    )


def generate(years=10, scale=1.0, seed_value=1, log=print):
    """Generate the data set in one transaction; returns the seconds it took per stage."""
    numbers = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    timings = {}
    with transaction.atomic():
        # Foreign keys are checked at each statement, not queued to the commit: a queue of
        # millions of checks makes every row slower than the one before.
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
        organisations = national_organisations()
        series = national_series()
        started = time.perf_counter()
        regions = [_region(spec, random.Random(f"{seed_value}-{spec[0]}")) for spec in REGIONS]
        timings["regioner, kommuner, bibliotek"] = time.perf_counter() - started
        for region in regions:
            stage = time.perf_counter()
            year_objs = frame(region, numbers, scale, seed_value, organisations)
            spent = {"ram": time.perf_counter() - stage}
            stage = time.perf_counter()
            rng = random.Random(f"{seed_value}-{region.code}-followup")
            generate_followup(region, year_objs, rng, LAST_YEAR, series)
            spent["uppföljning"] = time.perf_counter() - stage
            for config in area_apps():
                if config.hook("generate_national"):
                    stage = time.perf_counter()
                    app_rng = random.Random(f"{seed_value}-{region.code}-{config.label}")
                    config.generate_national(region, year_objs, app_rng, scale)
                    spent[config.label] = time.perf_counter() - stage
            for name, seconds in spent.items():
                timings[name] = timings.get(name, 0) + seconds
            log(f"{region.name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items()))
    return timings


def national_organisations():
    """The national organisations every region's frame names, by name."""
    return {
        name: Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind}
        )[0]
        for name, short, kind in seed.ORGANISATIONS
    }


def one_region(code, seed_value=1):
    """One region of the data set, with its municipalities and libraries."""
    spec = next(spec for spec in REGIONS if spec[0] == code)
    return _region(spec, random.Random(f"{seed_value}-{code}"))


def frame(region, numbers, scale, seed_value=1, organisations=None):
    """The region's years (`numbers`) with their areas, goals, activities and outcomes."""
    rng = random.Random(f"{seed_value}-{region.code}-frame")
    return _frame(region, numbers, rng, scale, organisations or national_organisations())


def _region(spec, rng):
    code, name, slug, text = spec
    region = Region.objects.create(
        code=code,
        name=name,
        slug=slug,
        portal_name=f"Bibliotek i {name_without_region(name)}",
        unit_name=f"Regional biblioteksverksamhet, {name}",
        contact=f"{name}\nRegional biblioteksverksamhet",
        signatory=f"Regionbibliotekarie, {name}",
    )
    created = Municipality.objects.bulk_create(
        Municipality(region=region, code=c, name=n) for c, n in municipalities(text)
    )
    libraries = [Library(region=region, name="Sjukhusbiblioteket", kind=LibraryKind.HOSPITAL)]
    for municipality in created:
        libraries.append(
            Library(
                region=region,
                municipality=municipality,
                name=f"{municipality.name} huvudbibliotek",
                kind=LibraryKind.MAIN,
            )
        )
        # Codes ending in 80–89 are mostly the county's larger towns: more branches.
        branches = rng.randint(0, 3) + (4 if municipality.code[2] == "8" else 0)
        libraries += [
            Library(
                region=region,
                municipality=municipality,
                name=f"{municipality.name}, filial {i}",
                kind=LibraryKind.BRANCH,
            )
            for i in range(1, branches + 1)
        ]
    Library.objects.bulk_create(libraries)
    return region


def _frame(region, numbers, rng, scale, organisations):
    """Intro sections, staffing and the yearly frame of `region`; returns its Year rows."""
    IntroSection.objects.bulk_create(
        IntroSection(region=region, number=n, title=t, body=local(b, region), position=i)
        for i, (n, t, b) in enumerate(seed.INTRO_SECTIONS, start=1)
    )
    people = _staffing(region, numbers, rng)
    municipalities_ = list(region.municipalities.all())
    areas = DevelopmentArea.objects.bulk_create(
        DevelopmentArea(region=region, app=spec["app"], name=spec["name"], position=i)
        for i, spec in enumerate(seed.AREAS, start=1)
    )
    years = Year.objects.bulk_create(
        Year(
            region=region,
            year=n,
            staff_summary=f"Inom {region.unit_name} fanns {len(people)} medarbetare {n}.",
            areas_intro=seed.AREAS_INTRO,
        )
        for n in numbers
    )
    pairs = [
        (year, area, spec) for year in years for area, spec in zip(areas, seed.AREAS, strict=True)
    ]
    area_years = AreaYear.objects.bulk_create(
        AreaYear(area=area, year=year, intro=local(spec["intro"], region))
        for year, area, spec in pairs
    )
    partners, goals = [], []
    for area_year, (_year, _area, spec) in zip(area_years, pairs, strict=True):
        area_year.partner_objs = [organisations[name] for name in spec["partners"]]
        partners += [
            AreaYear.partners.through(areayear_id=area_year.pk, organisation_id=o.pk)
            for o in area_year.partner_objs
        ]
        texts = [(GoalKind.AIM, t) for t in spec["aims"]]
        texts += [(GoalKind.SUBGOAL, t) for t in spec["subgoals"]]
        area_year.goal_objs = [
            Goal(area_year=area_year, kind=kind, text=text, position=i)
            for i, (kind, text) in enumerate(texts, start=1)
        ]
        goals += area_year.goal_objs
    AreaYear.partners.through.objects.bulk_create(partners)
    Goal.objects.bulk_create(goals)
    _activities(area_years, pairs, rng, scale, people, municipalities_)
    return years


def name_without_region(name):
    """The county's own name: "Stockholm" of "Region Stockholm"."""
    return {"Västra Götalandsregionen": "Västra Götaland"}.get(name, name.removeprefix("Region "))


def _staffing(region, numbers, rng):
    responsibilities = Responsibility.objects.bulk_create(
        Responsibility(region=region, name=name) for name in seed.RESPONSIBILITIES.values()
    )
    first_names, last_names = FIRST_NAMES.split(), LAST_NAMES.split()
    people = Person.objects.bulk_create(
        Person(region=region, name=f"{rng.choice(first_names)} {rng.choice(last_names)}")
        for _ in range(rng.randint(5, 10))
    )
    rows = []
    for i, person in enumerate(people):
        responsibility = responsibilities[i % len(responsibilities)]
        start = date(numbers[0], 1, 1)
        while start.year <= numbers[-1]:
            end = start + timedelta(days=rng.randint(200, 1500))
            employment = rng.choices(list(EmploymentKind), [8, 2, 1])[0]
            percent = None if employment == EmploymentKind.HOURLY else rng.choice([50, 75, 100])
            last = end.year > numbers[-1]
            rows.append(
                Staffing(
                    person=person,
                    responsibility=responsibility,
                    employment=employment,
                    percent=percent,
                    start=start,
                    end=None if last else end,
                )
            )
            start = end + timedelta(days=1)
    Staffing.objects.bulk_create(rows)
    return people


def _activities(area_years, pairs, rng, scale, people, municipalities_):
    """Activities, sub-activities and their links for each area's year, and the outcomes of
    the years that have ended."""
    tops, children = [], []
    for area_year, (year, _area, spec) in zip(area_years, pairs, strict=True):
        titles = [a[0] for a in spec["activities"]] or spec["aims"]
        for i in range(max(1, round(scale * rng.randint(8, 14)))):
            title = titles[i % len(titles)][:280]
            if i >= len(titles):
                title += f" – etapp {i // len(titles) + 1}"
            top = _activity(area_year, year.year, title, i, rng)
            tops.append(top)
            for k in range(1, rng.choice([0, 0, 0, 1, 2, 3]) + 1):
                child = _activity(area_year, year.year, f"{title}: delmoment {k}", k, rng)
                child.parent = top
                children.append(child)
    Activity.objects.bulk_create(tops)
    Activity.objects.bulk_create(children)
    links = {
        field.through: []
        for field in (
            Activity.goals,
            Activity.responsible,
            Activity.partners,
            Activity.municipalities,
        )
    }
    for activity in tops + children:
        area_year = activity.area_year
        for goal in rng.sample(area_year.goal_objs, min(2, len(area_year.goal_objs))):
            links[Activity.goals.through].append(
                Activity.goals.through(activity_id=activity.pk, goal_id=goal.pk)
            )
        for person in rng.sample(people, rng.randint(1, 2)):
            links[Activity.responsible.through].append(
                Activity.responsible.through(activity_id=activity.pk, person_id=person.pk)
            )
        for partner in rng.sample(area_year.partner_objs, min(len(area_year.partner_objs), 2)):
            links[Activity.partners.through].append(
                Activity.partners.through(activity_id=activity.pk, organisation_id=partner.pk)
            )
        kind = rng.random()
        involved = (
            municipalities_
            if kind < 0.25
            else rng.sample(municipalities_, min(len(municipalities_), rng.randint(1, 4)))
            if kind < 0.75
            else []
        )
        links[Activity.municipalities.through] += [
            Activity.municipalities.through(activity_id=activity.pk, municipality_id=m.pk)
            for m in involved
        ]
    for model, rows in links.items():
        model.objects.bulk_create(rows)
    outcomes = []
    for area_year, (year, _area, _spec) in zip(area_years, pairs, strict=True):
        if year.year < LAST_YEAR:
            done = [a for a in tops + children if a.area_year is area_year]
            counts = {s: sum(a.status == s for a in done) for s in ActivityStatus}
            outcomes.append(
                Outcome(
                    area_year=area_year,
                    narrative=(
                        f"Under {year.year} genomfördes {counts['done']} av {len(done)} "
                        f"aktiviteter inom området; {counts['postponed']} sköts upp och "
                        f"{counts['cancelled']} ställdes in."
                    ),
                )
            )
    Outcome.objects.bulk_create(outcomes)


def _activity(area_year, year, title, position, rng):
    weights = CURRENT if year == LAST_YEAR else PAST
    status = rng.choices(list(weights), list(weights.values()))[0]
    start = date(year, rng.randint(1, 10), 1)
    return Activity(
        area_year=area_year,
        title=title,
        position=position,
        status=status,
        status_reason=rng.choice(REASONS) if status in ("postponed", "cancelled") else "",
        start=start,
        end=start + timedelta(days=rng.randint(0, 60)),
    )
