"""The admin's actions that mail many ask first, saying how many will be mailed, and only the
confirmed post cancels and mails; attendance marked present in the admin offers the
certificate by e-mail as the participants page does."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from biblioteksportal.choices import Role
from biblioteksportal.models import MailLog, Region
from kompetens.choices import EventStatus, RegistrationStatus
from kompetens.models import Registration, TrainingEvent

from ..builders import make_event, make_library, make_user
from ..conftest import login

EVENTS = "/admin/kompetens/trainingevent/"
REGISTRATIONS = "/admin/kompetens/registration/"


def add(event, library, name, status=RegistrationStatus.CONFIRMED, **extra):
    return Registration.objects.create(
        event=event,
        name=name,
        email=f"{name}@example.org",
        library=library,
        status=status,
        **extra,
    )


@pytest.fixture
def library(vasteras):
    return make_library(vasteras)


@pytest.fixture
def events(region, library):
    """Two events: one with a place taken, one waiting, one cancelled and one without an
    address; another with one place taken."""
    first = make_event(region, capacity=1)
    add(first, library, "anna")
    add(first, library, "bertil", RegistrationStatus.WAITING)
    add(first, library, "cecilia", RegistrationStatus.CANCELLED)
    Registration.objects.create(
        event=first, name="", email="", library=library, status=RegistrationStatus.WAITING
    )
    second = make_event(region, days=40, title="Sök och hitta")
    add(second, library, "david")
    return [first, second]


def act(client, url, action, objects, follow=False, **extra):
    data = {"action": action, "_selected_action": [o.pk for o in objects], **extra}
    return client.post(url, data, follow=follow)


def statuses(model):
    return dict(model.objects.values_list("pk", "status"))


def recipients(run_jobs):
    run_jobs()
    return sorted(m.to[0] for m in mail.outbox)


def test_cancelling_events_asks_first_and_says_how_many(role_clients, events, run_jobs):
    staff = role_clients["staff"]
    before = statuses(TrainingEvent), statuses(Registration)
    page = act(staff, EVENTS, "cancel_events", events)
    assert page.status_code == 200
    assert "3 e-postmeddelanden skickas." in page.text  # not the cancelled, nor the blank
    for event in events:
        assert f'name="_selected_action" value="{event.pk}"' in page.text
    assert 'name="post" value="yes"' in page.text
    assert 'name="action" value="cancel_events"' in page.text
    assert (statuses(TrainingEvent), statuses(Registration)) == before
    assert recipients(run_jobs) == [] and not MailLog.objects.exists()

    response = act(staff, EVENTS, "cancel_events", events, post="yes")
    assert response.status_code == 302
    assert set(statuses(TrainingEvent).values()) == {EventStatus.CANCELLED}
    assert recipients(run_jobs) == [
        "anna@example.org",
        "bertil@example.org",
        "david@example.org",
    ]
    assert {m.subject for m in mail.outbox} == {
        "Inställt: Digital källkritik",
        "Inställt: Sök och hitta",
    }
    again = act(staff, EVENTS, "cancel_events", events)
    assert "0 e-postmeddelanden skickas." in again.text
    assert 'value="Ja, ställ in" disabled' in again.text  # nothing left to cancel


def test_cancelling_registrations_asks_first_and_says_who_stays(
    role_clients, events, library, region, run_jobs
):
    staff = role_clients["staff"]
    anna = Registration.objects.get(name="anna")
    past = make_event(region, days=-3, title="Informationssökning")
    attended = add(past, library, "erik", attended=True)
    before = statuses(Registration)
    page = act(staff, REGISTRATIONS, "cancel_registrations", [anna, attended])
    assert page.status_code == 200
    assert "1 e-postmeddelande skickas." in page.text
    assert "En anmälan med registrerat deltagande kan inte avbokas." in page.text
    assert "Den som då får en plats från reservlistan får också e-post." in page.text
    assert statuses(Registration) == before
    assert recipients(run_jobs) == [] and not MailLog.objects.exists()

    response = act(
        staff, REGISTRATIONS, "cancel_registrations", [anna, attended], post="yes", follow=True
    )
    assert "Anmälningarna är avbokade. 2 e-postmeddelanden skickades." in response.text
    assert "Erik: En anmälan med registrerat deltagande kan inte avbokas." in response.text
    assert dict(Registration.objects.values_list("name", "status")) == {
        "anna": RegistrationStatus.CANCELLED,
        "bertil": RegistrationStatus.CONFIRMED,  # the freed place
        "cecilia": RegistrationStatus.CANCELLED,
        "david": RegistrationStatus.CONFIRMED,
        "erik": RegistrationStatus.CONFIRMED,
        "": RegistrationStatus.WAITING,
    }
    assert recipients(run_jobs) == ["anna@example.org", "bertil@example.org"]
    assert sorted(m.subject for m in mail.outbox) == [
        "Avbokad: Digital källkritik",
        "Du har fått en plats: Digital källkritik",
    ]
    page = act(staff, REGISTRATIONS, "cancel_registrations", [attended])
    assert "0 e-postmeddelanden skickas." in page.text
    assert 'value="Ja, avboka" disabled' in page.text


def test_staff_of_another_region_cannot_act_on_the_events(role_clients, events, run_jobs):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    outsider = Client()
    login(outsider, make_user("orebro", Role.REGIONAL_STAFF, other, is_staff=True))
    registrations = list(Registration.objects.filter(name="anna"))
    before = statuses(TrainingEvent), statuses(Registration)
    page = act(outsider, EVENTS, "cancel_events", events)
    assert "0 e-postmeddelanden skickas." in page.text
    assert "Digital källkritik" not in page.text
    page = act(outsider, REGISTRATIONS, "cancel_registrations", registrations)
    assert "0 e-postmeddelanden skickas." in page.text and "anna" not in page.text
    act(outsider, EVENTS, "cancel_events", events, post="yes")
    act(outsider, REGISTRATIONS, "cancel_registrations", registrations, post="yes")
    for role in ("anonymous", "reporter", "head"):
        response = act(role_clients[role], EVENTS, "cancel_events", events, post="yes")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert (statuses(TrainingEvent), statuses(Registration)) == before
    assert recipients(run_jobs) == [] and not MailLog.objects.exists()


def confirmation_queries(client, url, action, objects):
    objects = list(objects)
    with CaptureQueriesContext(connection) as queries:
        assert act(client, url, action, objects).status_code == 200
    return len(queries)


def test_the_confirmation_pages_query_counts_are_pinned(role_clients, region, library, events):
    staff = role_clients["staff"]
    staff.get(EVENTS)  # warm caches
    counts = [
        confirmation_queries(staff, EVENTS, "cancel_events", events),
        confirmation_queries(
            staff, REGISTRATIONS, "cancel_registrations", events[0].registrations.all()
        ),
    ]
    for i in range(10):
        event = make_event(region, days=50 + i, title=f"Kurs {i}")
        for n in range(3):
            add(event, library, f"p{i}-{n}")
    counts += [
        confirmation_queries(staff, EVENTS, "cancel_events", TrainingEvent.objects.all()),
        confirmation_queries(
            staff, REGISTRATIONS, "cancel_registrations", Registration.objects.all()
        ),
    ]
    assert counts == [10, 11, 10, 11]


# --- Attendance marked in the admin ----------------------------------------------------------


@pytest.fixture
def past_event(region, library):
    event = make_event(region, days=-3)
    add(event, library, "anna")
    add(event, library, "bertil")
    return event


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def registration_form(registration, **changes):
    return {
        "event": registration.event_id,
        "name": registration.name,
        "email": registration.email,
        "library": registration.library_id,
        "status": registration.status,
        **({"attended": "on"} if registration.attended else {}),
        **changes,
    }


def event_form(event, attended):
    """The event's change form as it is, with `attended` those ticked present in its inline."""
    registrations = list(event.registrations.all())
    data = {
        "region": event.region_id,
        "title": event.title,
        "kind": event.kind,
        "audience": event.audience,
        "start": local(event.start),
        "end": local(event.end),
        "place": event.place,
        "capacity": event.capacity,
        "status": event.status,
        "registrations-TOTAL_FORMS": len(registrations),
        "registrations-INITIAL_FORMS": len(registrations),
        "registrations-MIN_NUM_FORMS": 0,
        "registrations-MAX_NUM_FORMS": 1000,
        "_save": "Spara",
    }
    for i, registration in enumerate(registrations):
        row = registration_form(registration, id=registration.pk, event=event.pk)
        row.pop("attended", None)
        if registration in attended:
            row["attended"] = "on"
        data.update({f"registrations-{i}-{key}": value for key, value in row.items()})
    return data


