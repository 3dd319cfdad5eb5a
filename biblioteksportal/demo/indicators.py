"""The demo's follow-up: the 2019 frame's tertial rounds and the indicators the annual report's
own figures fill (seed2019.ROUNDS and INDICATORS)."""

from datetime import date

from django.utils import timezone

from ..followup.choices import Rollup, Source
from ..followup.models import (
    ActivityReport,
    Indicator,
    Round,
    Statistic,
    StatisticSeries,
    Target,
    Value,
)
from ..followup.outcomes import WEIGHT_SERIES
from ..models import Activity, DevelopmentArea
from . import seed2019 as seed


def load_indicators(year):
    rounds = {}
    for kind, number, deadline in seed.ROUNDS:
        round_, _ = Round.objects.update_or_create(
            year=year, kind=kind, number=number, defaults={"deadline": deadline}
        )
        rounds["year" if kind == "year" else f"T{number}"] = round_
    for position, spec in enumerate(seed.INDICATORS, start=1):
        indicator, _ = Indicator.objects.update_or_create(
            region=year.region,
            key=spec["key"],
            defaults={
                "area": DevelopmentArea.objects.get(region=year.region, app=spec["app"]),
                "name": spec["name"],
                "unit": spec["unit"],
                "direction": spec.get("direction", "higher"),
                "position": position,
            },
        )
        for name, value in spec["targets"].items():
            Target.objects.update_or_create(
                indicator=indicator, round=rounds[name], defaults={"value": value}
            )
        for name, value in spec["values"].items():
            comment = spec["comment"] if name == "year" else ""
            Value.objects.update_or_create(
                indicator=indicator,
                round=rounds[name],
                municipality=None,
                defaults={"value": value, "comment": comment},
            )


# The national data set's follow-up of each region: (app, key, name, unit, source, rollup,
# decimals, computation or statistic code). Entered values per municipality, the region's own,
# one computed by biblioteksplaner and one from the population series.
NATIONAL = [
    (
        "samverkan",
        "heltidstjanster",
        "Heltidstjänster i regional biblioteksverksamhet",
        "st",
        Source.ENTERED,
        Rollup.NONE,
        0,
        "",
    ),
    ("samverkan", "besok", "Besök på folkbiblioteken", "st", Source.ENTERED, Rollup.SUM, 0, ""),
    ("samverkan", "invanare", "Invånare", "st", Source.NATIONAL, Rollup.SUM, 0, WEIGHT_SERIES[1]),
    (
        "kompetens",
        "kommuner-med-workshoppar",
        "Kommuner där workshoppar utifrån självskattningstestet har hållits",
        "st",
        Source.ENTERED,
        Rollup.NONE,
        0,
        "",
    ),
    (
        "biblioteksplaner",
        "andel-med-plan",
        "Andel kommuner med gällande biblioteksplan",
        "%",
        Source.COMPUTED,
        Rollup.NONE,
        0,
        "biblioteksplaner.share_with_plan",
    ),
    (
        "lasframjande",
        "aktiva-lantagare",
        "Aktiva låntagare per 1 000 invånare",
        "per 1 000 invånare",
        Source.ENTERED,
        Rollup.WEIGHTED,
        1,
        "",
    ),
]
PERIODS = [("tertial", 1, 5, 15), ("tertial", 2, 9, 15), ("year", 1, 1, 31)]


def national_series():
    """The population series (Kolada's N01951) the weighted means and "Invånare" read."""
    source, code = WEIGHT_SERIES
    return StatisticSeries.objects.get_or_create(
        source=source, code=code, defaults={"title": "Invånare totalt, antal"}
    )[0]


def generate_followup(region, years, rng, last_year, series):
    """Rounds T1, T2 and the year of every year; the indicators above with targets; the
    municipalities' population, values and the activities' reports of every round reported
    by `last_year`'s autumn (the year round of `last_year` is still to come)."""
    areas = {a.app: a for a in DevelopmentArea.objects.filter(region=region)}
    municipalities = list(region.municipalities.all())
    n = len(municipalities)
    indicators = Indicator.objects.bulk_create(
        Indicator(
            region=region,
            area=areas[app],
            key=key,
            name=name,
            unit=unit,
            source=source,
            rollup=rollup,
            decimals=decimals,
            computation=code if source == Source.COMPUTED else "",
            statistic=series if source == Source.NATIONAL else None,
            position=position,
        )
        for position, (app, key, name, unit, source, rollup, decimals, code) in enumerate(
            NATIONAL, start=1
        )
    )
    now = timezone.now()
    rounds = Round.objects.bulk_create(
        Round(
            year=year,
            kind=kind,
            number=number,
            deadline=date(year.year + (kind == "year"), month, day),
            completed=None if year.year == last_year and (kind, number) != ("tertial", 1) else now,
        )
        for year in years
        for kind, number, month, day in PERIODS
    )
    people, statistics = {}, []
    for m in municipalities:
        count = rng.randint(2_500, 150_000)
        for year in years:
            count += rng.randint(-200, 900)
            people[m.pk, year.year] = count
            statistics.append(Statistic(series=series, municipality=m, year=year.year, value=count))
    Statistic.objects.bulk_create(statistics)
    by_key = {i.key: i for i in indicators}
    targets, values, reports = [], [], []
    activities = {}
    rows = Activity.objects.filter(area_year__year__in=years).values_list(
        "pk", "status", "status_reason", "area_year__year_id"
    )
    for pk, status, reason, year_id in rows:
        activities.setdefault(year_id, []).append((pk, status, reason))
    for round_ in rounds:
        share = 1 if round_.kind == "year" else round_.number / 3
        targets += [
            Target(indicator=by_key["heltidstjanster"], round=round_, value=4),
            Target(indicator=by_key["besok"], round=round_, value=round(n * 60_000 * share, -3)),
            Target(
                indicator=by_key["kommuner-med-workshoppar"], round=round_, value=round(n * share)
            ),
            Target(indicator=by_key["andel-med-plan"], round=round_, value=100),
        ]
        if round_.kind == "year":
            targets.append(Target(indicator=by_key["aktiva-lantagare"], round=round_, value=200))
        if round_.completed is None and round_.kind == "year":
            continue  # still to be reported
        late = round_.completed is None and rng.random() < 0.5
        values += [
            Value(
                indicator=by_key["heltidstjanster"], round=round_, value=rng.choice([3, 4, 4, 5])
            ),
            Value(
                indicator=by_key["kommuner-med-workshoppar"],
                round=round_,
                value=min(n, round(n * share * rng.uniform(0.5, 1.1))),
                comment="Workshoppar enligt planen i de flesta kommuner.",
            ),
        ]
        for m in municipalities:
            if late and rng.random() < 0.2:
                continue  # not reported yet
            values.append(
                Value(
                    indicator=by_key["besok"],
                    round=round_,
                    municipality=m,
                    value=round(people[m.pk, round_.year.year] * rng.uniform(2, 6) * share),
                )
            )
            if round_.kind == "year":
                values.append(
                    Value(
                        indicator=by_key["aktiva-lantagare"],
                        round=round_,
                        municipality=m,
                        value=round(rng.uniform(120, 320), 1),
                    )
                )
        for pk, status, reason in activities.get(round_.year_id, []):
            status = status if round_.kind == "year" else "ongoing"
            reason = reason or ("Pågår enligt planen." if status == "ongoing" else "")
            reports.append(
                ActivityReport(activity_id=pk, round=round_, status=status, comment=reason)
            )
    Target.objects.bulk_create(targets)
    Value.objects.bulk_create(values)
    ActivityReport.objects.bulk_create(reports)
