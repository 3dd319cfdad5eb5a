"""The readiness check asks the database (/halsa/ does not: tests/test_health.py); a database
outage is a 503 with Retry-After and the outage page on every page, not a 500."""

import socket

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client, RequestFactory

from biblioteksportal.health import server_error


@pytest.fixture
def outage(django_db_blocker):
    """The database does not answer: the connection points at a port where nothing listens."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    db = connections["default"]
    saved = db.settings_dict.copy()
    db.close()
    db.settings_dict.update(HOST="127.0.0.1", PORT=port)
    with django_db_blocker.unblock():
        yield
    db.close()
    db.settings_dict.update(saved)


def test_ready_answers_ok_when_the_database_answers(client, db):
    response = client.get("/halsa/klar/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_ready_answers_503_when_the_database_does_not(outage):
    response = Client().get("/halsa/klar/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_health_stays_ok_when_the_database_does_not_answer(outage):
    assert Client().get("/halsa/").status_code == 200


def with_a_session(**cookies):
    """A client with a session cookie: its first look at the user asks the database."""
    client = Client(raise_request_exception=False)
    client.cookies.load({settings.SESSION_COOKIE_NAME: "a" * 32, **cookies})
    return client


@pytest.mark.parametrize("url", ["/", "/oversikt/", "/sok/?q=a", "/admin/", "/kompetens/"])
def test_a_database_outage_is_a_503_page_in_swedish(outage, url):
    response = with_a_session().get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="sv">' in response.text
    assert "Tillfälligt otillgänglig" in response.text
    assert "når inte sin databas" in response.text


def test_the_outage_page_in_english(outage):
    response = with_a_session(**{settings.LANGUAGE_COOKIE_NAME: "en"}).get("/oversikt/")
    assert response.status_code == 503
    assert '<html lang="en">' in response.text


def test_another_error_stays_a_500():
    request = RequestFactory().get("/")
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response
