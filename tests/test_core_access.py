"""Roles, scoped querysets, the admin's gate, the audit trail and the named constraints."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from pghistory.models import Events

from biblioteksportal.access import PortalBackend, role_of
from biblioteksportal.choices import Role
from biblioteksportal.models import (
    Activity,
    Municipality,
    Person,
    Region,
    Responsibility,
    Staffing,
)

from .builders import make_frame, make_user
from .conftest import login


@pytest.fixture
def frame(region, vasteras, koping):
    return make_frame(region, municipalities=[vasteras])


def test_querysets_are_scoped_to_the_users_region_and_municipality(
    frame, region, staff_user, head_user, reporter_user, koping
):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Örebro", code="1880")
    assert set(Municipality.objects.for_user(staff_user).values_list("name", flat=True)) == {
        "Västerås",
        "Köping",
    }
    assert Municipality.objects.for_user(head_user).count() == 2
    assert list(Municipality.objects.for_user(reporter_user)) == [koping]
    assert not Activity.objects.for_user(reporter_user).exists()
    assert Activity.objects.for_user(head_user).count() == Activity.objects.count()
    from django.contrib.auth.models import AnonymousUser

    assert not Municipality.objects.for_user(AnonymousUser()).exists()
    assert not Municipality.objects.for_user(make_user("utan-roll")).exists()


@pytest.mark.parametrize("who", ["reporter", "head"])
def test_only_regional_staff_may_enter_the_admin(role_clients, frame, vasteras, who):
    url = f"/admin/biblioteksportal/municipality/{vasteras.pk}/change/"
    client = role_clients[who]
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(url, {"name": "Hackat", "code": "9999", "region": vasteras.region_id})
    assert response.status_code == 302
    vasteras.refresh_from_db()
    assert (vasteras.name, vasteras.code) == ("Västerås", "1980")
    assert client.get("/admin/").status_code == 302


def test_regional_staff_edits_and_the_history_shows_who_changed_what(
    role_clients, frame, staff_user
):
    activity = Activity.objects.filter(parent=None).first()
    client = role_clients["staff"]
    url = f"/admin/biblioteksportal/activity/{activity.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "area_year": activity.area_year_id,
        "title": "Ny titel",
        "status": "postponed",
        "status_reason": "Ingen personalkapacitet.",
        "position": 3,
        "goals": [g.pk for g in activity.goals.all()],
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Events.objects.tracks(activity).order_by("-pgh_id").first()
    assert event.pgh_label == "update"
    assert event.pgh_context["user"] == staff_user.pk
    assert event.pgh_context["url"] == url
    assert event.pgh_diff["title"] == ["Aktivitet 0", "Ny titel"]
    assert event.pgh_diff["status"] == ["done", "postponed"]
    history = client.get(url.replace("/change/", "/history/")).text
    assert "regional" in history
    assert "Aktivitet 0 → Ny titel" in history
    assert "Genomförd → Uppskjuten" in history  # the choices by their labels


def test_bulk_updates_are_audited_too(frame):
    Activity.objects.all().update(status="ongoing")
    updates = Events.objects.across("biblioteksportal.ActivityEvent").filter(pgh_label="update")
    assert updates.count() == Activity.objects.count()


def test_admin_keeps_input_and_reports_in_swedish_at_the_field(role_clients, frame):
    activity = Activity.objects.filter(parent=None).first()
    url = f"/admin/biblioteksportal/activity/{activity.pk}/change/"
    data = {
        "area_year": activity.area_year_id,
        "title": "Behålls",
        "status": "cancelled",
        "status_reason": "",
        "position": 0,
        "start": "2019-05-01",
        "end": "2019-04-01",
    }
    response = role_clients["staff"].post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["status_reason"] == [
        "Ange en orsak när aktiviteten är uppskjuten eller inställd."
    ]
    assert form.errors["end"] == ["Slutdatum får inte vara före startdatum."]
    assert 'value="Behålls"' in response.text
    activity.refresh_from_db()
    assert activity.title == "Aktivitet 0"


def test_municipality_codes_are_unique(vasteras):
    with pytest.raises(IntegrityError, match="municipality_code_unique"), transaction.atomic():
        Municipality.objects.create(region=vasteras.region, name="Dubblett", code="1980")
    with pytest.raises(IntegrityError, match="municipality_code_four_digits"):
        Municipality.objects.create(region=vasteras.region, name="Fel", code="19")


def test_one_outcome_per_area_and_year(frame):
    from biblioteksportal.models import Outcome

    outcome = Outcome.objects.first()
    with pytest.raises(IntegrityError, match="outcome_one_per_area_year"):
        Outcome.objects.create(area_year=outcome.area_year, narrative="Ett till")


def test_staffing_periods_of_one_responsibility_do_not_overlap(region):
    from datetime import date

    from django.core.exceptions import ValidationError

    person = Person.objects.create(region=region, name="Amelie")
    area = Responsibility.objects.create(region=region, name="Digital utveckling")
    other_area = Responsibility.objects.create(region=region, name="Kvalitetsarbete")
    Staffing.objects.create(
        person=person, responsibility=area, percent=100, start=date(2019, 1, 1), end=None
    )
    overlapping = Staffing(person=person, responsibility=area, percent=50, start=date(2019, 10, 1))
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "redan en bemanning i ansvarsområdet" in str(error.value)
    with pytest.raises(IntegrityError, match="staffing_no_overlap"), transaction.atomic():
        overlapping.save()
    Staffing.objects.create(
        person=person, responsibility=other_area, percent=50, start=date(2019, 10, 1)
    )


def test_a_post_without_csrf_token_is_refused_in_swedish(staff_user):
    client = Client(enforce_csrf_checks=True)
    login(client, staff_user)
    response = client.post("/konto/password_change/", {})
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.text


def test_the_role_is_loaded_with_the_user(head_user, django_assert_num_queries):
    backend = PortalBackend()
    with django_assert_num_queries(1):
        assert role_of(backend.get_user(head_user.pk)) == Role.LIBRARY_HEAD
    head_user.is_active = False
    head_user.save()
    assert backend.get_user(head_user.pk) is None
    assert backend.get_user(head_user.pk + 1000) is None
