"""The admin: regional staff only; cancelling events and registrations through services."""

import pytest
from django.core import mail

from kompetens.choices import EventStatus, RegistrationStatus
from kompetens.models import Registration

from ..builders import make_event, make_library


@pytest.fixture
def event(region, vasteras):
    event = make_event(region, capacity=1)
    library = make_library(vasteras)
    for i, status in enumerate([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]):
        Registration.objects.create(
            event=event, name=f"P{i}", email=f"p{i}@example.org", library=library, status=status
        )
    return event


def test_admin_is_for_regional_staff(role_clients, event):
    url = f"/admin/kompetens/trainingevent/{event.pk}/change/"
    assert role_clients["staff"].get(url).status_code == 200
    for role in ("head", "reporter"):
        assert role_clients[role].get(url).status_code == 302  # to the admin login


def test_cancel_event_action_tells_everyone_registered(role_clients, event, run_jobs):
    response = role_clients["staff"].post(
        "/admin/kompetens/trainingevent/",
        {"action": "cancel_events", "_selected_action": [event.pk], "post": "yes"},
    )
    run_jobs()
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org"]
    assert mail.outbox[0].subject == "Inställt: Digital källkritik"


def test_cancel_registration_action_promotes_waiting(role_clients, event, run_jobs):
    first = event.registrations.get(status=RegistrationStatus.CONFIRMED)
    role_clients["staff"].post(
        "/admin/kompetens/registration/",
        {"action": "cancel_registrations", "_selected_action": [first.pk], "post": "yes"},
    )
    run_jobs()
    assert dict(event.registrations.values_list("name", "status")) == {
        "P0": RegistrationStatus.CANCELLED,
        "P1": RegistrationStatus.CONFIRMED,
    }
    assert [m.subject for m in mail.outbox] == [
        "Avbokad: Digital källkritik",
        "Du har fått en plats: Digital källkritik",
    ]


def test_cancel_registration_action_keeps_an_attended_one(role_clients, region, vasteras):
    past = make_event(region, days=-3)
    attended = Registration.objects.create(
        event=past,
        name="Anna",
        email="a@example.org",
        library=make_library(vasteras, name="Biblioteket"),
        status=RegistrationStatus.CONFIRMED,
        attended=True,
    )
    response = role_clients["staff"].post(
        "/admin/kompetens/registration/",
        {"action": "cancel_registrations", "_selected_action": [attended.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Anna: En anmälan med registrerat deltagande kan inte avbokas." in response.text
    attended.refresh_from_db()
    assert attended.status == RegistrationStatus.CONFIRMED
