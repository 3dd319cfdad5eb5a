"""A NUL byte anywhere in the address (path or query) is a bad request (400), never a 500:
PostgreSQL refuses NUL in text, so it must not reach a query."""

import pytest
from django.test import Client

from .builders import make_user, route_names, routes
from .conftest import login

ROUTES = sorted(set(routes()))


def nul_urls():
    """Per route: each parameter with a NUL byte in turn (the others plausible), and the route
    with a NUL byte in a query parameter's value and in its name."""
    for route in ROUTES:
        plain = dict.fromkeys(route_names(route), "2019")
        for name in plain:
            yield route.format(**{**plain, name: "19%00"})
        yield route.format(**plain) + "?q=%00&term=a%00b"
        yield route.format(**plain) + "?a%00=1"


@pytest.fixture
def clients(region):
    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    login(staff, make_user("nul-staff", is_staff=True, is_superuser=True))
    return {"anonymous": anonymous, "staff": staff}


def test_the_walk_covers_the_projects_routes():
    assert len(ROUTES) > 100
    for route in (
        "/kommun/{code}/{year}/",
        "/sok/",
        "/biblioteksplaner/register/{code}/",
        "/admin/{app_label}/",
    ):
        assert route in ROUTES


@pytest.mark.django_db
def test_a_nul_byte_in_any_route_or_query_parameter_is_a_bad_request(clients):
    failures = []
    for url in nul_urls():
        for name, client in clients.items():
            response = client.get(url)
            if response.status_code != 400:
                failures.append((name, url, response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    "url",
    [
        "/biblioteksplaner/register/%00/",
        "/sok/?q=%00",
        "/kommun/%00/2019/",
        "/admin/autocomplete/?app_label=biblioteksportal&model_name=library"
        "&field_name=municipality&term=%00",
    ],
)
def test_the_reported_addresses_are_bad_requests_in_swedish(clients, url):
    for client in clients.values():
        response = client.get(url)
        assert response.status_code == 400
        assert "Felaktig begäran" in response.text


def test_a_nul_free_address_is_served_as_before(clients):
    assert clients["staff"].get("/sok/?q=Västmanland").status_code == 200
    assert clients["anonymous"].get("/biblioteksplaner/register/").status_code == 200
