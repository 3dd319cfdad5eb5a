"""The read-mostly pages keep their rendered body while the data they show is the same
(biblioteksportal.caching), by data versions that triggers keep (biblioteksportal.versions)."""

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from biblioteksportal import caching
from biblioteksportal.choices import ActivityStatus, Role
from biblioteksportal.models import Activity, Municipality, Region
from kompetens.models import TrainingEvent
from lasframjande.models import LiteraryActor

from .builders import at, make_actor, make_event, make_frame, make_user
from .conftest import login

PAGES = [
    reverse("dashboard", args=[2019]),
    reverse("municipality", args=["1980", 2019]),
    reverse("year", args=[2019]),
    reverse("biblioteksplaner:register"),
]


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")], len(queries)  # no CSRF token


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", PAGES)
def test_a_page_is_served_from_the_cache_until_a_write_commits(role_clients, region, vasteras, url):
    make_frame(region, municipalities=[vasteras])
    head = role_clients["head"]
    first, computed = get(head, url)
    again, cached = get(head, url)
    assert again == first and cached < computed

    activity = Activity.objects.filter(area_year__year__year=2019).first()
    activity.status = ActivityStatus.PLANNED  # counted on the dashboards, shown on the year
    activity.save()  # committed: the region's data version has moved on
    fresh, count = get(head, url)
    assert count == computed  # computed again
    if url != reverse("biblioteksplaner:register"):  # which lists plans, not activities
        assert fresh != first


@pytest.mark.django_db(transaction=True)
def test_the_key_holds_the_state_the_page_the_scope_and_the_language(
    region, vasteras, koping, staff_user, head_user, reporter_user
):
    def key(user, path="/oversikt/2019/", language="sv"):
        request = RequestFactory().get(path)
        request.user = user
        with translation.override(language):
            return caching.fragment(request, region.pk)["key"]

    assert key(head_user) == key(head_user)
    others = [
        key(staff_user),
        key(reporter_user),
        key(head_user, "/oversikt/2018/"),
        key(head_user, language="en"),
    ]
    assert len({key(head_user), *others}) == 5
    before = key(head_user)
    region.name = "Region Västmanland (ny)"
    region.save()
    assert key(head_user) != before


@pytest.mark.django_db(transaction=True)
def test_nothing_is_kept_in_a_transaction_that_has_written(region, head_user):
    request = RequestFactory().get("/oversikt/2019/")
    request.user = head_user
    with transaction.atomic():
        assert caching.fragment(request, region.pk)["timeout"] == caching.TIMEOUT
        region.save()
        assert caching.fragment(request, region.pk) == caching.UNCACHED


@pytest.mark.django_db(transaction=True)
def test_a_superusers_page_is_never_served_to_the_staff_of_the_same_region(
    region, vasteras, staff_user
):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Lindesberg", code="1885")
    make_frame(region, municipalities=[vasteras])
    superuser = make_user("super", Role.REGIONAL_STAFF, region, is_superuser=True)
    clients = {}
    for name, user in (("super", superuser), ("staff", staff_user)):
        clients[name] = Client()
        login(clients[name], user)
    url = reverse("municipality", args=["1980", 2019])
    clients["super"].get(url)
    assert "Lindesberg" not in get(clients["staff"], url)[0]

    def key(user):
        request = RequestFactory().get(url)
        request.user = user
        return caching.fragment(request, region.pk)["key"]

    assert key(superuser) != key(staff_user)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", PAGES[:3])
def test_a_commit_elsewhere_leaves_the_page_cached(role_clients, region, vasteras, url):
    """Another region's write, a session's, a transaction that writes no table: the region's
    page stays cached (only the plan register, a page of every region, follows all regions)."""
    make_frame(region, municipalities=[vasteras])
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    make_frame(other, municipalities=[])
    head = role_clients["head"]
    first, computed = get(head, url)

    activity = Activity.objects.filter(area_year__year__region=other).first()
    activity.status = ActivityStatus.PLANNED
    activity.save()
    Client().get(reverse("login"))  # a new session, saved
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
    again, cached = get(head, url)
    assert again == first and cached < computed


@pytest.mark.django_db(transaction=True)
def test_the_plan_register_follows_every_region(client, region, vasteras):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    url = reverse("biblioteksplaner:register")
    first, computed = get(client, url)
    assert get(client, url)[1] < computed
    Municipality.objects.create(region=other, name="Lindesberg", code="1885")
    fresh, count = get(client, url)
    assert count == computed and "Lindesberg" in fresh and "Lindesberg" not in first


PUBLIC = {  # the public calendar (a year's list, a month) and directory: (url, what they show)
    "calendar": (reverse("kompetens:events", args=["vastmanland"]) + "?ar=2019", "event"),
    "month": (reverse("kompetens:month", args=["vastmanland", 2019, 10]), "event"),
    "directory": (reverse("lasframjande:directory", args=["vastmanland"]), "actor"),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", PUBLIC)
def test_a_public_page_is_cached_until_a_write_of_its_region_commits(client, region, page):
    url, shown = PUBLIC[page]
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    rows = {
        "event": make_event(region, start=at(2019, 10, 8), title="Digital källkritik"),
        "actor": make_actor(region, "Astrid Lindgren"),
    }
    make_event(other, start=at(2019, 10, 8))
    make_actor(other, "Selma Lagerlöf")
    first, computed = get(client, url)

    TrainingEvent.objects.filter(region=other).update(title="Annan region")
    LiteraryActor.objects.filter(region=other).update(name="Annan region")
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")  # a commit that writes no table
    again, cached = get(client, url)
    assert again == first and cached < computed

    row = rows[shown]
    setattr(row, "title" if shown == "event" else "name", "Nytt namn")
    row.save()  # committed: the region's data version has moved on
    fresh, count = get(client, url)
    assert count == computed and "Nytt namn" in fresh and "Nytt namn" not in first


@pytest.mark.django_db(transaction=True)
def test_a_cached_page_computes_none_of_its_body(role_clients, client, region, vasteras):
    """Served from the cache, a page runs only the queries before its cache tag: the head's
    session and user, the page's year, municipality or region, and the cache's key."""
    make_frame(region, municipalities=[vasteras])
    make_event(region, start=at(2019, 10, 8))
    make_actor(region, "Astrid Lindgren")
    public = [url for url, _shown in PUBLIC.values()]
    pinned = dict(zip(PAGES + public, [4, 5, 4, 3, 2, 2, 2], strict=True))
    counts = {}
    for url in pinned:
        reader = client if url in public else role_clients["head"]
        get(reader, url)
        counts[url] = get(reader, url)[1]
    assert counts == pinned
