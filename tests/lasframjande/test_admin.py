"""The admin of the reading-promotion records: regional staff only, choices as checkboxes."""

import pytest

from biblioteksportal.choices import AreaApp
from biblioteksportal.models import Activity
from lasframjande.choices import ModerationStatus
from lasframjande.models import Method, Project, WritingArena

from ..builders import make_actor, make_frame

MODELS = [
    "networkmember",
    "networkmeeting",
    "method",
    "project",
    "writingarena",
    "literaryactor",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_for_staff_only(role_clients, register_data, model):
    url = f"/admin/lasframjande/{model}/"
    assert role_clients["staff"].get(url).status_code == 200
    if model != "literaryactor":
        assert role_clients["staff"].get(url + "add/").status_code == 200
    for role in ("head", "reporter"):
        assert role_clients[role].get(url).status_code in (302, 403)


def test_method_and_arena_saved_through_the_admin(role_clients, region, vasteras):
    staff = role_clients["staff"]
    response = staff.post(
        "/admin/lasframjande/method/add/",
        {
            "region": region.pk,
            "name": "Bokstart",
            "age_groups": ["0-5", "6-9"],
            "description": "Böcker till små barn.",
            "where_used": "Västerås",
            "added": "2019-05-01",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-title": "Om metoden",
            "links-0-url": "https://example.org/bokstart",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    method = Method.objects.get()
    assert method.age_groups == ["0-5", "6-9"] and method.links.get().title == "Om metoden"

    arena = {
        "region": region.pk,
        "title": "Skrivarläger",
        "kind": "workshop",
        "age_groups": ["13-15"],
        "start": "2019-06-10",
        "end": "2019-06-01",
        "place": "Folkhögskolan",
        "municipality": vasteras.pk,
        "organiser": "Folkhögskolan",
        "participation-TOTAL_FORMS": "2",
        "participation-INITIAL_FORMS": "0",
        "participation-0-age_group": "13-15",
        "participation-0-count": "12",
        "participation-1-age_group": "13-15",
        "participation-1-count": "3",
    }
    response = staff.post("/admin/lasframjande/writingarena/add/", arena)
    assert response.status_code == 200
    assert "Slutdatum får inte vara före startdatum." in response.text
    arena["end"] = "2019-06-14"
    response = staff.post("/admin/lasframjande/writingarena/add/", arena)
    assert response.status_code == 200  # the same age group twice
    arena["participation-1-age_group"] = "16-19"
    response = staff.post("/admin/lasframjande/writingarena/add/", arena)
    assert response.status_code == 302
    counts = dict(WritingArena.objects.get().participation.values_list("age_group", "count"))
    assert counts == {"13-15": 12, "16-19": 3}


def test_project_links_only_activities_of_the_reading_promotion_area(role_clients, region):
    make_frame(region, areas=[AreaApp.LASFRAMJANDE, AreaApp.SAMVERKAN])
    own = Activity.objects.get(
        area_year__area__app=AreaApp.LASFRAMJANDE, parent=None, title="Aktivitet 0"
    )
    other = Activity.objects.get(area_year__area__app=AreaApp.SAMVERKAN, parent=None)
    data = {"region": region.pk, "name": "Språkfrö", "phase": "pre_study"}
    response = role_clients["staff"].post(
        "/admin/lasframjande/project/add/", {**data, "activities": [other.pk]}
    )
    assert response.status_code == 200 and not Project.objects.exists()
    response = role_clients["staff"].post(
        "/admin/lasframjande/project/add/", {**data, "activities": [own.pk]}
    )
    assert response.status_code == 302
    assert list(Project.objects.get().activities.all()) == [own]


def test_staff_cannot_grant_consent_or_skip_moderation_in_the_change_form(role_clients, region):
    actor = make_actor(region, "Dold aktör", status=ModerationStatus.PENDING, shown=False)
    response = role_clients["staff"].post(
        f"/admin/lasframjande/literaryactor/{actor.pk}/change/",
        {
            "region": region.pk,
            "name": "Nytt namn",
            "kinds": ["writer"],
            "email": "aktor@example.org",
            "show_in_directory": "on",
            "status": "approved",
        },
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == "Nytt namn"
    assert not actor.show_in_directory and actor.status == ModerationStatus.PENDING
