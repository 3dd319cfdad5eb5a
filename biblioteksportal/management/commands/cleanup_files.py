"""Remove the stored files that no row refers to (the file fields' folders only)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from biblioteksportal.documents import orphaned_files

# A file this new may belong to an upload whose transaction has not committed yet.
GRACE = timedelta(hours=1)


class Command(BaseCommand):
    help = "Lists and removes uploaded files that no row refers to (older than an hour)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only list them")

    def handle(self, *args, dry_run=False, **options):
        found = sorted(orphaned_files(before=timezone.now() - GRACE), key=lambda found: found[1])
        for storage, name in found:
            if not dry_run:
                storage.delete(name)
            self.stdout.write(name)
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(found)} file(s) no row refers to {verb}.")
