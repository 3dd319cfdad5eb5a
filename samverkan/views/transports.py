from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from biblioteksportal.access import readers
from biblioteksportal.tables import Column, Table, respond

from .. import queries


def visits(row):
    return "; ".join(
        f"{route.name} ({route.carrier})" + (f" {stop.time:%H:%M}" if stop.time else "")
        for route, stop in row["visits"]
    )


def no_transport(row):
    if not row["days"]:
        return format_html('<span class="sv-muted">{}</span>', _("ingen transport"))
    return None


@readers
def transports(request):
    today = timezone.localdate()
    routes, libraries = queries.transports(request.user, today)
    days = Table(
        [
            Column(_("Bibliotek"), lambda row: row["library"].name),
            Column(_("Dagar"), lambda row: ", ".join(map(str, row["days"])), html=no_transport),
            Column(_("Slinga och tid"), lambda row: visits(row) or None),
        ],
        libraries,
    )
    context = {"routes": routes, "libraries": libraries, "today": today, "days": days}
    return respond(request, "samverkan/transports.html", context, f"transporter-{today}", days)
