"""The indicator dashboard of an activity year: each development area's indicators with
their targets, outcomes and traffic lights per round, their trend over the years and the
municipalities' values, or one municipality's beside the county's, with its downloads. The
page keeps its body while the region's data is the same (caching.py); its download is built
only when asked for."""

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from biblioteksportal import caching, tables
from biblioteksportal.access import one_region, readers

from . import queries
from .forms import MunicipalityFilter


@readers
@one_region
def dashboard(request, region, year):
    year = queries.year_of(region, year)
    filters = MunicipalityFilter(request.GET, region)
    municipality = filters.values()["kommun"]
    found = SimpleLazyObject(lambda: queries.dashboard(region, year, municipality))
    if request.GET.get("format") in tables.FORMATS:
        return tables.download(request, f"nyckeltal-{year.year}", *found.tables)
    context = {
        "dashboard": found,
        "year": year,
        "region": region,
        "filters": filters,
        "municipality": municipality,
        "fragment": caching.fragment(request, region.pk),
    }
    return render(request, "followup/dashboard.html", context)
