"""The portal's e-mail: one way to send it, as a job of the queue, each attempt logged.

`send` renders the subject and body from templates in the identity of the region the mail is
about (the templates get `region`; the sender is the region's, and the body ends with the
region's signature), writes a MailLog row and defers a job that delivers it, both in the
caller's transaction: a rolled-back transaction sends nothing and logs nothing, and a worker
sends the mail once it commits. An attempt that fails is logged as failed with its error and
count (the user's request goes on); the queue tries again with a growing wait, and the admin
can send a failed mail again (`retry`).
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from .choices import MailStatus
from .models import MailLog, Profile

logger = logging.getLogger(__name__)


def mailed(roles):
    """The profiles of active users of the roles who have an e-mail address: whom a reminder
    to those roles reaches."""
    return Profile.objects.filter(role__in=roles, user__is_active=True).exclude(user__email="")


def send(kind, *, to, template, context, region, obj=None):
    """Log a mail to `to` and queue its delivery in the current transaction; returns the log.

    The subject is `<template>_subject.txt` on one line, the body `<template>.txt` followed by
    the region's signature (`email/signature.txt`). `kind` names the mail in the log, e.g.
    "kompetens.registered"; `obj` is what it is about.
    """
    context = {**context, "region": region}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context).rstrip() + "\n"
    if signature := render_to_string("email/signature.txt", context).strip():
        body += f"\n{signature}\n"
    log = MailLog.objects.create(
        kind=kind,
        region=region,
        content_type=ContentType.objects.get_for_model(obj) if obj else None,
        object_id=obj.pk if obj else None,
        sender=region.from_email if region else settings.DEFAULT_FROM_EMAIL,
        recipient=to,
        subject=subject,
        body=body,
    )
    deliver_job.defer(log_id=log.pk)
    return log


class NotSent(Exception):
    """An attempt to send a mail failed: the queue tries again."""


# Six attempts in about 70 minutes: 65 s, 85 s, 185 s, 685 s and 3185 s apart.
@app.task(name="mail.deliver", retry=RetryStrategy(max_attempts=5, wait=60, exponential_wait=5))
def deliver_job(log_id):
    """Deliver a logged mail not sent yet (nor blanked since); raises NotSent when it fails."""
    log = MailLog.objects.filter(pk=log_id).exclude(status=MailStatus.SENT).first()
    if log and log.recipient and log.body and not deliver(log):
        raise NotSent(log.error)


def deliver(log):
    """Send a logged mail now and record how it went; True when it was sent. A failure is
    logged, never raised: the mail can be sent again."""
    log.attempts += 1
    try:
        EmailMessage(log.subject, log.body, log.sender, [log.recipient]).send()
    except Exception as error:  # noqa: BLE001 - whatever the backend raises is the result
        logger.exception("Could not send mail %s (%s)", log.pk, log.kind)
        log.status, log.error = MailStatus.FAILED, f"{type(error).__name__}: {error}"
    else:
        # sent: the text (which may hold a personal link) is not kept
        log.status, log.error, log.body, log.sent = MailStatus.SENT, "", "", timezone.now()
    log.save(update_fields=["attempts", "status", "error", "body", "sent", "modified"])
    return log.status == MailStatus.SENT


def retry(logs):
    """Send the failed mails among `logs` again; returns how many were sent."""
    failed = logs.filter(status=MailStatus.FAILED).exclude(recipient="").exclude(body="")
    return sum(deliver(log) for log in failed)


def erase(model, ids):
    """Blank recipient and text of the mails about these objects (when their personal data is
    anonymised or removed); kind, time and result stay."""
    MailLog.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).update(recipient="", body="", modified=timezone.now())
