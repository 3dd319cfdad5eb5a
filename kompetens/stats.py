"""Self-assessment results, with groups of fewer than MIN_GROUP answers hidden."""

import math
from fractions import Fraction

from django.db.models import Avg, Count, F, Sum
from django.utils.translation import gettext as _

from .choices import DigComp
from .models import Answer, Statement

MIN_GROUP = 5


def _cell(n, count, total, squares):
    """A group's cell from its `n` answer sheets and its answers' count, sum and sum of
    squares: their mean and (population) standard deviation, exact until the square root."""
    if n < MIN_GROUP:
        return {"n": n, "hidden": True, "mean": None, "spread": None}
    variance = Fraction(squares * count - total * total, count * count)
    return {"n": n, "hidden": False, "mean": total / count, "spread": math.sqrt(variance)}


def round_results(round, municipalities):
    """Per municipality: a cell (n, mean, spread, hidden) per DigComp area and its two
    weakest areas; the county's cells; and the ids of the municipalities shown.

    A municipality with fewer than MIN_GROUP answer sheets is hidden everywhere, and the
    county figures are computed from the shown municipalities only, so that no hidden group
    can be derived by subtraction.
    """
    answers = Answer.objects.filter(response__round=round)
    grouped = answers.values_list("response__municipality", "statement__area").annotate(
        n=Count("response", distinct=True),
        count=Count("value"),
        total=Sum("value"),
        squares=Sum(F("value") * F("value")),
    )
    sums = {(municipality, area): figures for municipality, area, *figures in grouped}
    cells = {key: _cell(*figures) for key, figures in sums.items()}
    shown = {m for (m, _area), cell in cells.items() if not cell["hidden"]}
    rows = []
    for municipality in municipalities:
        row = [cells.get((municipality.pk, area)) for area in DigComp.values]
        present = [(area, c) for area, c in zip(DigComp.values, row, strict=True) if c]
        ranked = sorted((c["mean"], area) for area, c in present if not c["hidden"])
        weakest = [area for _mean, area in ranked[:2]]
        rows.append(
            {
                "municipality": municipality,
                "cells": row,
                "weakest": weakest,
                "weakest_labels": [DigComp(area).label for area in weakest],
            }
        )
    # Per area, the shown municipalities' figures summed (each answer sheet is of one).
    county = {}
    for (municipality, area), figures in sums.items():
        if municipality in shown:
            county[area] = [a + b for a, b in zip(county.get(area, [0] * 4), figures, strict=True)]
    return {
        "shown": shown,
        "rows": rows,
        "county": [_cell(*county[area]) if area in county else None for area in DigComp.values],
        "areas": DigComp.labels,
    }


def result_rows(results):
    """[municipality (or the county), area, mean, spread, n] of round_results' cells, means
    rounded to two decimals; a hidden group shows neither mean nor spread nor its n."""
    rows = [(row["municipality"].name, row["cells"]) for row in results["rows"]]
    rows.append((_("Länet"), results["county"]))
    return [
        [name, area, None, None, _("färre än %d") % MIN_GROUP]
        if cell["hidden"]
        else [name, area, round(cell["mean"], 2), round(cell["spread"], 2), cell["n"]]
        for name, cells in rows
        for area, cell in zip(results["areas"], cells, strict=True)
        if cell is not None
    ]


def statements(round, shown):
    """The round's statements grouped by DigComp area, each with its mean over the shown
    municipalities."""
    answers = Answer.objects.filter(response__round=round, response__municipality__in=shown)
    means = dict(answers.values_list("statement").annotate(mean=Avg("value")))
    groups = {area: [] for area in DigComp.values}
    for statement in Statement.objects.filter(round=round):
        statement.mean = means.get(statement.pk)
        groups[statement.area].append(statement)
    return [(DigComp(area).label, items) for area, items in groups.items() if items]


def compare(before, after):
    """Per municipality and area, the change of the mean where both rounds show it."""
    rows = []
    for old, new in zip(before["rows"], after["rows"], strict=True):
        changes = []
        for a, b in zip(old["cells"], new["cells"], strict=True):
            shown = a and b and not a["hidden"] and not b["hidden"]
            changes.append(
                {"before": a, "after": b, "change": b["mean"] - a["mean"] if shown else None}
            )
        rows.append({"municipality": new["municipality"], "changes": changes})
    return rows
