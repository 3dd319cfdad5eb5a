"""Hostile input to every URL pattern as every role is never a server error (>= 500): bytes
that are not UTF-8, huge and negative numbers, impossible dates, an unknown `format`, overlong
strings, in the path's parameters (where the converter takes them) and in every query
parameter the portal reads. A generated matrix over the demo data: every pattern × role ×
variant. Run with `-s` to see the number of requests sent."""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from .builders import route_names, routes
from .conftest import login

ROUTES = sorted(set(routes()))

# Every query parameter a page, a download, a filter form or the admin reads.
NAMES = (  # noqa: SIM905 (a list of words)
    "a b after ar before date datum days end format kind meddelande municipality next offer "
    "page q reason region start term o p e _changelist_filters app_label model_name field_name"
).split()
HUGE = "1" + "0" * 30
LONG = "x" * 10_000
NOT_UTF8 = ("%C3%28", "%FF")
DATES = ("2019-02-30", "0000-00-00", "99999-01-01")
# (the path's parameters, the query's values): None keeps a plausible value.
VARIANTS = [
    (HUGE, dict.fromkeys(NAMES, HUGE)),
    ("-1", dict.fromkeys(NAMES, "-1")),
    *[(value, dict.fromkeys(NAMES, value)) for value in NOT_UTF8],
    *[(None, dict.fromkeys(NAMES, value)) for value in DATES],
    (LONG, dict.fromkeys(NAMES, LONG)),
    (None, {**dict.fromkeys(NAMES, HUGE), "format": "csv", "region": "vastmanland"}),
    (None, {**dict.fromkeys(NAMES, DATES[0]), "format": "xlsx", "region": "vastmanland"}),
]
# The admin's patterns (three quarters of all, Django's own views over the portal's model
# admins) get three: a huge number and bytes that are not UTF-8 in path and query, and an
# impossible date in the query of an existing object's pages. That keeps the test near a
# minute of CPU.
ADMIN_VARIANTS = [VARIANTS[0], VARIANTS[3], VARIANTS[4]]
PLAUSIBLE = {
    "code": "1980",
    "year": "2019",
    "month": "5",
    "region": "vastmanland",
    "slug": "biblioteksplaner",
}
ROLES = {
    "anonymous": None,
    "reporter": "rapportor.koping",  # another municipality than the head's
    "head": "chef.vasteras",
    "staff": "regional",
}


def plausible(route, name):
    """An existing object's key where the route names its model (the admin's), else a value
    of the demo data."""
    admin = re.match(r"/admin/(\w+)/(\w+)/", route)
    if name == "object_id" and admin:
        model = apps.get_model(*admin.groups())
        return str(model._default_manager.values_list("pk", flat=True).first() or 1)
    return PLAUSIBLE.get(name, "1")


def hostile_urls():
    for route in ROUTES:
        names = route_names(route)
        for in_path, query in ADMIN_VARIANTS if route.startswith("/admin/") else VARIANTS:
            path = route.format(**{n: in_path or plausible(route, n) for n in names})
            yield path + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.fixture
def clients(demo_county, db):
    users = get_user_model().objects.in_bulk(filter(None, ROLES.values()), field_name="username")
    clients = {}
    for role, username in ROLES.items():
        clients[role] = Client()
        if username:
            login(clients[role], users[username])
    return clients


@pytest.mark.parametrize("role", ROLES)  # a test per role: the two test processes share them
def test_no_hostile_request_is_a_server_error(clients, role):
    sent, failures = 0, []
    client = clients[role]
    for url in hostile_urls():
        sent += 1
        try:  # a savepoint: a failed query does not abort the next requests' transaction
            with transaction.atomic():
                status = client.get(url).status_code
        except Exception as error:  # the test client raises a view's uncaught exception
            status = f"{type(error).__name__}: {str(error)[:200]}"
        if not isinstance(status, int) or status >= 500:
            failures.append((url[:200], status))
    print(f"{role}: {sent} hostile requests, {len(failures)} server errors")
    assert failures == []
    admin = sum(route.startswith("/admin/") for route in ROUTES)
    assert sent == admin * len(ADMIN_VARIANTS) + (len(ROUTES) - admin) * len(VARIANTS)


def test_an_admin_add_page_leaves_out_a_related_value_that_is_no_key(clients, demo_county):
    url = "/admin/biblioteksportal/library/add/?region="
    assert clients["staff"].get(url + "vastmanland").status_code == 200
    page = clients["staff"].get(url + str(demo_county.pk)).text
    assert f'<option value="{demo_county.pk}" selected>' in page
