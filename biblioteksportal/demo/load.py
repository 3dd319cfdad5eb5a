"""Loads the core demo data: Region Västmanland and its 2019 frame, from seed2019."""

from django.db import transaction

from ..choices import GoalKind, LibraryKind
from ..models import (
    AccessibilityShortcoming,
    AccessibilityStatement,
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
from .indicators import load_indicators


def _activity(area_year, position, spec, responsible, parent=None):
    title, status, reason, *children = spec
    activity, _ = Activity.objects.update_or_create(
        area_year=area_year,
        title=title,
        defaults={
            "status": status,
            "status_reason": reason,
            "position": position,
            "parent": parent,
        },
    )
    activity.responsible.set(responsible)
    for child_position, child in enumerate(children[0] if children else [], start=1):
        _activity(area_year, child_position, child, responsible, parent=activity)


@transaction.atomic
def load_core():
    region, _ = Region.objects.update_or_create(code=seed.REGION["code"], defaults=seed.REGION)
    for name, code, library in seed.MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(
            code=code, defaults={"name": name, "region": region}
        )
        Library.objects.update_or_create(
            region=region,
            name=library,
            defaults={"municipality": municipality, "kind": LibraryKind.MAIN},
        )
    Library.objects.update_or_create(
        region=region,
        name=seed.HOSPITAL_LIBRARY,
        defaults={"municipality": None, "kind": LibraryKind.HOSPITAL},
    )
    organisations = {}
    for name, short_name, kind in seed.ORGANISATIONS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind}
        )
    for position, (number, title, body) in enumerate(seed.INTRO_SECTIONS, start=1):
        IntroSection.objects.update_or_create(
            region=region,
            number=number,
            defaults={"title": title, "body": body, "position": position},
        )
    statement, _ = AccessibilityStatement.objects.update_or_create(
        region=region, defaults=seed.ACCESSIBILITY_STATEMENT
    )
    for position, shortcoming in enumerate(seed.ACCESSIBILITY_SHORTCOMINGS, start=1):
        AccessibilityShortcoming.objects.update_or_create(
            statement=statement, position=position, defaults=shortcoming
        )

    people = {}
    for name, key, employment, percent, start, end in seed.STAFFING:
        if name not in people:
            people[name], _ = Person.objects.get_or_create(region=region, name=name)
        responsibility, _ = Responsibility.objects.get_or_create(
            region=region, name=seed.RESPONSIBILITIES[key]
        )
        Staffing.objects.update_or_create(
            person=people[name],
            responsibility=responsibility,
            start=start,
            defaults={"employment": employment, "percent": percent, "end": end},
        )

    year, _ = Year.objects.update_or_create(
        region=region,
        year=seed.YEAR,
        defaults={"staff_summary": seed.STAFF_SUMMARY, "areas_intro": seed.AREAS_INTRO},
    )
    for position, spec in enumerate(seed.AREAS, start=1):
        area, _ = DevelopmentArea.objects.update_or_create(
            region=region, app=spec["app"], defaults={"name": spec["name"], "position": position}
        )
        area_year, _ = AreaYear.objects.update_or_create(
            area=area, year=year, defaults={"intro": spec["intro"]}
        )
        area_year.partners.set([organisations[name] for name in spec["partners"]])
        goals = [(GoalKind.AIM, text) for text in spec["aims"]]
        goals += [(GoalKind.SUBGOAL, text) for text in spec["subgoals"]]
        for goal_position, (kind, text) in enumerate(goals, start=1):
            Goal.objects.update_or_create(
                area_year=area_year, text=text, defaults={"kind": kind, "position": goal_position}
            )
        responsible = [people[name] for name in spec["responsible"]]
        for activity_position, activity in enumerate(spec["activities"], start=1):
            _activity(area_year, activity_position, activity, responsible)
        for title in spec.get("all_municipalities", []):
            Activity.objects.get(area_year=area_year, title=title).municipalities.set(
                Municipality.objects.filter(region=region)
            )
        if spec["outcome"]:
            Outcome.objects.update_or_create(
                area_year=area_year, defaults={"narrative": spec["outcome"]}
            )
    load_indicators(year)
    return region
