from django.core.management.base import BaseCommand

from kompetens.services import anonymise_participants, retention_months


class Command(BaseCommand):
    help = (
        "Avidentifierar deltagare (namn och e-post) ett antal månader efter utbildningen. "
        "Antalen per kommun och bibliotek finns kvar. Kön gör det dagligen "
        "(kompetens/tasks.py); detta kör det för hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=retention_months(),
            help="Månader efter utbildningens slut (standard: KOMPETENS_RETENTION_MONTHS, 12).",
        )

    def handle(self, *args, months, **options):
        count = anonymise_participants(months)
        self.stdout.write(f"{count} anmälningar avidentifierades (äldre än {months} månader).")
