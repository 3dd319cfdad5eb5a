import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from biblioteksportal.areas import area_apps
from biblioteksportal.choices import Role
from biblioteksportal.demo.load import load_core
from biblioteksportal.models import Municipality, Profile

DEMO_USERS = [
    ("regional", "Regional personal (demo)", Role.REGIONAL_STAFF, None),
    ("chef.vasteras", "Bibliotekschef Västerås (demo)", Role.LIBRARY_HEAD, "1980"),
    ("rapportor.koping", "Kommunrapportör Köping (demo)", Role.REPORTER, "1983"),
    ("rapportor.vasteras", "Kommunrapportör Västerås (demo)", Role.REPORTER, "1980"),
]


class Command(BaseCommand):
    help = (
        "Loads the demo data (the seed region's 2019 frame) and demo users. Demo mode only. "
        "A new demo user gets a random password, printed once; an existing one keeps theirs."
    )

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Demodata och demoanvändare skapas bara i demoläge (DEMO=true).")
        with transaction.atomic():
            region = load_core()
            for config in area_apps():
                config.load_demo(region)
            User = get_user_model()
            rows = []
            for username, full_name, role, code in DEMO_USERS:
                first_name, _, last_name = full_name.partition(" ")
                user, created = User.objects.update_or_create(
                    username=username,
                    defaults={
                        "first_name": first_name,
                        "last_name": last_name,
                        "email": f"{username}@example.org",
                        "is_staff": role == Role.REGIONAL_STAFF,
                    },
                )
                password = "(oförändrat)"
                if created:
                    password = secrets.token_urlsafe(12)
                    user.set_password(password)
                    user.save(update_fields=["password"])
                municipality = Municipality.objects.get(code=code) if code else None
                Profile.objects.update_or_create(
                    user=user,
                    defaults={"role": role, "region": region, "municipality": municipality},
                )
                rows.append((username, password, full_name))
        self.stdout.write(self.style.SUCCESS(f"Demodata laddad för {region}."))
        self.stdout.write("Demoanvändare (användarnamn, lösenord, roll):")
        for row in rows:
            self.stdout.write("  {:<20} {:<18} {}".format(*row))
