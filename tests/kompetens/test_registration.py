"""Registering, the waiting list, cancelling through the personal link, bad input."""

import hashlib
import re
import threading
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from biblioteksportal.choices import MailStatus
from biblioteksportal.models import MailLog, PersonalLink
from kompetens import services
from kompetens.choices import EventStatus, RegistrationStatus
from kompetens.models import Registration

from ..builders import make_event, make_library
from ..conftest import assert_queries_constant, run_worker

BASE = "http://testserver/"


pytestmark = pytest.mark.usefixtures("run_jobs")


def committed(fn, *args, **kwargs):
    """Call fn, then run the jobs it queued (its e-mails) as a worker would."""
    result = fn(*args, **kwargs)
    run_worker()
    return result


@pytest.fixture
def library(vasteras):
    return make_library(vasteras)


@pytest.fixture
def event(region):
    return make_event(region, capacity=1)


def register(event, library, email, name="Anna"):
    return committed(
        services.register, event, name=name, email=email, library=library, base_url=BASE
    )


def link_in(message):
    return re.search(r"http://testserver(/kompetens/anmalan/[^/\s]+/)", message.body).group(1)


def post(client, event, **data):
    return committed(client.post, reverse("kompetens:event", args=[event.pk]), data)


def test_self_registration_gives_place_then_waiting_list(client, event, library):
    data = {"name": "Anna Andersson", "email": "anna@example.org", "library": library.pk}
    response = post(client, event, **data)
    assert response.status_code == 302
    follow = client.get(response["Location"]).text
    assert "Du har fått en plats" in follow
    data = {"name": "Bo Berg", "email": "bo@example.org", "library": library.pk}
    assert "reservlistan" in client.get(post(client, event, **data)["Location"]).text
    statuses = list(Registration.objects.values_list("email", "status"))
    assert statuses == [
        ("anna@example.org", RegistrationStatus.CONFIRMED),
        ("bo@example.org", RegistrationStatus.WAITING),
    ]
    assert [m.subject for m in mail.outbox] == [
        "Bekräftelse: Digital källkritik",
        "Reservlista: Digital källkritik",
    ]
    assert mail.outbox[0].to == ["anna@example.org"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "inte-en-adress"}, "Ange en giltig e-postadress"),
        ({"name": ""}, "Detta fält måste fyllas i."),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_kept(client, event, library, data, message):
    fields = {"name": "Anna", "email": "anna@example.org", "library": library.pk, **data}
    response = post(client, event, **fields)
    assert response.status_code == 200
    assert message in response.text and 'class="field-errors"' in response.text
    assert fields["email"] in response.text and Registration.objects.count() == 0


def test_same_email_twice_is_refused(client, event, library):
    register(event, library, "anna@example.org")
    response = post(client, event, name="Anna", email="ANNA@example.org", library=library.pk)
    assert "E-postadressen är redan anmäld till det här tillfället." in response.text
    assert Registration.objects.count() == 1


def test_after_deadline_is_refused(client, event, library):
    event.registration_deadline = timezone.now() - timedelta(hours=1)
    event.save()
    response = post(client, event, name="Anna", email="anna@example.org", library=library.pk)
    assert "Sista anmälningsdag har passerat." in response.text
    assert Registration.objects.count() == 0


def test_cancelled_event_is_refused(client, event, library):
    event.status = EventStatus.CANCELLED
    event.save()
    response = post(client, event, name="Anna", email="anna@example.org", library=library.pk)
    assert "Utbildningstillfället är inställt." in response.text
    assert Registration.objects.count() == 0


