"""Copying a self-assessment round's statements into a new round (an admin action)."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pghistory.models import Events

from biblioteksportal.choices import Role
from biblioteksportal.models import Region
from kompetens.models import AssessmentRound, Statement

from ..builders import ASSESSMENT_HEADER, assessment_rows, import_sheets, make_round, make_user
from ..conftest import login

CHANGELIST = "/admin/kompetens/assessmentround/"


@pytest.fixture
def source(region, vasteras):
    round = make_round(region)
    import_sheets(round, (ASSESSMENT_HEADER + assessment_rows("Västerås", 5)).encode())
    return round


@pytest.fixture
def other_client(db):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    client = Client()
    login(client, make_user("orebro", Role.REGIONAL_STAFF, other, is_staff=True))
    return client


def action(source, **form):
    data = {"action": "copy_round", "_selected_action": [source.pk]}
    return {**data, "copy": "Kopiera", **form} if form else data


def post_counted(client, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(CHANGELIST, data)
    return response, len(queries)


def test_the_new_round_gets_the_statements_and_no_answers(role_clients, source, staff_user):
    client = role_clients["staff"]
    page = client.post(CHANGELIST, action(source)).text
    assert "Den nya omgången får omgångens 5 påståenden" in page
    assert 'name="name"' in page and 'type="date"' in page
    response = client.post(CHANGELIST, action(source, name="Hösten 2019", held="2019-11-14"))
    new = AssessmentRound.objects.get(name="Hösten 2019")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/kompetens/assessmentround/{new.pk}/change/"
    assert (new.region, new.held) == (source.region, date(2019, 11, 14))
    fields = ("position", "code", "area", "text")
    assert list(new.statements.values_list(*fields)) == list(source.statements.values_list(*fields))
    assert not new.responses.exists() and not new.imports.exists()
    assert source.statements.count() == 5 and source.responses.count() == 5
    inserts = Events.objects.across("kompetens.StatementEvent").filter(pgh_context__url=CHANGELIST)
    assert [e.pgh_label for e in inserts] == ["insert"] * 5
    assert {e.pgh_context["user"] for e in inserts} == {staff_user.pk}


@pytest.mark.parametrize(
    "form, field, message",
    [
        ({"name": "Hösten 2018", "held": "2019-11-14"}, "name", "Regionen har redan en"),
        ({"name": "Ny\x00omgång", "held": "2019-11-14"}, "name", "Null-tecken är inte tillåtna."),
        ({"name": "x" * 201, "held": "2019-11-14"}, "name", "som mest 200 tecken"),
        ({"name": "Ny", "held": "2019-02-30"}, "held", "Fyll i ett giltigt datum."),
        ({"name": "Ny", "held": "99999-01-01"}, "held", "Fyll i ett giltigt datum."),
        ({"name": "", "held": ""}, "held", "Detta fält måste fyllas i."),
    ],
)
def test_bad_input_is_refused_at_its_field(role_clients, source, form, field, message):
    response = role_clients["staff"].post(CHANGELIST, action(source, **form))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert AssessmentRound.objects.count() == 1


def test_only_one_round_is_copied_at_a_time(role_clients, source, region):
    other = make_round(region, name="Våren 2019", held=date(2019, 4, 1))
    data = {"action": "copy_round", "_selected_action": [source.pk, other.pk]}
    response = role_clients["staff"].post(CHANGELIST, data, follow=True)
    assert "Välj en omgång att kopiera." in response.text
    assert AssessmentRound.objects.count() == 2


def test_the_copy_is_its_regions_staffs(role_clients, source, other_client):
    form = {"name": "Hösten 2019", "held": "2019-11-14"}
    for role in ("anonymous", "head", "reporter"):
        response = role_clients[role].post(CHANGELIST, action(source, **form))
        assert response.status_code == 302 and "/admin/login/" in response["Location"], role
    response = other_client.post(CHANGELIST, action(source, **form), follow=True)
    assert "Välj en omgång att kopiera." in response.text  # another region's round: none
    assert list(AssessmentRound.objects.all()) == [source]


def test_the_copy_takes_a_fixed_number_of_queries(role_clients, source):
    client = role_clients["staff"]
    client.post(CHANGELIST, action(source))  # warm caches (content types, sessions)
    form, form_queries = post_counted(client, action(source))
    copy, copy_queries = post_counted(client, action(source, name="A", held="2019-11-14"))
    for i in range(6, 56):
        Statement.objects.create(round=source, code=f"P{i}", area="safety", text=f"P {i}")
    assert post_counted(client, action(source))[1] == form_queries == 9
    assert post_counted(client, action(source, name="B", held="2019-11-14"))[1] == copy_queries
    assert copy_queries == 13
    assert AssessmentRound.objects.get(name="B").statements.count() == 55
