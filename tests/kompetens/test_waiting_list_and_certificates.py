"""Leaving the waiting list through the personal link, and the certificate offered by e-mail
to those marked present (once), refused to everyone else."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from biblioteksportal.choices import Role
from biblioteksportal.models import MailLog, Region
from kompetens import queries, services
from kompetens.choices import RegistrationStatus
from kompetens.models import Registration

from ..builders import make_event, make_library, make_user
from ..conftest import assert_queries_constant, login
from .test_registration import committed
from .test_registration import event as event  # noqa: F401 (fixture)
from .test_registration import library as library  # noqa: F401 (fixture)

BASE = "http://testserver/"

pytestmark = pytest.mark.usefixtures("run_jobs")


def register(event, library, email):
    return committed(
        services.register,
        event,
        name=email.split("@")[0],
        email=email,
        library=library,
        base_url=BASE,
    )


def add(event, library, email, status=RegistrationStatus.CONFIRMED):
    """A registration made without its mail."""
    return Registration.objects.create(
        event=event, name=email.split("@")[0], email=email, library=library, status=status
    )


def link_of(registration, name="kompetens:registration"):
    return reverse(name, args=[services.personal_token(registration)])


def leave_link(registration):
    return link_of(registration, "kompetens:leave-waiting-list")


def link_in(message):
    return re.search(r"http://testserver(/kompetens/anmalan/\S+)", message.body).group(1)


def subjects():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


# Leaving the waiting list ------------------------------------------------------------------


def test_a_waiting_registrant_leaves_through_the_confirmation_page(client, event, library):
    first = register(event, library, "anna@example.org")
    bo, cecilia, david = (
        register(event, library, f"{name}@example.org") for name in ("bo", "cecilia", "david")
    )
    own = link_in(mail.outbox[1])  # Bo's link, from his mail
    leave = own + "reservlista/"
    page = client.get(own).text
    assert "Reservlista, plats 1" in page and leave in page and "Avboka min plats" not in page
    mail.outbox.clear()

    confirm = client.get(leave)
    assert confirm.status_code == 200
    assert "Du står på plats 1 på reservlistan till ”Digital källkritik”" in confirm.text
    bo.refresh_from_db()
    assert bo.status == RegistrationStatus.WAITING and mail.outbox == []  # GET only asks

    response = committed(client.post, leave, follow=True)
    assert response.redirect_chain == [(own, 302)]
    assert "Du har lämnat reservlistan. En bekräftelse har skickats till bo@example.org." in (
        response.text
    )
    bo.refresh_from_db()
    assert bo.status == RegistrationStatus.CANCELLED
    # the others keep their order
    assert [queries.waiting_place(r) for r in (cecilia, david)] == [1, 2]
    assert subjects() == [("bo@example.org", "Du har lämnat reservlistan: Digital källkritik")]
    assert "Du står inte längre på reservlistan" in mail.outbox[0].body

    # a place freed later goes to the first still waiting
    mail.outbox.clear()
    committed(services.cancel, first, base_url=BASE)
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        "anna@example.org": RegistrationStatus.CANCELLED,
        "bo@example.org": RegistrationStatus.CANCELLED,
        "cecilia@example.org": RegistrationStatus.CONFIRMED,
        "david@example.org": RegistrationStatus.WAITING,
    }
    assert subjects() == [
        ("anna@example.org", "Avbokad: Digital källkritik"),
        ("cecilia@example.org", "Du har fått en plats: Digital källkritik"),
    ]


def test_leaving_twice_is_told_and_sends_nothing(client, event, library):
    add(event, library, "anna@example.org")
    waiting = add(event, library, "bo@example.org", RegistrationStatus.WAITING)
    leave = leave_link(waiting)
    assert committed(client.post, leave).status_code == 302
    mail.outbox.clear()
    page = client.get(leave)
    assert page.status_code == 200 and "Du står inte längre på reservlistan." in page.text
    assert "Ja, lämna reservlistan" not in page.text
    response = committed(client.post, leave)
    assert response.status_code == 409
    assert "Du står inte längre på reservlistan." in response.text and mail.outbox == []
    assert "Lämna reservlistan</a>" not in client.get(link_of(waiting)).text


@pytest.mark.parametrize(
    ("days", "status", "message"),
    [
        (-1, RegistrationStatus.WAITING, "Utbildningen har redan börjat, så reservlistan kan"),
        (30, RegistrationStatus.CONFIRMED, "Du har redan fått en plats och står inte på"),
    ],
)
def test_leaving_after_the_start_or_with_a_place_is_refused(
    client, region, library, days, status, message
):
    event = make_event(region, days=days, capacity=1)
    registration = add(event, library, "anna@example.org", status)
    page = client.get(leave_link(registration))
    assert page.status_code == 200 and message in page.text
    assert "Ja, lämna reservlistan" not in page.text
    assert "Lämna reservlistan</a>" not in client.get(link_of(registration)).text
    response = committed(client.post, leave_link(registration))
    assert response.status_code == 409 and message in response.text
    registration.refresh_from_db()
    assert registration.status == status and mail.outbox == []


def test_the_leave_page_opens_with_the_link_only_for_every_role(
    role_clients, event, library, monkeypatch
):
    add(event, library, "anna@example.org")
    waiting = add(event, library, "bo@example.org", RegistrationStatus.WAITING)
    leave = leave_link(waiting)
    token = leave.split("/")[3]
    forged = [
        reverse("kompetens:leave-waiting-list", args=[bad])
        for bad in (token[:-2] + "xx", "1", "x" * 500)
    ]
    for role, client in role_clients.items():
        assert client.get(leave).status_code == 200, role
        for url in forged:
            assert client.get(url).status_code == 404, (role, url)
            assert committed(client.post, url).status_code == 404, (role, url)
    assert Client(raise_request_exception=False).get(leave[:-1] + "%00/").status_code == 400
    # once the retention period after the event has passed, the link opens nothing
    expiry = services.link_expiry(event)
    monkeypatch.setattr(timezone, "now", lambda: expiry)
    assert role_clients["anonymous"].get(leave).status_code == 404
    assert committed(role_clients["anonymous"].post, leave).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING and mail.outbox == []


def test_a_nul_byte_in_the_posted_form_is_ignored_and_in_the_registration_form_told(
    client, event, library
):
    add(event, library, "anna@example.org")
    waiting = add(event, library, "bo@example.org", RegistrationStatus.WAITING)
    assert committed(client.post, leave_link(waiting), {"x\x00": "\x00"}).status_code == 302
    data = {"name": "Cecilia\x00", "email": "cecilia@example.org", "library": library.pk}
    response = committed(client.post, reverse("kompetens:event", args=[event.pk]), data)
    assert response.status_code == 200 and "Null-tecken är inte tillåtna." in response.text
    assert not Registration.objects.filter(email="cecilia@example.org").exists()


def test_query_counts_of_the_waiting_registrants_pages(client, event, library):
    add(event, library, "anna@example.org")
    waiting = add(event, library, "bo@example.org", RegistrationStatus.WAITING)

    def grow():
        for i in range(10):
            add(
                event,
                library,
                f"x{i}-{Registration.objects.count()}@example.org",
                RegistrationStatus.WAITING,
            )

    counts = {
        "registration": assert_queries_constant(client, link_of(waiting), grow),
        "leave": assert_queries_constant(client, leave_link(waiting), grow),
    }
    assert counts == {"registration": 2, "leave": 2}  # the registration, its waiting place


# Certificates --------------------------------------------------------------------------------


@pytest.fixture
def past_event(region, library):
    """A past event with three who had a place, one waiting and one cancelled."""
    event = make_event(region, days=-3, capacity=3)
    for name in ("anna", "bo", "cecilia"):
        add(event, library, f"{name}@example.org")
    add(event, library, "david@example.org", RegistrationStatus.WAITING)
    add(event, library, "erik@example.org", RegistrationStatus.CANCELLED)
    return event


def ids(event, *names):
    return [str(event.registrations.get(name=name).pk) for name in names]


def mark(client, event, *names):
    url = reverse("kompetens:participants", args=[event.pk])
    return committed(client.post, url, {"attendance": "1", "attended": ids(event, *names)})


def test_each_one_present_is_mailed_the_certificate_once(role_clients, past_event):
    staff = role_clients["staff"]
    response = mark(staff, past_event, "anna", "bo", "david", "erik")
    assert response.status_code == 302
    messages = [str(m) for m in staff.get(response["Location"]).context["messages"]]
    assert messages == ["Närvaron är sparad. 2 deltagare har fått e-post med sina intyg."]
    title = "Intyg om deltagande: Digital källkritik"
    assert subjects() == [("anna@example.org", title), ("bo@example.org", title)]
    # the mail's personal link downloads the certificate, without logging in
    for message in mail.outbox:
        assert re.search(r"/kompetens/anmalan/[^/\s]+/intyg\.pdf$", link_in(message))
        pdf = role_clients["anonymous"].get(link_in(message))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    attended = set(past_event.registrations.filter(attended=True).values_list("name", flat=True))
    assert attended == {"anna", "bo"}  # the waiting and the cancelled cannot be present

    # marked again, with one more and one less: only the new one is mailed
    mail.outbox.clear()
    mark(staff, past_event, "anna", "cecilia")
    assert subjects() == [("cecilia@example.org", title)]
    mail.outbox.clear()
    mark(staff, past_event, "anna", "bo", "cecilia")
    mark(staff, past_event, "anna", "bo", "cecilia")
    assert mail.outbox == []
    kinds = MailLog.objects.filter(kind="kompetens.certificate")
    assert sorted(kinds.values_list("recipient", flat=True)) == [
        "anna@example.org",
        "bo@example.org",
        "cecilia@example.org",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_markings_at_once_mail_each_one_present_once(region, vasteras):
    event = make_event(region, days=-3, capacity=3)
    library = make_library(vasteras)
    present = [add(event, library, f"{name}@example.org").pk for name in ("anna", "bo")]
    barrier = threading.Barrier(2)
    errors = []

    def attempt():
        try:
            barrier.wait()
            services.mark_attendance(event, present, base_url=BASE)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    logs = MailLog.objects.filter(kind="kompetens.certificate")
    assert sorted(logs.values_list("recipient", flat=True)) == [
        "anna@example.org",
        "bo@example.org",
    ]


def test_only_staff_of_the_events_region_marks_attendance(role_clients, past_event):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    outsider = Client()
    login(outsider, make_user("orebro", Role.REGIONAL_STAFF, other, is_staff=True))
    expected = {"anonymous": 302, "reporter": 403, "head": 403, "outsider": 404}
    statuses = {
        role: mark(client, past_event, "anna").status_code
        for role, client in {**role_clients, "outsider": outsider}.items()
        if role != "staff"
    }
    assert statuses == expected
    assert not past_event.registrations.filter(attended=True).exists() and mail.outbox == []


def test_the_certificate_only_for_those_present(client, past_event):
    services.mark_attendance(past_event, ids(past_event, "anna"), base_url=BASE)
    present, absent, waiting = (
        past_event.registrations.get(name=name) for name in ("anna", "bo", "david")
    )
    assert client.get(link_of(present, "kompetens:certificate")).status_code == 200
    for registration in (absent, waiting):
        url = link_of(registration, "kompetens:certificate")
        assert client.get(url).status_code == 404
        assert "Ladda ned intyg" not in client.get(link_of(registration)).text
    forged = reverse("kompetens:certificate", args=["ett-påhittat-token"])
    assert client.get(forged).status_code == 404
    # once the retention period has passed, the link ends with the name on it
    past_event.end = timezone.now() - timedelta(days=400)
    past_event.start = past_event.end - timedelta(hours=3)
    past_event.save()
    url = link_of(present, "kompetens:certificate")
    services.anonymise_participants(12)
    assert client.get(url).status_code == 404


def test_certificate_query_count(client, past_event, library):
    services.mark_attendance(past_event, ids(past_event, "anna"), base_url=BASE)
    url = link_of(past_event.registrations.get(name="anna"), "kompetens:certificate")

    def grow():
        for i in range(10):
            add(past_event, library, f"g{i}-{Registration.objects.count()}@example.org")

    assert assert_queries_constant(client, url, grow) == 2  # the registration, the partners