def test_marking_present_on_a_registrations_page_mails_the_certificate_once(
    role_clients, past_event, run_jobs
):
    staff = role_clients["staff"]
    anna = past_event.registrations.get(name="anna")
    url = f"{REGISTRATIONS}{anna.pk}/change/"
    response = staff.post(url, registration_form(anna, attended="on"), follow=True)
    assert "Närvaron är sparad. 1 deltagare har fått e-post med sitt intyg." in response.text
    assert recipients(run_jobs) == ["anna@example.org"]
    assert mail.outbox[0].subject == "Intyg om deltagande: Digital källkritik"
    anna.refresh_from_db()
    assert anna.attended and anna.certificate_offered
    assert not past_event.registrations.get(name="bertil").attended
    mail.outbox.clear()
    staff.post(url, registration_form(anna, name="Anna A"))  # saved again: no second mail
    anna.refresh_from_db()
    staff.post(url, registration_form(anna, attended=""))
    staff.post(url, registration_form(anna, attended="on"))  # present again: still once
    assert recipients(run_jobs) == []


def test_marking_present_in_the_events_inline_mails_each_certificate_once(
    role_clients, past_event, run_jobs
):
    staff = role_clients["staff"]
    anna, bertil = past_event.registrations.all()
    url = f"{EVENTS}{past_event.pk}/change/"
    response = staff.post(url, event_form(past_event, [anna]), follow=True)
    assert "Närvaron är sparad. 1 deltagare har fått e-post med sitt intyg." in response.text
    assert recipients(run_jobs) == ["anna@example.org"]
    mail.outbox.clear()
    staff.post(url, event_form(past_event, [anna, bertil]))
    assert recipients(run_jobs) == ["bertil@example.org"]
    assert set(past_event.registrations.values_list("attended", flat=True)) == {True}


def test_marking_present_before_the_event_mails_nothing(role_clients, region, library, run_jobs):
    event = make_event(region, days=3)
    anna = add(event, library, "anna")
    role_clients["staff"].post(
        f"{REGISTRATIONS}{anna.pk}/change/", registration_form(anna, attended="on")
    )
    anna.refresh_from_db()
    assert anna.attended and anna.certificate_offered is None
    assert recipients(run_jobs) == []