def test_cancel_through_link_promotes_first_waiting_with_email(client, event, library):
    first = register(event, library, "a@example.org")
    register(event, library, "b@example.org", name="Bo")
    register(event, library, "c@example.org", name="Cecilia")
    link = link_in(mail.outbox[0])
    mail.outbox.clear()
    page = client.get(link).text
    assert "a@example.org" in page and "Bekräftad plats" in page
    assert committed(client.post, link).status_code == 302
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["b@example.org"] == RegistrationStatus.CONFIRMED
    assert statuses["c@example.org"] == RegistrationStatus.WAITING
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("a@example.org", "Avbokad: Digital källkritik"),
        ("b@example.org", "Du har fått en plats: Digital källkritik"),
    ]
    assert "/kompetens/anmalan/" in mail.outbox[1].body
    # the link used again changes nothing
    committed(client.post, link)
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 1
    assert len(mail.outbox) == 2


def test_raised_capacity_fills_places_in_order(event, library):
    for email in ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]:
        register(event, library, email)
    event.capacity = 3
    event.save()
    mail.outbox.clear()
    promoted = committed(services.fill_places, event, base_url=BASE)
    assert [r.email for r in promoted] == ["b@example.org", "c@example.org"]
    assert [m.to[0] for m in mail.outbox] == ["b@example.org", "c@example.org"]
    assert event.registrations.get(email="d@example.org").status == RegistrationStatus.WAITING


def test_guessed_or_altered_link_does_nothing(client, event, library):
    registration = register(event, library, "a@example.org")
    token = services.personal_token(registration)
    signed_elsewhere = signing.dumps(registration.pk, salt="another.purpose", compress=True)
    for bad in [token[:-2] + "xx", "1", signed_elsewhere]:
        assert client.get(reverse("kompetens:registration", args=[bad])).status_code == 404
        assert client.post(reverse("kompetens:registration", args=[bad])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_link_of_one_registration_shows_only_that_one(client, event, library):
    register(event, library, "a@example.org", name="Anna")
    register(event, library, "b@example.org", name="Bo")
    page = client.get(link_in(mail.outbox[1])).text
    assert "Bo" in page and "b@example.org" in page and "a@example.org" not in page


def test_registration_page_query_count(client, event, library):
    register(event, library, "a@example.org")
    link = link_in(mail.outbox[0])

    def grow():
        for i in range(10):
            register(event, library, f"x{i}@example.org")

    assert assert_queries_constant(client, link, grow) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_for_the_last_place(region, vasteras):
    """Eight people at once for the last two places: exactly two places are given."""
    event = make_event(region, capacity=3)
    library = make_library(vasteras)
    register(event, library, "first@example.org")
    barrier = threading.Barrier(8)
    errors = []

    def attempt(i):
        try:
            barrier.wait()
            services.register(
                event, name="Anna", email=f"p{i}@example.org", library=library, base_url=BASE
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in RegistrationStatus
    }
    assert counts == {
        RegistrationStatus.CONFIRMED: 3,
        RegistrationStatus.WAITING: 6,
        RegistrationStatus.CANCELLED: 0,
    }


def test_attended_registration_cannot_be_cancelled_through_the_link(client, region, library):
    past = make_event(region, days=-3)
    registration = Registration.objects.create(
        event=past,
        name="Anna",
        email="a@example.org",
        library=library,
        status=RegistrationStatus.CONFIRMED,
    )
    committed(services.mark_attendance, past, [registration.pk], base_url=BASE)
    mail.outbox.clear()  # the certificate's
    link = reverse("kompetens:registration", args=[services.personal_token(registration)])
    response = committed(client.post, link)
    assert response.status_code == 409
    assert "En anmälan med registrerat deltagande kan inte avbokas." in response.text
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.attended
    assert mail.outbox == []


def test_only_the_links_hash_is_stored_and_the_sent_text_is_not_kept(client, event, library):
    post(client, event, name="Anna", email="anna@example.org", library=library.pk)
    token = link_in(mail.outbox[0]).split("/")[-2]
    assert len(token) >= 43
    assert PersonalLink.objects.filter(
        token_hash=hashlib.sha256(token.encode()).hexdigest()
    ).exists()
    log = MailLog.objects.get()
    assert (log.kind, log.status, log.recipient) == (
        "kompetens.registered",
        MailStatus.SENT,
        "anna@example.org",
    )
    assert log.object_id == Registration.objects.get().pk
    for row in [*PersonalLink.objects.values_list(), *MailLog.objects.values_list()]:
        assert not any(token in str(value) for value in row)


def test_a_failed_mail_keeps_the_registration_and_is_logged(client, event, library, settings):
    settings.EMAIL_BACKEND = "tests.test_links_and_mail.FailingBackend"
    response = post(client, event, name="Anna", email="anna@example.org", library=library.pk)
    assert response.status_code == 302
    assert Registration.objects.get().email == "anna@example.org"
    log = MailLog.objects.get()
    assert log.status == MailStatus.FAILED and "550" in log.error


def test_the_link_ends_when_the_retention_period_after_the_event_has_passed(
    client, event, library, monkeypatch, settings
):
    settings.KOMPETENS_RETENTION_MONTHS = 3
    register(event, library, "a@example.org")
    link = link_in(mail.outbox[0])
    expiry = services.link_expiry(event)
    months = (expiry.year - event.end.year) * 12 + expiry.month - event.end.month
    assert months == 3 and expiry.time() == event.end.time()
    monkeypatch.setattr(timezone, "now", lambda: expiry - timedelta(seconds=1))
    assert client.get(link).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: expiry)
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404


