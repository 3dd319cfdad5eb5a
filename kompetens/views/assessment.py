"""The self-assessment: its rounds, a round's results and their export, the import of
answers, the comparison of two rounds and the workshops after a round."""

from decimal import Decimal
from operator import itemgetter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from biblioteksportal.access import CHANGE, can, readers, staff_only
from biblioteksportal.charts import bar_chart
from biblioteksportal.tables import Column, Table, file_response, respond

from .. import queries, services, stats
from ..choices import DigComp
from ..forms import CompareForm, ImportForm
from ..models import AssessmentRound


def reader_round(request, pk):
    return get_object_or_404(AssessmentRound.objects.for_user(request.user), pk=pk)


def import_link(round):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("kompetens:round-import", args=[round.pk]),
        _("Importera svar till %(name)s") % {"name": round.name},
    )


@readers
def round_list(request):
    columns = [
        Column(_("Omgång"), "name", link=lambda r: reverse("kompetens:round", args=[r.pk])),
        Column(_("Genomförd"), "held"),
        Column(_("Antal svar"), "n", numeric=True),
        Column(
            _("Workshoppar (kommuner)"),
            "workshops_n",
            link=lambda r: reverse("kompetens:workshops", args=[r.pk]),
            numeric=True,
        ),
    ]
    download = Table(columns, queries.rounds(request.user))
    if can(request.user, CHANGE):  # the import column: the page's, for staff
        columns = [*columns, Column(_("Import"), lambda r: None, html=import_link)]
    table = Table(columns, download.objects, caption=_("Omgångar"), empty=_("Inga omgångar ännu."))
    context = {
        "table": table,
        "form": CompareForm({}, rounds=AssessmentRound.objects.for_user(request.user)),
    }
    return respond(request, "kompetens/round_list.html", context, "sjalvskattningar", download)


def result_table(results):
    """The download of a round's results: a row per municipality (and the county) and area;
    the page shows them grouped by area."""
    headers = [_("Kommun"), _("Område"), _("Medelvärde"), _("Spridning"), _("Antal svar")]
    columns = [Column(header, itemgetter(i)) for i, header in enumerate(headers)]
    return Table(columns, stats.result_rows(results))


