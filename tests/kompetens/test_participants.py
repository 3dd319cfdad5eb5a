"""Participants per role, library heads registering their staff, attendance, certificates,
participants per municipality and library."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from biblioteksportal.models import Region
from kompetens import services
from kompetens.choices import RegistrationStatus
from kompetens.models import Registration

from ..builders import make_event, make_library
from ..conftest import READERS, assert_queries_constant, download_statuses, downloads, login

BASE = "http://testserver/"


@pytest.fixture
def libraries(vasteras, koping):
    return make_library(vasteras), make_library(koping)


@pytest.fixture
def event(region, libraries):
    event = make_event(region, capacity=5)
    for i, library in enumerate(libraries):
        Registration.objects.create(
            event=event,
            name=f"Person {library.municipality}",
            email=f"p{i}@example.org",
            library=library,
            status=RegistrationStatus.CONFIRMED,
        )
    return event


@pytest.fixture
def past_event(region, libraries):
    event = make_event(region, days=-10, capacity=5)
    for i, library in enumerate(libraries * 2):
        Registration.objects.create(
            event=event,
            name=f"Deltagare {i}",
            email=f"d{i}@example.org",
            library=library,
            status=RegistrationStatus.CONFIRMED,
        )
    return event


def url(event):
    return reverse("kompetens:participants", args=[event.pk])


def test_participants_per_role(role_clients, event):
    assert role_clients["anonymous"].get(url(event)).status_code == 302
    assert role_clients["reporter"].get(url(event)).status_code == 403
    staff = role_clients["staff"].get(url(event)).text
    assert "Person Västerås" in staff and "Person Köping" in staff
    head = role_clients["head"].get(url(event)).text
    assert (
        "Person Västerås" in head and "Person Köping" not in head and "p1@example.org" not in head
    )


def test_head_registers_own_staff_only(role_clients, event, libraries):
    own, other = libraries
    data = {"register": "1", "name": "Ny Kollega", "email": "ny@example.org"}
    response = role_clients["head"].post(url(event), {**data, "library": other.pk})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert not Registration.objects.filter(email="ny@example.org").exists()
    response = role_clients["head"].post(url(event), {**data, "library": own.pk})
    assert response.status_code == 302
    registration = Registration.objects.get(email="ny@example.org")
    assert registration.library == own and registration.registered_by.username == "chef"


def test_staff_marks_attendance_after_the_event(role_clients, past_event):
    ids = list(past_event.registrations.values_list("pk", flat=True))
    response = role_clients["staff"].post(
        url(past_event), {"attendance": "1", "attended": [str(ids[0]), str(ids[2])]}
    )
    assert response.status_code == 302
    attended = set(past_event.registrations.filter(attended=True).values_list("pk", flat=True))
    assert attended == {ids[0], ids[2]}
    # a library head cannot mark attendance
    response = role_clients["head"].post(
        url(past_event), {"attendance": "1", "attended": [str(ids[1])]}
    )
    assert response.status_code == 403
    assert not past_event.registrations.get(pk=ids[1]).attended


def test_statistics_per_municipality_and_library(role_clients, past_event):
    services.mark_attendance(
        past_event, past_event.registrations.values_list("pk", flat=True), base_url=BASE
    )
    stats_url = reverse("kompetens:statistics", args=[timezone.localdate(past_event.start).year])
    assert role_clients["reporter"].get(stats_url).status_code == 403
    assert role_clients["anonymous"].get(stats_url).status_code == 302
    for role in ("head", "staff"):
        page = role_clients[role].get(stats_url).text
        assert "4 deltagare totalt." in page
        assert "Köping 2, Västerås 2" in page
        assert 'Köpings bibliotek</td><td class="num">2' in page


def test_certificate_only_for_attendees(client, past_event):
    registration = past_event.registrations.first()
    token = services.personal_token(registration)
    cert = reverse("kompetens:certificate", args=[token])
    assert client.get(cert).status_code == 404
    assert "intyg" not in client.get(reverse("kompetens:registration", args=[token])).text
    services.mark_attendance(past_event, [registration.pk], base_url=BASE)
    response = client.get(cert)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Ladda ned intyg" in client.get(reverse("kompetens:registration", args=[token])).text


def test_anonymised_registration_link_is_gone(client, staff_user, past_event):
    registration = past_event.registrations.first()
    token = services.personal_token(registration)
    past_event.end = timezone.now() - timedelta(days=400)
    past_event.start = past_event.end - timedelta(hours=3)
    past_event.save()
    assert services.anonymise_participants(12) == 4
    assert client.get(reverse("kompetens:registration", args=[token])).status_code == 404
    login(client, staff_user)
    page = client.get(url(past_event)).text
    assert (
        page.count('<th scope="row">Avidentifierad deltagare</th>') == 4
        and "@example.org" not in page
    )


def test_query_counts(role_clients, event, past_event, libraries):
    def grow():
        for i in range(10):
            Registration.objects.create(
                event=past_event,
                name=f"G {i}",
                email=f"g{i}-{past_event.registrations.count()}@example.org",
                library=libraries[i % 2],
                status=RegistrationStatus.CONFIRMED,
                attended=True,
            )
            make_event(past_event.region, days=-10)

    year = timezone.localdate(past_event.start).year
    counts = {
        role: assert_queries_constant(role_clients[role], url(past_event), grow)
        for role in ("head", "staff")
    }
    assert counts == {"head": 5, "staff": 5}  # staff: and their second factor's device
    stats = reverse("kompetens:statistics", args=[year])
    assert assert_queries_constant(role_clients["head"], stats, grow) == 5
    # the downloads: as many as the pages, the rows come from the same querysets
    for role, n in counts.items():
        download = f"{url(past_event)}?format=csv"
        assert assert_queries_constant(role_clients[role], download, grow) == n
    assert assert_queries_constant(role_clients["head"], f"{stats}?format=xlsx", grow) == 5


def test_event_of_another_region_is_404(role_clients, libraries):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    event = make_event(other)
    for role in ("head", "staff"):
        assert role_clients[role].get(url(event)).status_code == 404


def test_head_cancels_own_staff_only(role_clients, event):
    own = event.registrations.get(library__municipality__name="Västerås")
    other = event.registrations.get(library__municipality__name="Köping")
    assert role_clients["head"].post(url(event), {"cancel": other.pk}).status_code == 404
    assert role_clients["head"].post(url(event), {"cancel": "x"}).status_code == 404
    assert role_clients["head"].post(url(event), {"cancel": own.pk}).status_code == 302
    statuses = dict(event.registrations.values_list("pk", "status"))
    assert statuses == {
        own.pk: RegistrationStatus.CANCELLED,
        other.pk: RegistrationStatus.CONFIRMED,
    }
    assert "Avboka Person Köping" in role_clients["staff"].get(url(event)).text


def test_participants_download_per_role(role_clients, event):
    assert download_statuses(role_clients, url(event)) == READERS
    header = ["Namn", "E-post", "Bibliotek", "Status", "Deltog"]
    koping = ["Person Köping", "p1@example.org", "Köpings bibliotek", "Bekräftad plats", "Nej"]
    vasteras = [
        "Person Västerås",
        "p0@example.org",
        "Västeråss bibliotek",
        "Bekräftad plats",
        "Nej",
    ]
    # a library head downloads their own municipality's registrations only, as on the page
    assert downloads(role_clients["head"], url(event)) == [header, vasteras]
    assert sorted(downloads(role_clients["staff"], url(event))[1:]) == [koping, vasteras]


def test_statistics_download(role_clients, past_event):
    services.mark_attendance(
        past_event, past_event.registrations.values_list("pk", flat=True), base_url=BASE
    )
    stats_url = reverse("kompetens:statistics", args=[timezone.localdate(past_event.start).year])
    assert download_statuses(role_clients, stats_url) == READERS
    table = "Per utbildningstillfälle och kommun"
    assert downloads(role_clients["head"], stats_url) == [
        ["Tabell", "Rad", "Kolumn", "Värde"],
        [table, str(past_event), "Deltagare", "4"],
        [table, str(past_event), "Köping", "2"],
        [table, str(past_event), "Västerås", "2"],
        ["Per kommun och bibliotek", "Köping", "Köpings bibliotek", "2"],
        ["Per kommun och bibliotek", "Västerås", "Västeråss bibliotek", "2"],
    ]


def test_head_registering_for_a_full_event_is_told_the_waiting_place(
    role_clients, region, libraries
):
    own = libraries[0]
    event = make_event(region, capacity=1)
    head = role_clients["head"]
    for name in ["Anna", "Bo", "Cecilia"]:
        data = {"register": "1", "name": name, "email": f"{name}@example.org", "library": own.pk}
        response = head.post(url(event), data, follow=True)
        assert response.status_code == 200
    statuses = list(event.registrations.values_list("name", "status"))
    assert statuses == [
        ("Anna", RegistrationStatus.CONFIRMED),
        ("Bo", RegistrationStatus.WAITING),
        ("Cecilia", RegistrationStatus.WAITING),
    ]
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Tillfället är fullt: Cecilia står på väntelistan, plats 2."]
    assert "Cecilia är anmäld." not in response.text


def test_attended_registration_is_not_cancelled_by_staff(role_clients, past_event):
    attended = past_event.registrations.first()
    services.mark_attendance(past_event, [attended.pk], base_url=BASE)
    response = role_clients["staff"].post(url(past_event), {"cancel": attended.pk}, follow=True)
    assert response.status_code == 200
    assert "En anmälan med registrerat deltagande kan inte avbokas." in response.text
    attended.refresh_from_db()
    assert attended.status == RegistrationStatus.CONFIRMED and attended.attended
