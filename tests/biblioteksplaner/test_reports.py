"""The reporter's form: the workflow, locking, review, approval into the register, documents,
concurrency, and who may see what."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from biblioteksplaner import services
from biblioteksplaner.choices import ReportState
from biblioteksplaner.models import LibraryPlan, Report, SurveyRound
from biblioteksportal import documents
from biblioteksportal.models import Region

from ..builders import PDF, make_plan, make_user, plan_answer
from ..conftest import READERS, assert_queries_constant, download_statuses, downloads, login

D = datetime.date


def url(report, name="report"):
    return reverse(f"biblioteksplaner:{name}", args=[report.pk])


def fresh(report):
    return Report.objects.get(pk=report.pk)


def test_reporter_saves_a_draft_then_submits_and_the_form_locks(role_clients, koping_report):
    client = role_clients["reporter"]
    page = client.get(url(koping_report)).text
    assert "Ej påbörjad" in page and "Skicka in" in page
    response = client.post(url(koping_report), plan_answer(koping_report))
    assert response.status_code == 302
    report = fresh(koping_report)
    assert report.state == ReportState.DRAFT and report.comment == "Vår kommentar"
    client.post(url(report), plan_answer(report, action="submit"))
    report = fresh(report)
    assert report.state == ReportState.SUBMITTED
    page = client.get(url(report)).text
    assert "Skicka in" not in page and "låst" in page
    # a second submit (or a save) changes nothing and says why
    response = client.post(
        url(report), plan_answer(report, action="submit", comment="Ändrat"), follow=True
    )
    assert "Svaret är redan inskickat" in response.text
    assert fresh(report).comment == "Vår kommentar" and fresh(report).state == ReportState.SUBMITTED


def test_staff_returns_with_comment_then_approves_into_the_register(role_clients, koping_report):
    reporter, staff = role_clients["reporter"], role_clients["staff"]
    reporter.post(url(koping_report), plan_answer(koping_report, action="submit"))
    response = staff.post(url(koping_report), {"action": "return", "reviewer_comment": ""})
    assert response.status_code == 400
    assert "Skriv en kommentar om vad som behöver kompletteras." in response.text
    staff.post(url(koping_report), {"action": "return", "reviewer_comment": "Lägg till PDF."})
    report = fresh(koping_report)
    assert report.state == ReportState.RETURNED
    assert "Lägg till PDF." in reporter.get(url(report)).text
    reporter.post(url(report), plan_answer(report, action="submit"))
    staff.post(url(report), {"action": "approve"})
    report = fresh(report)
    assert report.state == ReportState.APPROVED
    plan = LibraryPlan.objects.get(municipality=report.municipality)
    assert report.plan == plan and plan.title == "Biblioteksplan 2020–2023"
    assert plan.end == D(2023, 12, 31)


def test_approval_updates_the_existing_plan_with_the_same_start(
    role_clients, koping, koping_report
):
    plan = make_plan(koping, D(2020, 1, 1), D(2022, 12, 31), title="Utkastets titel")
    reporter, staff = role_clients["reporter"], role_clients["staff"]
    reporter.post(url(koping_report), plan_answer(koping_report, action="submit"))
    staff.post(url(koping_report), {"action": "approve"})
    plan.refresh_from_db()
    assert plan.title == "Biblioteksplan 2020–2023" and plan.end == D(2023, 12, 31)
    assert LibraryPlan.objects.count() == 1


def test_approval_that_would_overlap_is_refused_and_nothing_changes(
    role_clients, koping, koping_report
):
    reporter, staff = role_clients["reporter"], role_clients["staff"]
    reporter.post(url(koping_report), plan_answer(koping_report, action="submit"))
    make_plan(koping, D(2023, 1, 1), D(2026, 12, 31), title="Senare plan")  # after submitting
    response = staff.post(url(koping_report), {"action": "approve"})
    assert response.status_code == 400 and "Senare plan" in response.text
    assert fresh(koping_report).state == ReportState.SUBMITTED
    assert LibraryPlan.objects.count() == 1


def test_bad_input_gets_swedish_messages_and_keeps_the_input(role_clients, koping, koping_report):
    make_plan(koping, D(2016, 1, 1), D(2020, 6, 30), title="Gamla")
    client = role_clients["reporter"]
    cases = [
        ({"end": "2019-01-01"}, "Slutdatum får inte vara före startdatum."),
        ({"decision_date": "2020-02-01"}, "Beslutsdatum får inte vara efter startdatum."),
        ({}, "Perioden överlappar en annan antagen plan: ”Gamla” (2016-01-01–2020-06-30)."),
        ({"plan_title": ""}, "Fyll i detta fält när kommunen har en antagen plan."),
        ({"drafting": "on"}, "Ange när den nya planen väntas antas."),
        ({"start": "2020-13-01"}, "Fyll i ett giltigt datum."),
    ]
    for change, message in cases:
        response = client.post(url(koping_report), plan_answer(koping_report, **change))
        assert response.status_code == 400, change
        assert message in response.text, change
        assert "Vår kommentar" in response.text  # the input is kept
    assert fresh(koping_report).state == ReportState.NOT_STARTED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"<html><body>inte pdf</body></html>", "Filen är inte en PDF."),
        ("bild.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Filen är inte en PDF."),
        ("tom.pdf", b"", "Den skickade filen är tom."),
    ],
)
def test_documents_that_are_not_pdf_are_refused(
    role_clients, koping_report, name, content, message
):
    document = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = role_clients["reporter"].post(
        url(koping_report), plan_answer(koping_report, document=document)
    )
    assert response.status_code == 400 and message in response.text
    assert not fresh(koping_report).document


def test_document_over_the_limit_is_refused(role_clients, koping_report, settings):
    settings.UPLOAD_MAX_MB = 1
    big = PDF + b"\n" * documents.MB
    document = SimpleUploadedFile("plan.pdf", big, content_type="application/pdf")
    response = role_clients["reporter"].post(
        url(koping_report), plan_answer(koping_report, document=document)
    )
    assert "Filen är för stor. Den får vara högst 1 MB." in response.text
    assert "Vår kommentar" in response.text  # the input is kept
    assert not fresh(koping_report).document


def test_pdf_is_stored_under_a_generated_name_and_served_safely(role_clients, koping_report):
    document = SimpleUploadedFile("../../etc/min plan.pdf", PDF, content_type="application/pdf")
    role_clients["reporter"].post(url(koping_report), plan_answer(koping_report, document=document))
    stored = fresh(koping_report).document.name
    assert stored.startswith("biblioteksplaner/") and "etc" not in stored and "min" not in stored
    response = role_clients["reporter"].get(url(koping_report, "report-document"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''Biblioteksplan%202020%E2%80%932023.pdf"
    )
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF
    for role in ("head", "staff"):
        assert role_clients[role].get(url(koping_report, "report-document")).status_code == 200
    response = role_clients["anonymous"].get(url(koping_report, "report-document"))
    assert response.status_code == 302


def test_a_refused_upload_shows_no_link_to_a_document(role_clients, koping_report):
    document = SimpleUploadedFile("plan.pdf", b"<html></html>", content_type="application/pdf")
    response = role_clients["reporter"].post(
        url(koping_report), plan_answer(koping_report, document=document)
    )
    assert response.status_code == 400 and "Filen är inte en PDF." in response.text
    assert url(koping_report, "report-document") not in response.text
    assert "Uppladdat dokument" not in response.text


def test_a_valid_pdf_in_a_form_that_fails_elsewhere_must_be_chosen_again(
    role_clients, koping_report
):
    document = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = role_clients["reporter"].post(
        url(koping_report), plan_answer(koping_report, document=document, drafting="on")
    )
    assert response.status_code == 400
    assert "Ange när den nya planen väntas antas." in response.text
    assert (
        "Filen är inte sparad eftersom något annat i formuläret behöver rättas. "
        "Välj filen igen innan du sparar."
    ) in response.text
    assert not fresh(koping_report).document
    assert url(koping_report, "report-document") not in response.text


def test_the_file_field_shows_the_uploaded_name_linked_to_the_download(role_clients, koping_report):
    client = role_clients["reporter"]
    document = SimpleUploadedFile("Köpings plan.pdf", PDF, content_type="application/pdf")
    response = client.post(url(koping_report), plan_answer(koping_report, document=document))
    assert response.status_code == 302
    report = fresh(koping_report)
    assert report.document_name == "Köpings plan.pdf"
    page = client.get(url(report)).text
    link = f'<a href="{url(report, "report-document")}">Köpings plan.pdf</a>'
    assert link in page
    assert report.document.name not in page  # the storage name is never shown
    assert client.get(url(report, "report-document")).status_code == 200
    # a failing save shows the stored file, still by its name
    response = client.post(url(report), plan_answer(report, end="2019-01-01"))
    assert response.status_code == 400 and link in response.text
    # clearing the file forgets its name
    client.post(url(report), plan_answer(report, **{"document-clear": "on"}))
    assert not fresh(report).document and fresh(report).document_name == ""


def test_the_reviewers_comment_on_approval_is_kept_for_the_reporter(role_clients, koping_report):
    reporter, staff = role_clients["reporter"], role_clients["staff"]
    reporter.post(url(koping_report), plan_answer(koping_report, action="submit"))
    staff.post(
        url(koping_report), {"action": "approve", "reviewer_comment": "Tack, planen är klar."}
    )
    report = fresh(koping_report)
    assert report.state == ReportState.APPROVED
    assert report.reviewer_comment == "Tack, planen är klar."
    page = reporter.get(url(report)).text
    assert "Granskarens kommentar" in page and "Tack, planen är klar." in page


def test_stale_save_is_refused_showing_what_changed(role_clients, koping_report, koping):
    colleague = Client()
    login(colleague, make_user("kollega", "reporter", koping.region, koping))
    loaded = plan_answer(koping_report)  # both loaded version 0
    colleague.post(url(koping_report), {**loaded, "comment": "Kollegans text"})
    response = role_clients["reporter"].post(url(koping_report), {**loaded, "comment": "Min text"})
    assert response.status_code == 400
    assert "Någon annan har sparat ändringar" in response.text
    assert "Kommentar: sparat ”Kollegans text”, ditt ”Min text”" in response.text
    assert "Min text" in response.text  # nothing typed is lost
    assert fresh(koping_report).comment == "Kollegans text"  # nothing saved is lost
    assert f'name="loaded_version" value="{fresh(koping_report).version}"' in response.text


def test_reporter_of_another_municipality_gets_404_everywhere(role_clients, vasteras_report):
    document = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    vasteras_report.document = document
    vasteras_report.save()
    client = role_clients["reporter"]
    for name in ("report", "report-document"):
        assert client.get(url(vasteras_report, name)).status_code == 404
        assert (
            client.post(url(vasteras_report, name), plan_answer(vasteras_report)).status_code == 404
        )
    for pk in (vasteras_report.pk + 1000, 0):
        assert client.get(reverse("biblioteksplaner:report", args=[pk])).status_code == 404


def test_library_head_reads_but_cannot_change(role_clients, vasteras_report, koping_report):
    client = role_clients["head"]
    for report in (vasteras_report, koping_report):
        page = client.get(url(report)).text
        assert "Skicka in" not in page and "Ej påbörjad" in page
    response = client.post(url(koping_report), plan_answer(koping_report))
    assert response.status_code == 403
    assert fresh(koping_report).state == ReportState.NOT_STARTED


def test_reviewer_comment_is_not_shown_to_library_heads(role_clients, koping_report):
    Report.objects.filter(pk=koping_report.pk).update(
        state=ReportState.RETURNED, reviewer_comment="Intern anmärkning"
    )
    assert "Intern anmärkning" not in role_clients["head"].get(url(koping_report)).text
    assert "Intern anmärkning" in role_clients["reporter"].get(url(koping_report)).text


def test_anonymous_goes_to_login_and_a_user_without_role_gets_403(client, koping_report):
    response = client.get(url(koping_report))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    login(client, make_user("utan-roll"))
    assert client.get(url(koping_report)).status_code == 403
    assert client.get(reverse("biblioteksplaner:my-report")).status_code == 403


def test_post_without_csrf_token_is_refused(reporter_user, koping_report):
    client = Client(enforce_csrf_checks=True)
    login(client, reporter_user)
    response = client.post(url(koping_report), plan_answer(koping_report))
    assert response.status_code == 403
    assert fresh(koping_report).state == ReportState.NOT_STARTED


def test_my_report_leads_to_the_own_municipality(role_clients, koping_report, staff_user):
    response = role_clients["reporter"].get(reverse("biblioteksplaner:my-report"))
    assert response["Location"] == url(koping_report)
    response = role_clients["staff"].get(reverse("biblioteksplaner:my-report"))
    assert response.status_code == 403
    assert "inte kopplat till någon kommun" in response.text


def test_my_report_without_a_round(role_clients):
    response = role_clients["reporter"].get(reverse("biblioteksplaner:my-report"))
    assert "Det finns ingen uppföljning" in response.text


def test_report_page_query_count_is_pinned(role_clients, koping_report, survey_round):
    def grow():
        for i in range(10):
            make_plan(koping_report.municipality, D(2000 + i, 1, 1), D(2000 + i, 12, 31))
            services.open_round(
                SurveyRound(
                    region=survey_round.region,
                    title=f"R{i}",
                    year=2000 + i,
                    deadline=D(2000 + i, 10, 31),
                )
            )

    count = assert_queries_constant(role_clients["reporter"], url(koping_report), grow)
    assert count == 3


def test_round_page_per_role(role_clients, survey_round, koping_report):
    page = reverse("biblioteksplaner:round", args=[survey_round.pk])
    assert role_clients["anonymous"].get(page).status_code == 302
    assert role_clients["reporter"].get(page).status_code == 403
    for role in ("head", "staff"):
        text = role_clients[role].get(page).text
        assert "Köping" in text and "Västerås" in text and "Ej påbörjad" in text


def test_round_page_query_count_is_pinned(role_clients, survey_round, region):
    from biblioteksportal.models import Municipality

    def grow():
        first = Municipality.objects.count()
        for i in range(first, first + 20):
            m = Municipality.objects.create(region=region, name=f"K{i}", code=f"{1900 + i}")
            Report.objects.create(round=survey_round, municipality=m)

    page = reverse("biblioteksplaner:round", args=[survey_round.pk])
    assert assert_queries_constant(role_clients["head"], page, grow) == 4
    assert assert_queries_constant(role_clients["head"], f"{page}?format=csv", grow) == 4


def test_round_page_download(role_clients, survey_round, koping_report):
    page = reverse("biblioteksplaner:round", args=[survey_round.pk])
    assert download_statuses(role_clients, page) == READERS
    Report.objects.filter(pk=koping_report.pk).update(state=ReportState.SUBMITTED)
    assert downloads(role_clients["head"], page) == [
        ["Kommun", "Status"],
        ["Köping", "Inskickad"],
        ["Västerås", "Ej påbörjad"],
    ]


def test_a_save_slipping_in_after_the_form_check_is_refused(koping_report):
    from django.core.exceptions import ValidationError

    from biblioteksplaner import services
    from biblioteksplaner.forms import ReportForm

    form = ReportForm(plan_answer(koping_report), instance=fresh(koping_report))
    assert form.is_valid(), form.errors
    Report.objects.filter(pk=koping_report.pk).update(comment="Annan", version=5)
    with pytest.raises(ValidationError, match="ändrats av någon annan"):
        services.save_report(form)
    assert fresh(koping_report).comment == "Annan"


def test_staff_of_another_region_gets_404(koping_report):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    client = Client()
    login(client, make_user("orebro", "regional_staff", other, is_staff=True))
    assert client.get(url(koping_report)).status_code == 404
    assert client.get(url(koping_report, "report-document")).status_code == 404
    page = reverse("biblioteksplaner:round", args=[koping_report.round_id])
    assert client.get(page).status_code == 404
