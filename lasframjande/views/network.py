"""The pages of the county's reading promotion for library heads and regional staff: the
network, its projects, the method bank, the writing arenas and the events for adults who
work with children. Each download is a declared table; the pages show cards, but for the
events' flat table."""

from django.utils.translation import gettext_lazy as _

from biblioteksportal.access import readers
from biblioteksportal.tables import Table, respond
from kompetens.interface import events_for_adults_with_children

from .. import queries
from ..tables import ADULTS, ARENAS, METHODS, NETWORK, PROJECTS


@readers
def network(request):
    """The members grouped by kind (a row group per kind, hand-written HTML) and by
    municipality, and the meetings; the download is the declared table NETWORK."""
    kinds, municipalities, meetings = queries.network(request.user)
    members = [member for _kind, group in kinds for member in group]
    context = {"kinds": kinds, "municipalities": municipalities, "meetings": meetings}
    return respond(
        request, "lasframjande/network.html", context, "natverket", Table(NETWORK, members)
    )


@readers
def projects(request):
    projects = queries.projects(request.user)
    return respond(
        request,
        "lasframjande/projects.html",
        {"projects": projects},
        "projekt",
        Table(PROJECTS, projects),
    )


@readers
def methods(request):
    methods = queries.methods(request.user)
    return respond(
        request,
        "lasframjande/methods.html",
        {"methods": methods},
        "metodbank",
        Table(METHODS, methods),
    )


@readers
def arenas(request):
    """The arenas as cards, after their participants per age group (a table with its total
    in the footer, hand-written HTML); the download is the declared table ARENAS."""
    arenas, age_groups, total = queries.arenas(request.user)
    context = {"arenas": arenas, "age_groups": age_groups, "total": total}
    return respond(
        request, "lasframjande/arenas.html", context, "skrivarenor", Table(ARENAS, arenas)
    )


@readers
def adults(request):
    """The competence app's events for adults who work with children (read-only here)."""
    table = Table(
        ADULTS,
        events_for_adults_with_children(request.user),
        caption=_("Utbildningstillfällen"),
        empty=_("Inga tillfällen för vuxna som arbetar med barn är registrerade ännu."),
    )
    return respond(
        request, "lasframjande/adults.html", {"table": table}, "vuxna-som-arbetar-med-barn", table
    )
