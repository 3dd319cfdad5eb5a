"""The demo's follow-up: the 2019 frame's tertial rounds and the indicators the annual report's
own figures fill (seed2019.ROUNDS and INDICATORS)."""

from ..followup.models import Indicator, Round, Target, Value
from ..models import DevelopmentArea
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
