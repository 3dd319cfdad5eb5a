"""The floating collection: transfers per month, cancellations and the flows between the
libraries; and the items sent back and forth."""

from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from biblioteksportal.access import CHANGE, can, one_region, readers
from biblioteksportal.charts import bar_chart
from biblioteksportal.tables import Column, Table, respond

from .. import queries
from ..forms import BackAndForthForm, PeriodForm


def number(header, key):
    return Column(header, lambda row: row[key], numeric=True)


def matrix(caption, names, rows, label):
    """A from → to table: a row per sender, (label, [n per receiver])."""
    return Table(
        [
            Column(_("Från \\ till"), lambda row: label(row[0])),
            *(
                Column(name, lambda row, i=i: row[1][i], numeric=True)
                for i, name in enumerate(names)
            ),
        ],
        rows,
        caption,
    )


def floating_tables(months, cancellations, flows):
    """The page's tables by name, all in its download: transfers per month, cancellations
    per reason, the matrices, net inflow and the unmapped branch codes."""
    return {
        "months_table": Table(
            [
                Column(
                    _("Månad"),
                    lambda m: f"{m['month']:%Y-%m}",
                    html=lambda m: date_format(m["month"], "F Y"),
                ),
                number(_("Överföringar"), "total"),
                number(_("Avbrutna"), "cancelled_n"),
                number(_("Inte framme"), "unfinished_n"),
            ],
            months,
            _("Överföringar per månad"),
        ),
        "cancellations_table": Table(
            [
                Column(
                    _("Orsak till avbrott"),
                    lambda row: row["cancellation_reason"] or _("Ingen orsak angiven"),
                ),
                number(_("Överföringar"), "n"),
            ],
            cancellations,
            _("Avbrutna överföringar per orsak"),
        ),
        "library_matrix": matrix(
            _("Från → till per bibliotek"),
            [library.name for library in flows["libraries"]],
            flows["library_rows"],
            lambda library: library.name,
        ),
        "municipality_matrix": matrix(
            _("Från → till per kommun"),
            flows["municipalities"],
            flows["municipality_rows"],
            str,
        ),
        "net_table": Table(
            [
                Column(_("Bibliotek"), lambda row: row["library"].name),
                number(_("In"), "in"),
                number(_("Ut"), "out"),
                number(_("Netto"), "net"),
                number(_("Avbrutna (skickade)"), "cancelled"),
                number(_("Inte framme (skickade)"), "unfinished"),
            ],
            flows["net"],
            _("Nettoinflöde per bibliotek"),
        ),
        "unmapped_table": Table(
            [
                Column(_("Filialkod"), lambda row: row[0]),
                Column(_("Överföringar"), lambda row: row[1], numeric=True),
            ],
            flows["unmapped"],
            _("Filialkoder utan bibliotek"),
        ),
    }


@readers
@one_region
def floating(request, region):
    start, end = queries.default_period(region)
    form = PeriodForm(request.GET, queries.reasons(region), initial={"start": start, "end": end})
    values = form.values()
    months, cancellations, pairs = queries.floating(
        region, values["start"], values["end"], values["reason"]
    )
    flows = queries.flows(pairs, region)
    tables = floating_tables(months, cancellations, flows)
    chart = bar_chart(
        _("Överföringar per månad"),
        [(date_format(m["month"], "M Y"), m["total"]) for m in months],
    )
    context = {
        "region": region,
        "form": form,
        "values": values,
        "months": months,
        "chart": chart,
        "totals": {
            key: sum(m[key] for m in months) for key in ("total", "cancelled_n", "unfinished_n")
        },
        "cancellations": cancellations,
        "flows": flows,
        **tables,
    }
    name = f"flytande-bestand-{values['start']}-{values['end']}"
    return respond(request, "samverkan/floating.html", context, name, *tables.values())


@readers
@one_region
def back_and_forth(request, region):
    start, end = queries.default_period(region)
    form = BackAndForthForm(
        request.GET, queries.reasons(region), initial={"start": start, "end": end}
    )
    values = form.values()
    result = queries.back_and_forth(
        region, values["start"], values["end"], values["days"], values["reason"]
    )
    pairs = Table(
        [
            Column(
                format_lazy("{} → {}", _("A (skickade och fick tillbaka)"), _("B")),
                lambda pair: f"{pair['a']} → {pair['b']}",
            ),
            number(_("Returer"), "trips"),
            number(_("Exemplar"), "items"),
            number(_("Titlar"), "titles"),
        ],
        result["pairs"],
        _("Per bibliotekspar"),
    )
    top = Table(
        [
            Column(_("Titel"), lambda title: title["title"]),
            number(_("Returer"), "trips"),
            number(_("Exemplar"), "items"),
        ],
        result["top"],
        _("Titlar som reser mest"),
    )
    context = {
        "region": region,
        "form": form,
        "values": values,
        "result": result,
        "can_import": can(request.user, CHANGE),
        "pairs": pairs,
        "top": top,
    }
    name = f"fram-och-tillbaka-{values['start']}-{values['end']}"
    return respond(request, "samverkan/back_and_forth.html", context, name, pairs, top)
