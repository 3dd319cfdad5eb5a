from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from biblioteksportal.models import Region
from samverkan.choices import ImportStatus
from samverkan.koha import run_import
from samverkan.models import TransferImport


class Command(BaseCommand):
    help = "Läser in en CSV-export av Kohas tabell branchtransfers (flytande bestånd)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV-filen")
        parser.add_argument(
            "--region", help="regionens länskod (behövs bara när det finns flera regioner)"
        )
        parser.add_argument("--quiet-progress", action="store_true", help="ingen förloppsrad")

    def handle(self, path, region, quiet_progress=False, **options):
        regions = list(Region.objects.filter(code=region) if region else Region.objects.all()[:2])
        if region and not regions:
            raise CommandError(f"Det finns ingen region med länskoden {region}.")
        if len(regions) != 1:
            raise CommandError("Ange regionens länskod med --region: det finns flera regioner.")
        region_obj = regions[0]
        try:
            open(path, "rb").close()
        except OSError as error:
            raise CommandError(f"Filen kan inte öppnas: {error}") from None
        run = TransferImport.objects.create(region=region_obj, file_name=path[-255:])
        with tqdm(total=1, unit="B", unit_scale=True, disable=quiet_progress, desc="Import") as bar:

            def progress(done):
                bar.total = run.size
                bar.update(done - bar.n)

            run_import(run, path=path, progress=progress)
        if run.status == ImportStatus.FAILED:
            raise CommandError(run.message)
        self.stdout.write(
            f"{run.rows_read} rader lästa: {run.rows_added} nya, {run.rows_known} redan "
            f"inlästa, {run.bad_rows} felaktiga."
        )
        for line, message in run.errors:
            self.stdout.write(f"  rad {line}: {message}")
        if run.bad_rows > len(run.errors):
            self.stdout.write(f"  … och {run.bad_rows - len(run.errors)} fel till.")
        if run.unmapped:
            codes = ", ".join(f"{code} ({n})" for code, n in run.unmapped.items())
            self.stdout.write(f"Filialkoder utan bibliotek (lägg till i admin): {codes}")
        if run.message:
            self.stdout.write(run.message)
