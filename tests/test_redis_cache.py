"""The page cache in Redis when REDIS_URL is set (README: Object storage and Redis): one cache for
every client, so for every process and machine. Redis runs at 127.0.0.1:6379; these tests use
its database 7 and up (one per test process), emptied before and after each."""

import os

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .builders import make_frame, settings_from

URL = f"redis://127.0.0.1:6379/{7 + int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:])}"


@pytest.fixture
def server(settings):
    """The page cache in Redis as settings.py configures it from REDIS_URL; a plain client of
    the same database to look into it."""
    settings.CACHES = settings_from(REDIS_URL=URL)["CACHES"]
    client = redis.Redis.from_url(URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def test_what_one_cache_client_keeps_another_reads(server):
    writer, reader = caches.create_connection("default"), caches.create_connection("default")
    writer.set("hälsning", "hej", 60)
    assert reader.get("hälsning") == "hej"
    assert len(server.keys("*hälsning")) == 1  # in Redis, not in this process
    reader.delete("hälsning")
    assert writer.get("hälsning") is None


def main(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")], len(queries)  # no CSRF token


@pytest.mark.django_db(transaction=True)
def test_a_page_computed_through_one_client_is_served_through_another(
    server, role_clients, region, vasteras
):
    make_frame(region, municipalities=[vasteras])
    url = reverse("dashboard", args=[2019])
    first, computed = main(role_clients["head"], url)
    assert len(server.keys("*template.cache.dashboard.*")) == 1
    del caches["default"]  # the next request gets a new client, as another process would
    again, cached = main(role_clients["head"], url)
    assert again == first and cached < computed
