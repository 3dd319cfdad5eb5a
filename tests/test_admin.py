"""The admin for regional staff: who gets in, and what its choices and filters offer."""

import re
from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from biblioteksplaner.models import SurveyRound
from biblioteksportal.choices import Role
from biblioteksportal.models import (
    AreaYear,
    DevelopmentArea,
    Library,
    Municipality,
    Person,
    Profile,
    Region,
    Responsibility,
    Staffing,
    Year,
)
from kompetens.models import AssessmentRound

from .builders import make_library, make_user
from .conftest import login


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "x")


def profile_data(account, **profile):
    """The user's change form as the admin shows it, with the profile inline filled in."""
    return {
        "username": account.username,
        "email": account.email,
        "is_active": "on",
        "date_joined": "2019-01-01T00:00",
        "profile-TOTAL_FORMS": 1,
        "profile-INITIAL_FORMS": 1 if hasattr(account, "profile") else 0,
        **{f"profile-0-{name}": value for name, value in profile.items()},
    }


def test_the_role_regional_staff_alone_opens_the_admin(client, superuser, region, vasteras):
    user = make_user("ny")
    login(client, superuser)
    url = f"/admin/auth/user/{user.pk}/change/"
    data = profile_data(user, role=Role.REGIONAL_STAFF, region=region.pk, user=user.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.is_staff
    login(client, user)
    assert client.get("/admin/").status_code == 200

    login(client, superuser)
    data = profile_data(
        user,
        id=user.profile.pk,
        role=Role.LIBRARY_HEAD,
        region=region.pk,
        municipality=vasteras.pk,
        user=user.pk,
    )
    assert client.post(url, {**data, "is_staff": "on"}).status_code == 302
    user.refresh_from_db()
    assert not user.is_staff
    login(client, user)
    assert client.get("/admin/").status_code == 302


def test_another_role_takes_admin_access_away_but_a_superuser_keeps_it(superuser, region, vasteras):
    user = make_user("gammal", is_staff=True)
    Profile.objects.create(user=user, role=Role.REPORTER, region=region, municipality=vasteras)
    user.refresh_from_db()
    assert not user.is_staff
    Profile.objects.create(
        user=superuser, role=Role.LIBRARY_HEAD, region=region, municipality=vasteras
    )
    superuser.refresh_from_db()
    assert superuser.is_staff


@pytest.fixture
def two_regions(region, vasteras):
    """Each region with a municipality, a library, a person's staffing and a round of each
    kind; everything of the other region is named after Örebro."""
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    orebro = Municipality.objects.create(region=other, name="Örebro", code="1880")
    for reg, municipality, name in [(region, vasteras, "Västerås"), (other, orebro, "Örebro")]:
        Library.objects.create(
            region=reg, municipality=municipality, name=f"{name} bibliotek", kind="main"
        )
        person = Person.objects.create(region=reg, name=f"{name} person")
        responsibility = Responsibility.objects.create(region=reg, name=f"{name} ansvar")
        start = date(2019, 1, 1)
        Staffing.objects.create(person=person, responsibility=responsibility, start=start)
        for year in (2019, 2020):  # a filter of one choice is not shown
            SurveyRound.objects.create(
                region=reg, title=f"{name} enkät {year}", year=year, deadline=date(year, 11, 1)
            )
            AssessmentRound.objects.create(
                region=reg, name=f"{name} skattning {year}", held=date(year, 10, 1)
            )
    return other


def filter_sidebar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    sidebar = re.search(r'<nav id="changelist-filter".*?</nav>', response.text, re.S)
    return sidebar.group(0) if sidebar else ""


@pytest.mark.parametrize(
    "url, own",
    [
        ("/admin/biblioteksplaner/report/", "Västerås enkät 2020"),
        ("/admin/kompetens/workshop/", "Västerås skattning 2020"),
        ("/admin/biblioteksportal/staffing/", None),  # one region: no region filter at all
        ("/admin/kompetens/registration/", "Västerås"),
    ],
)
def test_filters_offer_only_the_users_region(client, staff_user, two_regions, url, own):
    login(client, staff_user)
    sidebar = filter_sidebar(client, url)
    assert own is None or own in sidebar
    assert "Örebro" not in sidebar


def test_no_filter_of_any_admin_page_offers_another_region(client, staff_user, two_regions):
    login(client, staff_user)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        if model._meta.app_label not in {"auth", "procrastinate"}:  # the queue: superusers'
            assert "Örebro" not in filter_sidebar(client, url), url


def test_the_queues_jobs_are_shown_to_superusers_only(client, staff_user, superuser):
    login(client, staff_user)
    assert client.get("/admin/procrastinate/procrastinatejob/").status_code == 403
    assert "procrastinate" not in client.get("/admin/").text
    login(client, superuser)
    assert client.get("/admin/procrastinate/procrastinatejob/").status_code == 200


def autocomplete(client, model_name, field_name, **params):
    query = {"app_label": "biblioteksportal", "model_name": model_name, "field_name": field_name}
    response = client.get("/admin/autocomplete/", {**query, "term": "", **params})
    assert response.status_code == 200, response.content
    return [result["text"] for result in response.json()["results"]]


def test_areas_and_area_years_name_their_region_where_several_are_visible(
    client, superuser, staff_user, region, two_regions
):
    for reg in (region, two_regions):
        area = DevelopmentArea.objects.create(region=reg, app="samverkan", name="Samverkan")
        AreaYear.objects.create(area=area, year=Year.objects.create(region=reg, year=2019))
    login(client, superuser)
    assert autocomplete(client, "areayear", "area") == [
        "Samverkan (Region Västmanland)",
        "Samverkan (Region Örebro län)",
    ]
    assert sorted(autocomplete(client, "goal", "area_year")) == [
        "Samverkan 2019 (Region Västmanland)",
        "Samverkan 2019 (Region Örebro län)",
    ]
    # a year names its region already
    assert "Region Västmanland 2019" in autocomplete(client, "areayear", "year")
    area_year = AreaYear.objects.get(year__region=region)
    page = client.get(f"/admin/biblioteksportal/areayear/{area_year.pk}/change/").text
    assert "Samverkan (Region Västmanland)</option>" in page

    login(client, staff_user)
    assert autocomplete(client, "areayear", "area") == ["Samverkan"]
    page = client.get(f"/admin/biblioteksportal/areayear/{area_year.pk}/change/").text
    assert ">Samverkan</option>" in page


def test_the_municipality_autocomplete_keeps_to_the_region_chosen_on_the_form(
    client, superuser, region, two_regions
):
    login(client, superuser)
    assert autocomplete(client, "library", "municipality", region=two_regions.pk) == [
        "Örebro (Region Örebro län)"
    ]
    assert autocomplete(client, "library", "municipality", region=region.pk) == [
        "Västerås (Region Västmanland)"
    ]
    assert len(autocomplete(client, "library", "municipality")) == 2
    assert autocomplete(client, "profile", "municipality", region=two_regions.pk) == [
        "Örebro (Region Örebro län)"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/biblioteksportal/library/",
        "/admin/auth/user/",
        "/admin/kompetens/trainingevent/",
        "/admin/procrastinate/procrastinatejob/",
    ],
)
@pytest.mark.parametrize("value", ["abc", "1e3", ""])
def test_an_actions_selection_that_is_no_key_is_refused_at_the_list(
    client, superuser, vasteras, url, value
):
    """Django's action would raise on it (a server error): every admin's list refuses it."""
    library = make_library(vasteras)
    login(client, superuser)
    data = {"action": "delete_selected", "_selected_action": [str(library.pk), value]}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Urvalet innehåller något som inte är en post här." in response.text
    assert Library.objects.filter(pk=library.pk).exists()


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        ("0", "Tjänstgöringsgraden ska vara mellan 1 och 100 procent."),
        ("150", "Tjänstgöringsgraden ska vara mellan 1 och 100 procent."),
        ("99999", "mindre än eller lika med 32767"),  # the field's own limit first
    ],
)
def test_a_staffing_outside_1_to_100_percent_is_refused_with_its_message(
    client, superuser, region, percent, message
):
    """The constraint's message once held a bare %, which Django's formatting of the message
    turned into a server error."""
    person = Person.objects.create(region=region, name="Amelie")
    area = Responsibility.objects.create(region=region, name="Digital utveckling")
    login(client, superuser)
    data = {
        "person": person.pk,
        "responsibility": area.pk,
        "employment": "permanent",
        "percent": percent,
        "start": "2019-01-01",
    }
    response = client.post("/admin/biblioteksportal/staffing/add/", data)
    assert response.status_code == 200
    assert message in response.text
    assert not Staffing.objects.exists()
