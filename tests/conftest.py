"""Fixtures shared by the whole suite: a small county, a user per role, query counting."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblioteksportal.choices import Role
from biblioteksportal.models import Municipality, Profile, Region

PASSWORD = "Rätt-hemligt-lösen-42"


@pytest.fixture(autouse=True)
def swedish():
    """Each test starts in Swedish: a request in English leaves English active in the thread."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def region(db):
    return Region.objects.create(name="Region Västmanland", code="19", slug="vastmanland")


@pytest.fixture
def vasteras(region):
    return Municipality.objects.create(region=region, name="Västerås", code="1980")


@pytest.fixture
def koping(region):
    return Municipality.objects.create(region=region, name="Köping", code="1983")


def make_user(username, role=None, region=None, municipality=None, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **extra
    )
    if role:
        Profile.objects.create(user=user, role=role, region=region, municipality=municipality)
    return user


@pytest.fixture
def staff_user(region):
    return make_user("regional", Role.REGIONAL_STAFF, region, is_staff=True)


@pytest.fixture
def head_user(region, vasteras):
    return make_user("chef", Role.LIBRARY_HEAD, region, vasteras)


@pytest.fixture
def reporter_user(region, koping):
    """A reporter of another municipality than the library head's (Köping, not Västerås)."""
    return make_user("rapportor", Role.REPORTER, region, koping)


@pytest.fixture
def role_clients(client, staff_user, head_user, reporter_user):
    """A logged-in client per role, and the anonymous one."""
    from django.test import Client

    clients = {"anonymous": client}
    for name, user in [
        ("reporter", reporter_user),
        ("head", head_user),
        ("staff", staff_user),
    ]:
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_queries_constant(client, url, grow):
    """The page's query count with its data as it is, and after `grow()` adds ten times more.

    Returns the count, for the test to pin.
    """
    client.get(url)  # warm caches (content types, sessions) out of the count
    before = count_queries(client, url)
    grow()
    after = count_queries(client, url)
    assert before == after, f"{url}: {before} queries, {after} with ten times the data"
    return before