def test_an_old_signed_link_works_until_the_same_expiry(client, event, library, monkeypatch):
    registration = register(event, library, "a@example.org")
    old = reverse(
        "kompetens:registration",
        args=[signing.dumps(registration.pk, salt=services.TOKEN_SALT, compress=True)],
    )
    assert "a@example.org" in client.get(old).text
    expiry = services.link_expiry(event)
    monkeypatch.setattr(timezone, "now", lambda: expiry)
    assert client.get(old).status_code == 404


def test_no_cancelling_once_the_event_has_started(client, region, library):
    started = make_event(region, days=-1)  # began yesterday, ended four hours later
    registration = Registration.objects.create(
        event=started,
        name="Anna",
        email="a@example.org",
        library=library,
        status=RegistrationStatus.CONFIRMED,
    )
    link = reverse("kompetens:registration", args=[services.personal_token(registration)])
    assert "Avboka min plats" not in client.get(link).text
    response = committed(client.post, link)
    assert response.status_code == 409
    assert "Utbildningen har redan börjat, så anmälan kan inte avbokas." in response.text
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED and mail.outbox == []


def test_a_cancelled_registration_is_not_cancelled_again(client, event, library):
    register(event, library, "a@example.org")
    waiting = register(event, library, "b@example.org")
    link = link_in(mail.outbox[0])
    committed(client.post, link)
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED
    mail.outbox.clear()
    page = client.get(link).text
    assert "Avanmäld" in page and "Avboka min plats" not in page
    response = committed(client.post, link)
    assert response.status_code == 409 and "Anmälan är redan avbokad." in response.text
    assert mail.outbox == []


def test_anonymising_ends_the_links_and_blanks_the_mail_log(client, event, library):
    registration = register(event, library, "a@example.org")
    services.mark_attendance(event, [registration.pk], base_url=BASE)
    link = link_in(mail.outbox[0])
    event.start, event.end = timezone.now() - timedelta(days=400, hours=4), timezone.now()
    event.end -= timedelta(days=400)
    event.save()
    assert client.get(link + "intyg.pdf").status_code == 200
    assert services.anonymise_participants(12) == 1
    assert client.get(link).status_code == 404
    assert client.get(link + "intyg.pdf").status_code == 404
    assert not PersonalLink.objects.exists()
    assert sorted(MailLog.objects.values_list("kind", "recipient")) == [
        ("kompetens.certificate", ""),
        ("kompetens.registered", ""),
    ]
