"""0 axe violations on the library-plan pages: the reporter's form (empty, with errors,
submitted), the county overview, a round's answers and the public register."""

import datetime

import pytest

from biblioteksplaner import services
from biblioteksplaner.choices import AdoptingBody
from biblioteksplaner.models import LibraryPlan, Report, SurveyRound

from .conftest import axe_violations

D = datetime.date


@pytest.fixture
def report(region, vasteras, koping):
    LibraryPlan.objects.create(
        region=region,
        municipality=vasteras,
        title="Biblioteksplan 2015–2019",
        adopted_by=AdoptingBody.MUNICIPAL_COUNCIL,
        decision_date=D(2014, 12, 4),
        start=D(2015, 1, 1),
        end=D(2019, 12, 31),
        document_url="https://example.org/plan",
    )
    survey_round = services.open_round(
        SurveyRound(region=region, title="Uppföljning 2019", year=2019, deadline=D(2019, 10, 31))
    )
    return Report.objects.get(round=survey_round, municipality=koping)


def test_reporters_form_empty_with_errors_and_submitted(page, log_in, reporter_user, report):
    log_in(reporter_user)
    page.goto("/biblioteksplaner/min-rapport/")
    assert page.locator("h1").inner_text() == "Uppföljning 2019: Köping"
    assert axe_violations(page) == []

    page.check("#id_has_plan")
    page.fill("#id_plan_title", "Biblioteksplan 2020–2023")
    page.fill("#id_start", "2020-01-01")
    page.fill("#id_end", "2019-01-01")
    page.fill("#id_comment", "Text som ska finnas kvar")
    with page.expect_navigation():
        page.click("button[value=submit]")
    errors = page.locator(".field-errors").all_inner_texts()
    assert "Slutdatum får inte vara före startdatum." in errors
    assert page.input_value("#id_comment") == "Text som ska finnas kvar"
    assert axe_violations(page) == []

    page.select_option("#id_adopted_by", AdoptingBody.MUNICIPAL_COUNCIL)
    page.fill("#id_decision_date", "2019-12-16")
    page.fill("#id_end", "2023-12-31")
    with page.expect_navigation():
        page.click("button[value=submit]")
    assert "Svaret är inskickat." in page.locator(".notice").inner_text()
    assert page.locator(".report-state").inner_text() == "Inskickad"
    assert page.locator("#id_comment").count() == 0  # locked
    assert axe_violations(page) == []


def test_county_overview(page, log_in, head_user, report):
    log_in(head_user)
    page.goto("/biblioteksplaner/oversikt/?datum=2019-06-01&ar=2020")
    assert page.locator("svg[role=img]").count() == 1
    assert "Går ut" in page.locator("table#statuses").inner_text()
    assert axe_violations(page) == []
    page.goto(f"/biblioteksplaner/omgang/{report.round_id}/")
    assert page.get_by_role("link", name="Excel", exact=True).count() == 1
    assert axe_violations(page) == []


def test_public_register(page, report):
    page.goto("/biblioteksplaner/register/")
    assert "Västerås" in page.locator("table#register").inner_text()
    assert axe_violations(page) == []
    page.goto("/biblioteksplaner/register/1980/")
    assert axe_violations(page) == []


def test_review_with_error_and_returned_form(page, log_in, staff_user, reporter_user, report):
    Report.objects.filter(pk=report.pk).update(state="submitted", comment="Klart")
    log_in(staff_user)
    page.goto(f"/biblioteksplaner/rapport/{report.pk}/")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.click("button[value=return]")
    assert "Skriv en kommentar" in page.locator(".error-summary").inner_text()
    assert axe_violations(page) == []
    page.fill("#id_reviewer_comment", "Bifoga planen som PDF.")
    with page.expect_navigation():
        page.click("button[value=return]")
    assert page.locator(".report-state").inner_text() == "Återsänd för komplettering"
    page.context.clear_cookies()
    log_in(reporter_user)
    page.goto(f"/biblioteksplaner/rapport/{report.pk}/")
    assert "Bifoga planen som PDF." in page.locator(".reviewer-comment").inner_text()
    assert axe_violations(page) == []


def test_county_overview_with_bad_filters(page, log_in, staff_user, report):
    log_in(staff_user)
    page.goto("/biblioteksplaner/oversikt/?datum=fel&ar=1")
    assert page.locator(".field-errors").count() == 2
    assert axe_violations(page) == []


def test_admin_review_and_mail_confirmation(page, log_in, staff_user, reporter_user, report):
    Report.objects.filter(pk=report.pk).update(state="submitted")
    log_in(staff_user)
    page.goto(f"/admin/biblioteksplaner/report/{report.pk}/change/")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.click("button[value=return]")  # without a comment: the review page says why
    assert "Skriv en kommentar" in page.locator(".errorlist").inner_text()
    assert axe_violations(page) == []
    Report.objects.filter(pk=report.pk).update(state="draft")  # one reporter to remind
    page.goto("/admin/biblioteksplaner/surveyround/")
    page.check(f"input[name=_selected_action][value='{report.round_id}']")
    page.select_option("select[name=action]", "remind")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "1 e-postmeddelande skickas." in page.locator(".mail-count").inner_text()
    assert axe_violations(page) == []
    page.goto(f"/admin/biblioteksplaner/surveyround/{report.round_id}/change/")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.click("text=Meddela kommunrapportörerna")
    assert "1 e-postmeddelande skickas." in page.locator(".mail-count").inner_text()
