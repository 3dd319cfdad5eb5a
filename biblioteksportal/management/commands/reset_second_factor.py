"""manage.py reset_second_factor <username>: the last admin's recovery (README: Second factor)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from biblioteksportal import otp


class Command(BaseCommand):
    help = (
        "Delete a user's second factor (app and backup codes); they enrol again at their next "
        "login. For the last admin: others are reset in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        otp.reset(user)
        self.stdout.write(f"The second factor of {username} is reset: they enrol at next login.")
