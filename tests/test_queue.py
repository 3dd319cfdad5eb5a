"""The job queue (procrastinate): e-mail delivered by a worker, retried with back-off, each
attempt in the mail log; the periodic jobs instead of cron, each once per period."""

import datetime

from asgiref.sync import async_to_sync
from django.core import mail as outbox
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.periodic import PeriodicDeferrer

from biblioteksportal import mail
from biblioteksportal.choices import MailStatus
from kompetens.choices import RegistrationStatus
from kompetens.models import Registration
from kompetens.tasks import anonymise_old_participants

from .builders import make_event, make_library

FAILING = "tests.test_links_and_mail.FailingBackend"


def send(region, obj=None):
    context = {"user": "anna", "protocol": "https", "domain": "x", "uid": "MQ", "token": "a-b"}
    return mail.send(
        "test",
        to="anna@example.se",
        template="registration/password_reset",
        context=context,
        region=region,
        obj=obj,
    )


def test_a_mail_is_a_job_the_worker_delivers(region, run_jobs):
    log = send(region)
    assert outbox.outbox == []
    assert [job["task_name"] for job in run_jobs.queue.jobs.values()] == ["mail.deliver"]
    run_jobs()
    log.refresh_from_db()
    assert [m.to for m in outbox.outbox] == [["anna@example.se"]]
    assert (log.status, log.attempts, log.body) == (MailStatus.SENT, 1, "")


def test_a_rolled_back_transaction_queues_no_mail(region):
    with transaction.atomic():
        send(region)
        assert ProcrastinateJob.objects.get().task_name == "mail.deliver"  # in the database
        transaction.set_rollback(True)
    assert not ProcrastinateJob.objects.exists()


def test_a_failed_attempt_is_logged_and_tried_again_later_each_wait_longer(
    region, run_jobs, settings
):
    settings.EMAIL_BACKEND = FAILING
    log = send(region)
    (job,) = run_jobs.queue.jobs.values()
    waits = []
    for attempt in range(1, 7):
        run_jobs()
        log.refresh_from_db()
        assert (log.status, log.attempts) == (MailStatus.FAILED, attempt)
        assert log.error == "SMTPException: 550 mailbox unavailable"
        if job["status"] == "todo":  # retried later, not before
            waits.append(round((job["scheduled_at"] - timezone.now()).total_seconds()))
            run_jobs()
            assert log.attempts == attempt
            job["scheduled_at"] = timezone.now()  # the wait is over
    assert waits == [65, 85, 185, 685, 3185]
    assert job["status"] == "failed" and log.body  # kept for the admin's "send again"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail.retry(type(log).objects.all()) == 1
    log.refresh_from_db()
    assert (log.status, log.attempts, log.body) == (MailStatus.SENT, 7, "")


def test_a_mail_erased_before_its_turn_is_not_sent(region, run_jobs):
    send(region, obj=region)
    mail.erase(type(region), [region.pk])  # e.g. its registration anonymised meanwhile
    run_jobs()
    assert outbox.outbox == []


def periodic(name):
    (found,) = [p for p in app.periodic_registry.periodic_tasks.values() if p.task.name == name]
    return found


def test_the_periodic_jobs_and_when(db):
    crons = {p.task.name: p.cron for p in app.periodic_registry.periodic_tasks.values()}
    assert crons.items() >= {
        ("biblioteksplaner.tasks.send_plan_reminders", "0 5 * * *"),
        ("kompetens.tasks.anonymise_old_participants", "30 3 * * *"),
        ("biblioteksportal.tasks.cleanup_files", "0 2 * * 0"),
        ("biblioteksportal.followup.tasks.send_round_reminders", "30 5 * * *"),
    }


def test_two_workers_defer_a_periodic_job_once_per_period(db):
    """Each worker's deferrer defers the period's job; the database (its unique key per task
    and timestamp) keeps the second from deferring it again. The next period's is deferred."""
    task = periodic("kompetens.tasks.anonymise_old_participants")
    due = int(datetime.datetime(2026, 3, 2, 3, 30, tzinfo=datetime.UTC).timestamp())
    for _ in range(2):  # two workers
        async_to_sync(PeriodicDeferrer(app.periodic_registry).defer_jobs)([(task, due)])
    jobs = ProcrastinateJob.objects.filter(task_name=task.task.name)
    assert list(jobs.values_list("args", flat=True)) == [{"timestamp": due}]
    async_to_sync(PeriodicDeferrer(app.periodic_registry).defer_jobs)([(task, due + 86400)])
    assert jobs.count() == 2


def test_the_daily_job_anonymises_the_participants_of_old_events(region, vasteras, run_jobs):
    library = make_library(vasteras)
    old, recent = (
        make_event(region, start=timezone.now() - datetime.timedelta(days=days))
        for days in (400, 300)
    )
    for event in (old, recent):
        Registration.objects.create(
            event=event,
            name="Anna",
            email="anna@example.org",
            library=library,
            status=RegistrationStatus.CONFIRMED,
        )
    anonymise_old_participants.defer(timestamp=int(timezone.now().timestamp()))
    run_jobs()
    assert dict(Registration.objects.values_list("event", "email")) == {
        old.pk: "",
        recent.pk: "anna@example.org",
    }
