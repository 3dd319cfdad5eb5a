"""The literary actors' register: registration, moderation, removal."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from biblioteksportal import links, mail

from .choices import ModerationStatus
from .models import LiteraryActor


@transaction.atomic
def register(form, region, request):
    """Saves the actor, pending moderation, and mails its removal link. Returns the token.

    The removal link (the core's personal links) lasts as long as the entry: removing one's
    data stays possible. The mail goes after the commit; if it fails, the entry is kept, the
    failure is in the mail log and the link is on the thank-you page as well.
    """
    actor = form.save(commit=False)
    actor.region = region
    actor.consented_at = timezone.now()
    actor.status = ModerationStatus.PENDING
    actor.save()
    token = links.issue(actor)
    url = request.build_absolute_uri(reverse("lasframjande:actor-remove", args=[token]))
    mail.send(
        "lasframjande.removal_link",
        to=actor.email,
        template="lasframjande/email/removal_link",
        context={"actor": actor, "url": url},
        region=region,
        obj=actor,
    )
    return token


@transaction.atomic
def remove(actor):
    """Erases the actor, and its personal data from the audit trail and the mail log with it;
    its removal link ends."""
    pk = actor.pk
    actor.delete()
    LiteraryActor.pgh_event_model.objects.filter(pgh_obj_id=pk).delete()
    links.revoke(LiteraryActor, [pk])
    mail.erase(LiteraryActor, [pk])


def moderate(queryset, status):
    """Approves or rejects the actors; returns how many changed."""
    return queryset.exclude(status=status).update(status=status, moderated_at=timezone.now())
