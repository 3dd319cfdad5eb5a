"""Setting up a region in the admin: the index's set-up list, the region page's inlines,
copying a year's frame into the next year, and the history pages in Swedish."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pghistory.models import Events

from biblioteksportal import services
from biblioteksportal.choices import ActivityStatus, AreaApp, Role
from biblioteksportal.models import (
    Activity,
    AreaYear,
    Goal,
    Library,
    Municipality,
    Organisation,
    Outcome,
    Region,
    Year,
)

from .builders import grow_area_year, make_frame, make_library, make_user, region_form
from .conftest import assert_queries_constant, login

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def other_region(db):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Örebro", code="1880")
    return other


@pytest.fixture
def other_staff(other_region):
    return make_user("orebro", Role.REGIONAL_STAFF, other_region, is_staff=True)


@pytest.fixture
def clients(role_clients, other_staff):
    """role_clients, and a client of another region's regional staff ("other")."""
    from django.test import Client

    role_clients["other"] = Client()
    login(role_clients["other"], other_staff)
    return role_clients


def post_counted(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    return response, len(queries)


# --- The index's set-up list ---


def test_the_index_lists_the_set_up_steps_and_what_the_region_lacks(
    clients, region, vasteras, koping
):
    make_library(vasteras)
    make_frame(region, THIS_YEAR)
    page = clients["staff"].get("/admin/").text
    steps = ["Region", "Kommuner", "Bibliotek", "Utvecklingsområden", "Verksamhetsår"]
    assert [page.index(f"{i}. ") for i in range(1, 7)] == sorted(
        page.index(f"{i}. ") for i in range(1, 7)
    )
    for i, step in enumerate(steps, start=1):
        assert f"{i}. <a href=" in page and f">{step}</a>" in page
    assert "6. Användare med roller" in page  # no link: regional staff do not manage users
    assert "Inga bibliotek ännu i Köping" in page
    assert "Inga bibliotek ännu i Västerås" not in page
    assert "Ingen kommunrapportör i Köping" not in page  # the reporter fixture is Köping's …
    assert "Ingen kommunrapportör i Västerås" in page
    assert "Ingen bibliotekschef i Köping" in page  # … the head's Västerås
    assert "Ingen bibliotekschef i Västerås" not in page
    assert "Inget utvecklingsområde" not in page
    this_year = Year.objects.get()
    assert (
        f'<a href="/admin/biblioteksportal/year/{this_year.pk}/kopiera/">'
        f"Inget verksamhetsår {THIS_YEAR + 1} i Region Västmanland</a>"
    ) in page
    assert f"Inget verksamhetsår {THIS_YEAR} " not in page
    assert (
        f'<a href="/admin/biblioteksportal/library/add/?region={region.pk}&amp;'
        f'municipality={koping.pk}">Inga bibliotek ännu i Köping</a>'
    ) in page
    assert "Ingen regional personal" not in page
    assert "Örebro" not in page


def test_a_new_region_lacks_everything_and_a_superuser_sees_every_region(client, other_region):
    superuser = make_user("admin", is_superuser=True, is_staff=True)
    login(client, superuser)
    empty = Region.objects.create(name="Region Gävleborg", code="21", slug="gavleborg")
    page = client.get("/admin/").text
    assert "Inga kommuner ännu i Region Gävleborg" in page
    assert "Inga bibliotek ännu i Örebro" in page
    assert "Ingen regional personal i Region Gävleborg" in page
    assert "Inget utvecklingsområde för Bibliotekssamverkan i Region Örebro län" in page
    assert (
        f'<a href="/admin/biblioteksportal/year/add/?region={empty.pk}&amp;year={THIS_YEAR}">'
        in page
    )
    assert '<a href="/admin/auth/user/changelist/">' not in page
    assert '<a href="/admin/auth/user/add/">Ingen regional personal i Region Gävleborg</a>' in page


def test_a_year_without_a_frame_is_named(clients, region):
    year = Year.objects.create(region=region, year=THIS_YEAR)
    page = clients["staff"].get("/admin/").text
    assert (
        f'<a href="/admin/biblioteksportal/year/{year.pk}/change/">Verksamhetsåret {THIS_YEAR} '
        "i Region Västmanland har inga utvecklingsområden ännu</a>"
    ) in page


def test_the_index_is_for_regional_staff_and_its_queries_stay_flat(clients, region, vasteras):
    assert clients["anonymous"].get("/admin/").status_code == 302
    assert clients["head"].get("/admin/").status_code == 302
    assert clients["reporter"].get("/admin/").status_code == 302
    assert "Örebro" not in clients["staff"].get("/admin/").text
    assert "Region Västmanland" not in clients["other"].get("/admin/").text

    def grow():
        for i in range(10):
            m = Municipality.objects.create(region=region, name=f"Kommun {i}", code=f"{1100 + i}")
            make_library(m)

    assert assert_queries_constant(clients["staff"], "/admin/", grow) == 10


# --- The region's page: its municipalities and libraries ---


def test_the_region_page_edits_its_municipalities_and_libraries(clients, region, vasteras):
    url = f"/admin/biblioteksportal/region/{region.pk}/change/"
    library = make_library(vasteras)
    page = clients["staff"].get(url).text
    assert 'value="Västerås"' in page and f'value="{library.name}"' in page
    data = region_form(
        region,
        municipalities=[{"id": vasteras.pk, "name": "Västerås", "code": "1980"}]
        + [{"name": "Sala", "code": "1981"}],
        libraries=[
            {"id": library.pk, "name": library.name, "kind": "main", "municipality": vasteras.pk},
            {"name": "Sjukhusbiblioteket", "kind": "hospital", "municipality": ""},
        ],
    )
    response = clients["staff"].post(url, data)
    assert response.status_code == 302, response.context["errors"]
    sala = Municipality.objects.get(name="Sala")
    assert sala.region == region
    hospital = Library.objects.get(name="Sjukhusbiblioteket")
    assert (hospital.region, hospital.municipality) == (region, None)

    data["municipalities-1-code"] = "1980"  # Västerås's code
    response = clients["staff"].post(url, data)
    assert response.status_code == 200
    assert "Det finns redan en kommun med den kommunkoden." in response.text


def test_a_library_on_the_region_page_gets_only_the_regions_municipalities(
    client, region, vasteras, other_region
):
    superuser = make_user("admin", is_superuser=True, is_staff=True)
    login(client, superuser)
    make_library(vasteras)
    url = f"/admin/biblioteksportal/region/{region.pk}/change/"
    assert "Örebro" not in client.get(url).text
    orebro = other_region.municipalities.get()
    data = region_form(
        region,
        municipalities=[{"id": vasteras.pk, "name": "Västerås", "code": "1980"}],
        libraries=[{"name": "Fel bibliotek", "kind": "main", "municipality": orebro.pk}],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert not Library.objects.filter(name="Fel bibliotek").exists()


def test_the_region_page_is_its_staffs_and_its_queries_stay_flat(clients, region, vasteras):
    url = f"/admin/biblioteksportal/region/{region.pk}/change/"
    assert clients["anonymous"].get(url).status_code == 302
    assert clients["head"].get(url).status_code == 302
    assert clients["reporter"].get(url).status_code == 302
    assert clients["other"].get(url).status_code == 302  # to the index: no such region
    make_library(vasteras)

    def grow():
        for i in range(10):
            m = Municipality.objects.create(region=region, name=f"Kommun {i}", code=f"{1100 + i}")
            make_library(m)

    assert assert_queries_constant(clients["staff"], url, grow) == 11


# --- Copying a year's frame into the next year ---


@pytest.fixture
def frame(region, vasteras):
    year = make_frame(region, 2019, municipalities=[vasteras])
    AreaYear.objects.update(intro="Inledning")
    return year


def test_the_copy_is_a_draft_plan_of_the_frame(frame, region, vasteras):
    def frame_of(year):
        return [
            AreaYear.objects.filter(year=year).count(),
            Goal.objects.filter(area_year__year=year).count(),
            sorted(Activity.objects.filter(area_year__year=year).values_list("status", flat=True)),
            Outcome.objects.filter(area_year__year=year).count(),
        ]

    before = frame_of(frame)
    target = services.copy_frame(frame)
    assert (target.region, target.year) == (region, 2020)
    copies = AreaYear.objects.filter(year=target)
    assert copies.count() == 4
    assert set(copies.values_list("intro", flat=True)) == {"Inledning"}
    for source in frame.area_years.all():
        copy = copies.get(area=source.area)
        assert set(copy.partners.all()) == set(source.partners.all())
        assert list(copy.goals.values_list("kind", "text", "position")) == list(
            source.goals.values_list("kind", "text", "position")
        )
        main = copy.activities.get(parent=None)
        original = source.activities.get(parent=None)
        assert (main.title, main.position) == (original.title, original.position)
        assert list(main.goals.all()) == list(copy.goals.all())  # the copied goals, not 2019's
        assert set(main.responsible.all()) == set(original.responsible.all())
        assert set(main.partners.all()) == set(original.partners.all())
        assert list(main.municipalities.all()) == [vasteras]
        assert main.children.get().title == original.children.get().title
    statuses = Activity.objects.filter(area_year__year=target).values_list(
        "status", "status_reason"
    )
    assert set(statuses) == {(ActivityStatus.PLANNED, "")}
    assert frame_of(target) == [4, 4, [ActivityStatus.PLANNED] * 8, 0]  # no outcomes
    assert frame_of(frame) == before == [4, 4, ["done"] * 4 + ["postponed"] * 4, 4]


def test_dates_move_a_year_and_the_29th_of_february_to_the_28th(region):
    year = make_frame(region, 2020, areas=[AreaApp.SAMVERKAN])
    Activity.objects.filter(parent=None).update(start=date(2020, 2, 29), end=date(2020, 12, 31))
    services.copy_frame(year)
    copy = Activity.objects.get(area_year__year__year=2021, parent=None)
    assert (copy.start, copy.end) == (date(2021, 2, 28), date(2021, 12, 31))


def test_an_empty_next_year_is_filled_and_one_with_a_frame_refused(frame, region):
    empty = Year.objects.create(region=region, year=2020, staff_summary="Behålls")
    assert services.copy_frame(frame) == empty
    assert empty.area_years.count() == 4
    counts = Activity.objects.count()
    with pytest.raises(ValidationError, match="Verksamhetsåret 2020 finns redan och har innehåll."):
        services.copy_frame(frame)
    assert Activity.objects.count() == counts


def test_another_regions_years_neither_block_nor_change(frame, other_region):
    theirs = make_frame(other_region, 2019)
    make_frame(other_region, 2020)
    counts = Activity.objects.filter(area_year__year__region=other_region).count()
    services.copy_frame(frame)
    assert Activity.objects.filter(area_year__year__region=other_region).count() == counts
    assert Year.objects.filter(region=other_region).count() == 2
    assert theirs.area_years.count() == 4


def test_the_admin_confirms_copies_and_audits_who_did_it(clients, frame, staff_user):
    url = f"/admin/biblioteksportal/year/{frame.pk}/kopiera/"
    change = f"/admin/biblioteksportal/year/{frame.pk}/change/"
    assert f'href="{url}"' in clients["staff"].get(change).text
    page = clients["staff"].get(url).text
    assert "Verksamhetsåret 2020 får 4 utvecklingsområden" in page
    assert "4 mål och 8 aktiviteter" in page
    assert "Ja, kopiera" in page
    response = clients["staff"].post(url)
    target = Year.objects.get(year=2020)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/biblioteksportal/year/{target.pk}/change/"
    inserts = Events.objects.across(
        "biblioteksportal.AreaYearEvent",
        "biblioteksportal.GoalEvent",
        "biblioteksportal.ActivityEvent",
        "biblioteksportal.ActivityGoalsEvent",
    ).filter(pgh_context__url=url)
    assert (
        sorted(e.pgh_model.split(".")[1] for e in inserts if e.pgh_label in ("insert", "add"))
        == ["ActivityEvent"] * 8
        + ["ActivityGoalsEvent"] * 4
        + ["AreaYearEvent"] * 4
        + ["GoalEvent"] * 4
    )
    assert {(e.pgh_context["user"], e.pgh_context["url"]) for e in inserts} == {
        (staff_user.pk, url)
    }
    page = clients["staff"].get(url).text
    assert "Verksamhetsåret 2020 finns redan och har innehåll." in page
    assert "Ja, kopiera" not in page
    assert clients["staff"].post(url).status_code == 200
    assert Year.objects.get(year=2020).area_years.count() == 4


def test_the_action_goes_to_the_confirmation_of_one_year(clients, frame, region):
    changelist = "/admin/biblioteksportal/year/"
    data = {"action": "copy_to_next_year", "_selected_action": [frame.pk]}
    response = clients["staff"].post(changelist, data)
    assert response["Location"] == f"/admin/biblioteksportal/year/{frame.pk}/kopiera/"
    other = Year.objects.create(region=region, year=2018)
    data["_selected_action"] = [frame.pk, other.pk]
    response = clients["staff"].post(changelist, data, follow=True)
    assert "Välj ett verksamhetsår att kopiera." in response.text
    assert not Year.objects.filter(year=2020).exists()


def test_the_copy_is_its_regions_staffs_with_a_pinned_query_count(clients, frame):
    url = f"/admin/biblioteksportal/year/{frame.pk}/kopiera/"
    for role in ("anonymous", "head", "reporter", "other"):
        assert clients[role].get(url).status_code == 302, role
        assert clients[role].post(url).status_code == 302, role
    assert not Year.objects.filter(year=2020).exists()
    response = clients["other"].post(
        "/admin/biblioteksportal/year/",
        {"action": "copy_to_next_year", "_selected_action": [frame.pk]},
        follow=True,
    )
    assert "Välj ett verksamhetsår att kopiera." in response.text

    def grow():
        for area_year in frame.area_years.all():
            grow_area_year(area_year, 10)

    assert assert_queries_constant(clients["staff"], url, grow) == 9
    response, queries = post_counted(clients["staff"], url, {})
    assert response.status_code == 302
    assert queries == 30
    assert Activity.objects.filter(area_year__year__year=2020).count() == 4 * 22


# --- The history pages in Swedish ---


def test_the_history_names_fields_choices_and_related_objects_in_swedish(clients, frame):
    activity = Activity.objects.filter(parent=None).first()
    url = f"/admin/biblioteksportal/activity/{activity.pk}/change/"
    data = {
        "area_year": activity.area_year_id,
        "title": "Ny titel",
        "status": "postponed",
        "status_reason": "Ingen personalkapacitet.",
        "position": 3,
        "goals": [],
    }
    assert clients["staff"].post(url, data).status_code == 302
    page = clients["staff"].get(url.replace("/change/", "/history/")).text
    assert "<strong>Status</strong>: Genomförd → Uppskjuten" in page
    assert "<strong>Aktivitet</strong>: Aktivitet 0 → Ny titel" in page
    assert "<strong>Orsak</strong>: – → Ingen personalkapacitet." in page
    assert f"<strong>Område och år</strong>: {activity.area_year}" in page  # the insert's values
    assert "Aktivitet: ändrad" in page and "Aktivitet: skapad" in page
    assert "Aktivitet: mål: borttagen" in page
    assert "<strong>Mål</strong>: Delmål 0" in page
    assert "status:" not in page and "done" not in page and "area_year" not in page


def test_the_history_names_no_object_of_another_region(clients, frame, other_region):
    partner = Organisation.objects.create(name="Gemensam partner", kind="association")
    theirs = make_frame(other_region, 2019)
    activity = Activity.objects.filter(area_year__year=theirs, parent=None).first()
    activity.partners.add(partner)
    mine = Activity.objects.filter(area_year__year=frame, parent=None).first()
    mine.partners.add(partner)
    page = clients["staff"].get(f"/admin/biblioteksportal/organisation/{partner.pk}/history/").text
    assert f"<strong>Aktivitet</strong>: {mine.title}" in page
    assert f"<strong>Aktivitet</strong>: {activity.pk}" in page  # by its id only
    assert "Aktivitet: samverkansparter: tillagd" in page


def test_the_history_page_is_staffs_with_a_pinned_query_count(clients, frame):
    activity = Activity.objects.filter(parent=None).first()
    url = f"/admin/biblioteksportal/activity/{activity.pk}/history/"
    for role in ("anonymous", "head", "reporter", "other"):
        assert clients[role].get(url).status_code == 302, role

    def grow():
        for i in range(10):
            Activity.objects.filter(pk=activity.pk).update(title=f"Titel {i}")

    clients["staff"].get(url)  # its audit context stays for the updates (one transaction)
    Activity.objects.filter(pk=activity.pk).update(title="Titel")
    assert assert_queries_constant(clients["staff"], url, grow) == 16
