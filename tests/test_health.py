"""The health check for load balancers: answers without login or database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import login


def test_health_answers_ok_without_a_query(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/halsa/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert len(queries) == 0


def test_health_answers_a_logged_in_client(client, head_user):
    login(client, head_user)
    assert client.get("/halsa/").content == b"ok"
