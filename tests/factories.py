"""Small builders for the core's yearly frame, and a real one-page PDF."""

import io

from pypdf import PdfWriter

from biblioteksportal.choices import ActivityStatus, AreaApp, GoalKind
from biblioteksportal.models import (
    Activity,
    AreaYear,
    DevelopmentArea,
    Goal,
    Organisation,
    Outcome,
    Person,
    Year,
)


def make_frame(region, year=2019, municipalities=(), areas=AreaApp):
    """A year with every area, each with a partner, a goal, an activity and an outcome."""
    year_obj = Year.objects.create(region=region, year=year)
    for position, app in enumerate(areas, start=1):
        area, _ = DevelopmentArea.objects.get_or_create(
            region=region, app=app, defaults={"name": app.label, "position": position}
        )
        area_year = AreaYear.objects.create(area=area, year=year_obj)
        grow_area_year(area_year, 1, municipalities)
        Outcome.objects.create(area_year=area_year, narrative=f"Utfall för {app.label}.")
    return year_obj


def grow_area_year(area_year, n, municipalities=()):
    """Adds n partners, goals, and activities (each with a sub-activity) to an area's year."""
    start = area_year.activities.count()
    for i in range(start, start + n):
        partner = Organisation.objects.create(
            name=f"Partner {area_year.pk}-{i}", kind="association"
        )
        area_year.partners.add(partner)
        goal = Goal.objects.create(
            area_year=area_year, kind=GoalKind.SUBGOAL, text=f"Delmål {i}", position=i
        )
        person = Person.objects.create(region=area_year.year.region, name=f"Person {i}")
        activity = Activity.objects.create(
            area_year=area_year, title=f"Aktivitet {i}", status=ActivityStatus.DONE, position=i
        )
        activity.goals.add(goal)
        activity.responsible.add(person)
        activity.partners.add(partner)
        activity.municipalities.add(*municipalities)
        Activity.objects.create(
            area_year=area_year,
            parent=activity,
            title=f"Delaktivitet {i}",
            status=ActivityStatus.POSTPONED,
            status_reason="Ingen personalkapacitet.",
        )


def make_pdf():
    """The bytes of a valid PDF with one blank page."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