def two_decimals(value):
    """A mean as resultat.csv writes it: always with two decimals (”2,00”)."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


@readers
def round_results(request, pk):
    round = reader_round(request, pk)
    results = stats.round_results(round, queries.region_municipalities(round))
    county = [
        (label, two_decimals(cell["mean"]))
        for label, cell in zip(results["areas"], results["county"], strict=True)
        if cell and not cell["hidden"]
    ]
    chart = bar_chart(_("Länets medelvärde per DigComp-område (skala 1–7)"), county)
    table = result_table(results)
    context = {
        "round": round,
        "table": table,
        "min_group": stats.MIN_GROUP,
        "chart": chart if county else None,
        "statements": stats.statements(round, results["shown"]),
        **results,
    }
    filename = f"sjalvskattning-{round.pk}"
    return respond(request, "kompetens/round_results.html", context, filename, table)


@readers
def round_export(request, pk):
    """resultat.csv: the results for Excel (semicolons, decimal commas, two decimals)."""
    round = reader_round(request, pk)
    table = result_table(stats.round_results(round, queries.region_municipalities(round)))
    rows = [
        [name, area, two_decimals(mean), two_decimals(spread), n]
        for name, area, mean, spread, n in table.values()
    ]
    return file_response("csv-excel", f"sjalvskattning-{round.pk}", table.headers, rows)


def undo_button(source):
    return format_html(
        '<button type="submit" name="undo" value="{}">{}</button>',
        source.pk,
        _("Ta bort importen %(name)s") % {"name": source.file_name},
    )


@staff_only
def round_import(request, pk):
    round = reader_round(request, pk)
    if "undo" in request.POST:
        value = request.POST["undo"]
        source = get_object_or_404(round.imports, pk=value if value.isdigit() else None)
        n = source.responses.count()
        source.delete()
        message = _("Importen %(import)s är borttagen med sina %(n)d svar.")
        messages.success(request, message % {"import": source, "n": n})
        return redirect("kompetens:round-import", pk=round.pk)
    bound = request.method == "POST"
    form = ImportForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        try:
            source = services.upload_responses(round, form.cleaned_data["file"], request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            url = reverse("kompetens:round-import", args=[round.pk])
            return redirect(f"{url}?import={source.pk}")
    shown = request.GET.get("import", "")
    context = {
        "round": round,
        "form": form,
        "result": queries.round_imports(round).filter(pk=shown).first()
        if shown.isdigit()
        else None,
        "codes": round.statements.values_list("code", flat=True),
        "imports": Table(
            [
                Column(_("Importerad"), "created"),
                Column(_("Fil"), "file_name"),
                Column(_("Av"), "created_by"),
                Column(_("Antal svar"), "n", numeric=True),
                Column(_("Ta bort"), lambda i: None, html=undo_button),
            ],
            queries.round_imports(round),
            caption=_(
                "Varje importerad fil; att ta bort en import tar bort dess svar och inget annat."
            ),
            empty=_("Inga filer är importerade till omgången."),
        ),
    }
    return render(request, "kompetens/round_import.html", context)


def compared(value, hidden=None):
    """A column of the comparison's download: `value` of a change, to two decimals, where
    both rounds show the mean; `hidden` elsewhere."""
    return lambda row: hidden if row[2]["change"] is None else round(value(row[2]), 2)


@readers
def round_compare(request):
    form = CompareForm(request.GET, rounds=AssessmentRound.objects.for_user(request.user))
    values = form.values()
    before, after = values["before"], values["after"]
    rows = []
    if before and after:
        municipalities = queries.region_municipalities(after)
        rows = stats.compare(
            stats.round_results(before, municipalities),
            stats.round_results(after, municipalities),
        )
    # the download: a row per municipality and area (the page has a column per area)
    changes = [
        (row["municipality"].name, area, change)
        for row in rows
        for area, change in zip(DigComp.labels, row["changes"], strict=True)
    ]
    table = Table(
        [
            Column(_("Kommun"), itemgetter(0)),
            Column(_("Område"), itemgetter(1)),
            Column(_("Före"), compared(lambda c: c["before"]["mean"], _("visas inte"))),
            Column(_("Efter"), compared(lambda c: c["after"]["mean"])),
            Column(_("Förändring"), compared(itemgetter("change"))),
        ],
        changes,
    )
    context = {
        "form": form,
        "table": table,
        "rows": rows,
        "before": before,
        "after": after,
        "areas": DigComp.labels,
    }
    return respond(request, "kompetens/round_compare.html", context, "jamforelse", table)


@readers
def workshops(request, pk):
    round = reader_round(request, pk)
    done, waiting, total = queries.workshop_coverage(round)
    # rows (municipality, workshop or None): the page's table has the municipalities with
    # their workshop, the download every municipality
    municipality = Column(_("Kommun"), lambda row: row[0].name)
    event = Column(
        _("Utbildningstillfälle"),
        lambda row: row[1] and row[1].event,
        link=lambda row: row[1].event and reverse("kompetens:event", args=[row[1].event.pk]),
    )
    themes = Column(
        _("Teman"), lambda row: row[1] and ", ".join(map(str, row[1].theme_labels)) or None
    )
    had = Column(_("Har haft workshop"), lambda row: row[1] is not None)
    table = Table(
        [municipality, event, themes],
        done,
        caption=_("Kommuner som har haft workshop"),
        empty=_("Ingen kommun har haft workshop ännu."),
    )
    download = Table([municipality, had, event, themes], [*done, *((m, None) for m in waiting)])
    context = {"round": round, "table": table, "waiting": waiting, "total": total}
    filename = f"workshoppar-{round.pk}"
    return respond(request, "kompetens/workshops.html", context, filename, download)
