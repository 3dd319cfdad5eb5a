"""The indicator dashboard of an activity year: each development area's indicators with
their targets, outcomes and traffic lights per round, their trend over the years and the
municipalities' values, with its downloads."""

from biblioteksportal.access import one_region, readers
from biblioteksportal.tables import respond

from . import queries


@readers
@one_region
def dashboard(request, region, year):
    found = queries.dashboard(region, year)
    context = {"dashboard": found, "year": found.year, "region": region}
    return respond(request, "followup/dashboard.html", context, f"nyckeltal-{year}", *found.tables)
