"""The literary actors' register: registration, moderation, removal."""

import logging
import secrets
from smtplib import SMTPException

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import ModerationStatus
from .models import LiteraryActor, token_hash

logger = logging.getLogger(__name__)


@transaction.atomic
def register(form, region, request):
    """Saves the actor, pending moderation, and mails its removal link. Returns the token."""
    token = secrets.token_urlsafe(32)
    actor = form.save(commit=False)
    actor.region = region
    actor.consented_at = timezone.now()
    actor.status = ModerationStatus.PENDING
    actor.removal_token_hash = token_hash(token)
    actor.save()
    url = request.build_absolute_uri(reverse("lasframjande:actor-remove", args=[token]))
    try:
        mail_removal_link(actor, url)
    except (OSError, SMTPException):
        # The link is shown on the thank-you page as well; a mail outage must not lose the entry.
        logger.exception("Could not mail the removal link of literary actor %s", actor.pk)
    return token


def mail_removal_link(actor, url):
    send_mail(
        _("Din anmälan till registret över litterära aktörer"),
        _(
            "Tack för din anmälan, %(name)s. Regionen granskar den innan något visas.\n\n"
            "Vill du ta bort dina uppgifter använder du den här personliga länken:\n%(url)s\n"
        )
        % {"name": actor.name, "url": url},
        None,
        [actor.email],
    )


def actor_for_token(token):
    return LiteraryActor.objects.filter(removal_token_hash=token_hash(token)).first()


@transaction.atomic
def remove(actor):
    """Erases the actor, and its personal data from the audit trail with it."""
    pk = actor.pk
    actor.delete()
    LiteraryActor.pgh_event_model.objects.filter(pgh_obj_id=pk).delete()


def moderate(queryset, status):
    """Approves or rejects the actors; returns how many changed."""
    return queryset.exclude(status=status).update(status=status, moderated_at=timezone.now())
