"""The inventory of the county's literary actors in figures, and the staff's export of the
whole register."""

from django.utils.translation import gettext_lazy as _

from biblioteksportal.access import readers, staff_only
from biblioteksportal.tables import Table, file_response, respond

from .. import queries
from ..tables import ANSWERS, REGISTER, question


@readers
def inventory(request):
    """The inventory of the county's literary actors, in figures (no one is named): a table
    per question on the page, one table of every answer as the download."""
    total, questions = queries.inventory(request.user)
    tables = [
        Table(question(caption), rows, caption=caption, empty=_("Inga anmälda ännu"))
        for caption, rows in questions
    ]
    answers = [(caption, label, n) for caption, rows in questions for label, n in rows]
    return respond(
        request,
        "lasframjande/inventory.html",
        {"total": total, "tables": tables},
        "kartlaggning",
        Table(ANSWERS, answers),
    )


@staff_only
def export(request):
    """The whole register, for the staff: a CSV file for Excel (semicolons, a byte order mark)
    at its own address."""
    table = Table(REGISTER, queries.all_actors(request.user))
    return file_response("csv-excel", "litterara-aktorer", table.headers, table.values())
