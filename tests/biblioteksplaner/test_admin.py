"""Regional staff work in the admin: opening a round, plans, extensions; no one else may."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from biblioteksplaner.choices import AdoptingBody, ReportState
from biblioteksplaner.models import LibraryPlan, PlanExtension, Report, SurveyRound

from ..builders import PDF, make_plan

D = datetime.date


def plan_data(region, municipality, **extra):
    return {
        "region": region.pk,
        "municipality": municipality.pk,
        "title": "Ny plan",
        "adopted_by": AdoptingBody.MUNICIPAL_COUNCIL,
        "decision_date": "2019-12-01",
        "start": "2020-01-01",
        "end": "2023-12-31",
        "loaded_version": 0,
        "extensions-TOTAL_FORMS": 0,
        "extensions-INITIAL_FORMS": 0,
        **extra,
    }


def test_opening_a_round_gives_every_municipality_a_report(role_clients, region, vasteras, koping):
    response = role_clients["staff"].post(
        "/admin/biblioteksplaner/surveyround/add/",
        {
            "region": region.pk,
            "title": "Uppföljning 2020",
            "year": 2020,
            "deadline": "2020-10-31",
            "reports-TOTAL_FORMS": 0,
            "reports-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content
    survey_round = SurveyRound.objects.get()
    states = set(Report.objects.filter(round=survey_round).values_list("state", flat=True))
    assert Report.objects.filter(round=survey_round).count() == 2
    assert states == {ReportState.NOT_STARTED}


def test_overlapping_plan_in_the_admin_gets_the_message(role_clients, region, vasteras):
    make_plan(vasteras, D(2016, 1, 1), D(2020, 6, 30), title="Gamla")
    response = role_clients["staff"].post(
        "/admin/biblioteksplaner/libraryplan/add/", plan_data(region, vasteras)
    )
    assert response.status_code == 200
    assert "Perioden överlappar en annan antagen plan: ”Gamla”" in response.text
    assert LibraryPlan.objects.count() == 1


def test_stale_plan_save_in_the_admin_is_refused(role_clients, region, vasteras):
    plan = make_plan(vasteras, D(2020, 1, 1), D(2023, 12, 31), title="Plan")
    url = f"/admin/biblioteksplaner/libraryplan/{plan.pk}/change/"
    first = role_clients["staff"].post(url, plan_data(region, vasteras, title="Först"))
    assert first.status_code == 302
    second = role_clients["staff"].post(url, plan_data(region, vasteras, title="Sen"))
    assert second.status_code == 200
    assert "Titel: sparat ”Först”, ditt ”Sen”" in second.text
    assert LibraryPlan.objects.get().title == "Först"


def test_extension_in_the_admin_moves_the_end(role_clients, region, vasteras):
    plan = make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31))
    response = role_clients["staff"].post(
        "/admin/biblioteksplaner/planextension/add/",
        {
            "plan": plan.pk,
            "adopted_by": AdoptingBody.COMMITTEE,
            "decision_date": "2019-11-01",
            "new_end": "2020-12-31",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end == D(2020, 12, 31)
    assert PlanExtension.objects.get().previous_end == D(2019, 12, 31)


def test_only_regional_staff_reach_the_admin(role_clients, region, vasteras):
    plan = make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31))
    for role in ("reporter", "head"):
        response = role_clients[role].get(f"/admin/biblioteksplaner/libraryplan/{plan.pk}/change/")
        assert response.status_code == 302  # to the admin login
    assert role_clients["staff"].get("/admin/biblioteksplaner/libraryplan/").status_code == 200
    assert role_clients["staff"].get("/admin/biblioteksplaner/reminderlog/").status_code == 200


def test_stale_report_save_in_the_admin_is_refused(role_clients, koping_report):
    url = f"/admin/biblioteksplaner/report/{koping_report.pk}/change/"
    page = role_clients["staff"].get(url)
    assert page.status_code == 200 and 'name="loaded_version"' in page.text
    data = {"loaded_version": 0, "adopted_by": "", "comment": "Från admin"}
    assert role_clients["staff"].post(url, data).status_code == 302
    response = role_clients["staff"].post(url, {**data, "comment": "Senare"})
    assert "Kommentar: sparat ”Från admin”, ditt ”Senare”" in response.text
    assert Report.objects.get(pk=koping_report.pk).comment == "Från admin"


def test_the_plan_admin_links_the_document_to_its_public_view(role_clients, koping):
    plan = make_plan(koping, D(2020, 1, 1), D(2023, 12, 31), title="Köpings plan")
    plan.document.save("x.pdf", ContentFile(PDF))
    page = role_clients["staff"].get(f"/admin/biblioteksplaner/libraryplan/{plan.pk}/change/")
    link = reverse("biblioteksplaner:plan-document", args=[plan.pk])
    assert f'<a href="{link}">Köpings plan</a>' in page.text
    assert plan.document.name not in page.text  # never the storage name
