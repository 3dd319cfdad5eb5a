"""Anonymous forms that write or send mail (README: Public forms).

Each is a `PublicForm`: a honeypot field that people never see (a bot that fills it in is
answered as if it had succeeded, and nothing is saved or sent), at most `limit` accepted
submissions per client address and hour, and at most MAILS_PER_RECIPIENT per hour that name
the same address to mail. Submissions are counted in the database (`FormAttempt`), which every
server process shares; a lock per key makes the count exact under concurrent requests.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from . import mail
from .models import FormAttempt

WINDOW = timedelta(hours=1)
MAILS_PER_RECIPIENT = 5
HONEYPOT = "homepage"
BOT, ACCEPTED = "bot", "accepted"


def client_address(request):
    """The client's address: with TRUSTED_PROXIES = N > 0, the Nth address from the right of
    X-Forwarded-For (each proxy appends the address it was sent the request from; the leftmost
    where fewer are given), else REMOTE_ADDR."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    forwarded = [address.strip() for address in forwarded if address.strip()]
    if settings.TRUSTED_PROXIES and forwarded:
        return forwarded[-min(settings.TRUSTED_PROXIES, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def keyed_hash(kind, value):
    return salted_hmac(f"publicforms.{kind}", value, algorithm="sha256").hexdigest()


def has_room(attempts, lock, limit):
    """Whether there are fewer than `limit` attempts, under a lock held to the end of the
    transaction, so that two processes never both take the last one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [lock])
    return attempts.count() < limit


class PublicForm(forms.Form):
    """The base of an anonymous form that writes or sends mail. A subclass sets `limit`, its
    accepted submissions per client address and hour, and `recipient`, the field with the
    address it mails (None: it mails nobody). A view calls `screen(request)` on a POST and
    renders the form with `status` otherwise."""

    limit = 5
    recipient = None
    status = 200

    homepage = forms.CharField(
        label=_("Lämna detta fält tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data.pop(HONEYPOT, None)
        return cleaned_data

    def visible_fields(self):
        # the template renders the honeypot hidden (includes/honeypot.html)
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    def screen(self, request):
        """BOT or ACCEPTED, which count against the limits; None for a form with errors, or
        one refused by a limit (a non-field error, status 429, everything typed kept)."""
        valid = self.is_valid()
        name = f"{type(self).__module__}.{type(self).__name__}"
        since = timezone.now() - WINDOW
        with transaction.atomic():
            FormAttempt.objects.filter(created__lt=since).delete()
            attempts = FormAttempt.objects.filter(created__gte=since)
            address = keyed_hash("address", client_address(request))
            mine = attempts.filter(form=name, key=address)
            if not has_room(mine, f"{name}:{address}", self.limit):
                return self.refuse(
                    _(
                        "Formuläret har skickats för många gånger från din adress. "
                        "Försök igen om en timme."
                    )
                )
            keys = [address]
            if self[HONEYPOT].data:
                verdict = BOT
            elif not valid:
                return None
            else:
                verdict = ACCEPTED
                if self.recipient:
                    recipient = keyed_hash("recipient", self.cleaned_data[self.recipient].lower())
                    if not has_room(attempts.filter(key=recipient), recipient, MAILS_PER_RECIPIENT):
                        return self.refuse(
                            _(
                                "Det har skickats för många e-postmeddelanden till den adressen. "
                                "Försök igen om en timme."
                            )
                        )
                    keys.append(recipient)
            FormAttempt.objects.bulk_create(FormAttempt(form=name, key=key) for key in keys)
        return verdict

    def refuse(self, message):
        self.add_error(None, message)
        self.status = 429


class PasswordResetForm(PublicForm, auth_forms.PasswordResetForm):
    recipient = "email"

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Through the core's mail (logged, sent after the commit), signed by the user's
        region; the link is Django's own (signed, single use, PASSWORD_RESET_TIMEOUT)."""
        user = context["user"]
        profile = getattr(user, "profile", None)
        mail.send(
            "password_reset",
            to=context["email"],
            template="registration/password_reset",
            context=context,
            region=profile.region if profile else None,
            obj=user,
        )
