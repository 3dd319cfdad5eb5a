from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from biblioteksportal.followup.importers import import_kb_file


class Command(BaseCommand):
    help = (
        "Import a file of KB's library statistics: JSON-LD open data, or bibstat's Excel "
        "export (a path ending in .xlsx or a file with a zip's leading bytes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        log = import_kb_file(data, Path(path).name)
        self.stdout.write(f"added {log.added}, changed {log.changed}, unchanged {log.unchanged}")
        for error in log.errors:
            self.stderr.write(f"{error['line']}: {error['message']}")
        if log.errors:
            raise SystemExit(1)
