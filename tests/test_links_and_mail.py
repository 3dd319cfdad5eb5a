"""The core's personal links and mail: only a token's hash is stored, links end; mail goes
as a job of the queue, in the region's identity, every attempt logged, a failed one sent
again."""

import hashlib
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail as outbox
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from biblioteksportal import links, mail
from biblioteksportal.choices import MailStatus
from biblioteksportal.models import Library, MailLog, Municipality, PersonalLink, Region

from .conftest import run_committed_jobs


class FailingBackend(EmailBackend):
    def send_messages(self, messages):
        raise SMTPException("550 mailbox unavailable")


FAILING = "tests.test_links_and_mail.FailingBackend"


def send(region, obj=None, to="anna@example.org"):
    return mail.send(
        "test.greeting",
        to=to,
        template="test/greeting",
        context={"name": "Anna"},
        region=region,
        obj=obj,
    )


@pytest.fixture
def templates(settings, tmp_path):
    """A mail template of the test's own."""
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "greeting_subject.txt").write_text("Hej\n{{ name }}\n")
    (tmp_path / "test" / "greeting.txt").write_text("Hej {{ name }} från {{ region.name }}.\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


# Personal links ------------------------------------------------------------------------------


def test_only_the_tokens_hash_is_stored(region):
    token = links.issue(region)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    (link,) = PersonalLink.objects.all()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in PersonalLink.objects.values_list(flat=True)]
    assert not any(token in value for value in stored)
    assert links.find(Region.objects.all(), token) == region


def test_a_link_finds_nothing_when_unknown_altered_expired_revoked_or_of_another_kind(
    region, vasteras, monkeypatch
):
    queryset = Region.objects.all()
    token = links.issue(region, expires=timezone.now() + timedelta(days=1))
    assert links.find(queryset, token) == region
    for bad in ["", "gissning", token[:-1] + ("A" if token[-1] != "A" else "B")]:
        assert links.find(queryset, bad) is None
    assert links.find(Municipality.objects.all(), token) is None  # issued for a region
    assert links.find(queryset.exclude(pk=region.pk), token) is None  # not in the queryset
    later = timezone.now() + timedelta(days=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert links.find(queryset, token) is None
    links.issue(vasteras)  # issuing removes the expired links
    assert list(PersonalLink.objects.values_list("object_id", flat=True)) == [vasteras.pk]
    links.revoke(Municipality, [vasteras.pk])
    assert not PersonalLink.objects.exists()


# Mail ------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_committed_mail_and_a_rollback_sends_and_logs_nothing(
    templates, monkeypatch
):
    """procrastinate's own worker, on its own connections, as `manage.py procrastinate
    worker` runs it."""
    region = Region.objects.create(name="Region Exempel", code="99", slug="exempel")
    with pytest.raises(RuntimeError), transaction.atomic():
        send(region)
        raise RuntimeError
    assert not MailLog.objects.exists() and not ProcrastinateJob.objects.exists()
    send(region)
    assert outbox.outbox == []  # not in the request
    run_committed_jobs(monkeypatch)
    assert not ProcrastinateJob.objects.exists()  # done, and deleted
    (message,) = outbox.outbox
    assert message.subject == "Hej Anna" and message.to == ["anna@example.org"]
    log = MailLog.objects.get()
    assert (log.status, log.attempts, log.body) == (MailStatus.SENT, 1, "")
    assert log.sent is not None and log.region == region


def test_mail_is_in_the_regions_identity(templates, region, run_jobs):
    other = Region.objects.create(
        name="Region Exempel",
        code="99",
        slug="exempel",
        portal_name="Bibliotek i Exempel",
        unit_name="Regionbiblioteket Exempel",
        sender_name="Biblioteken i Exempel",
        contact="Box 1, 999 99 Exempelstad",
    )
    send(other)
    run_jobs()
    (message,) = outbox.outbox
    assert message.from_email == "Biblioteken i Exempel <biblioteksportal@localhost>"
    assert message.body == (
        "Hej Anna från Region Exempel.\n\n-- \nBibliotek i Exempel\n"
        "Regionbiblioteket Exempel\nBox 1, 999 99 Exempelstad\n"
    )
    assert "Västmanland" not in message.body + message.from_email


def test_a_failed_send_is_logged_and_sent_again_from_the_admin(
    templates, settings, region, vasteras, role_clients, run_jobs
):
    library = Library.objects.create(region=region, municipality=vasteras, name="Stadsbiblioteket")
    settings.EMAIL_BACKEND = FAILING
    log = send(region, obj=library)
    run_jobs()
    log.refresh_from_db()
    assert (log.status, log.attempts) == (MailStatus.FAILED, 1)
    assert log.error == "SMTPException: 550 mailbox unavailable"
    assert "Hej Anna" in log.body  # kept for the retry
    staff = role_clients["staff"]
    page = staff.get("/admin/biblioteksportal/maillog/?status=failed").text
    assert "anna@example.org" in page and "bibliotek " + str(library.pk) in page
    assert "Skicka igen" in page
    action = {"action": "send_again", "_selected_action": [log.pk]}
    staff.post("/admin/biblioteksportal/maillog/", action)
    log.refresh_from_db()
    assert (log.status, log.attempts) == (MailStatus.FAILED, 2)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = staff.post("/admin/biblioteksportal/maillog/", action, follow=True)
    assert "1 meddelande skickades." in response.text
    log.refresh_from_db()
    assert (log.status, log.attempts, log.error, log.body) == (MailStatus.SENT, 3, "", "")
    assert [m.to for m in outbox.outbox] == [["anna@example.org"]]
    # a sent mail is not sent again
    staff.post("/admin/biblioteksportal/maillog/", action)
    assert len(outbox.outbox) == 1


def test_mail_log_is_read_only_and_per_region(templates, region, role_clients):
    other = Region.objects.create(name="Region Exempel", code="99", slug="exempel")
    mine = send(region, to="egen@example.org")
    send(other, to="annan@example.org")
    staff = role_clients["staff"]
    page = staff.get("/admin/biblioteksportal/maillog/").text
    assert "egen@example.org" in page and "annan@example.org" not in page
    assert staff.get(f"/admin/biblioteksportal/maillog/{mine.pk}/change/").status_code == 200
    assert staff.get("/admin/biblioteksportal/maillog/add/").status_code == 403
    assert role_clients["head"].get("/admin/biblioteksportal/maillog/").status_code == 302


def test_erase_blanks_the_recipient_and_text(templates, settings, region, run_jobs):
    settings.EMAIL_BACKEND = FAILING
    log = send(region, obj=region)
    run_jobs()
    mail.erase(Region, [region.pk])
    log.refresh_from_db()
    assert (log.recipient, log.body, log.status) == ("", "", MailStatus.FAILED)
    assert mail.retry(MailLog.objects.all()) == 0
