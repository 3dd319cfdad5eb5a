import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from pghistory.models import Event

from biblioteksportal.areas import area_apps
from biblioteksportal.demo.national import generate
from biblioteksportal.models import Region


class Command(BaseCommand):
    help = (
        "Skapar ett nationellt testdataset för prestandamätningar: 21 regioner, 290 kommuner, "
        "tio års verksamhet och 1 000 000 överföringar. Bara i en tom databas; inga användare."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="antal år (standard 10)")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="andel av den nationella mängden per år (standard 1; t.ex. 0.01 i tester)",
        )
        parser.add_argument("--seed", type=int, default=1, help="slumpfrö (standard 1)")

    def handle(self, years, scale, seed, **options):
        if Region.objects.exists():
            raise CommandError(
                "Databasen har redan regioner. generate_national fyller bara en tom databas: "
                "skapa en ny databas och kör migrate först."
            )
        if not 1 <= years <= 30 or not 0 < scale <= 10:
            raise CommandError("Ange --years mellan 1 och 30 och --scale mellan 0 och 10.")
        started = time.perf_counter()
        timings = generate(years, scale, seed, log=self.stdout.write)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, for the benchmark that follows
        self.stdout.write("Tid per del: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        self.stdout.write("Rader per tabell:")
        core = [apps.get_app_config(label) for label in ("biblioteksportal", "followup")]
        for config in [*core, *area_apps()]:
            for model in config.get_models():
                if not issubclass(model, Event) and (n := model._default_manager.count()):
                    self.stdout.write(f"  {model._meta.label}: {n:,}".replace(",", " "))
        self.stdout.write(self.style.SUCCESS(f"Klart på {time.perf_counter() - started:.0f} s."))
