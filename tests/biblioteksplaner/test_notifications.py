"""The daily work's mails: a report submitted, returned or approved (each once, to the right
people, with the comment and a link), reminders linking to the form, the admin's mailings
after a confirmation, the review in the admin and the municipalities without a reporter."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from biblioteksplaner import services
from biblioteksplaner.choices import ReportState
from biblioteksplaner.models import Report, SurveyRound
from biblioteksportal.choices import Role
from biblioteksportal.models import Municipality, Region

from ..builders import PDF, make_user, plan_answer
from ..conftest import assert_queries_constant, login, run_worker

D = datetime.date
BASE = "http://testserver"

pytestmark = pytest.mark.usefixtures("run_jobs")


def url(report, name="report"):
    return reverse(f"biblioteksplaner:{name}", args=[report.pk])


def admin_url(report, name="change"):
    return reverse(f"admin:biblioteksplaner_report_{name}", args=[report.pk])


def sent(mailoutbox):
    """The mails delivered so far, as (recipient, subject, body), and the outbox emptied."""
    run_worker()
    mails = [(m.to[0], m.subject, m.body) for m in mailoutbox]
    mailoutbox.clear()
    return mails


def fresh(report):
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def orebro(db):
    """A second region, with its own staff, municipality, reporter and open round."""
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    municipality = Municipality.objects.create(region=other, name="Lindesberg", code="1885")
    make_user("regional.orebro", Role.REGIONAL_STAFF, other, is_staff=True)
    make_user("rapportor.orebro", Role.REPORTER, other, municipality)
    survey = services.open_round(
        SurveyRound(region=other, title="Uppföljning Örebro", year=2019, deadline=D(2019, 10, 31))
    )
    return Report.objects.get(round=survey, municipality=municipality)


@pytest.fixture
def people(staff_user, reporter_user, head_user, orebro):
    """Besides the role clients' users: a second reviewer and reporter, someone who gets
    nothing (an inactive reviewer, a superuser) and the other region's people."""
    region, koping = reporter_user.profile.region, reporter_user.profile.municipality
    make_user("regional2", Role.REGIONAL_STAFF, region, is_staff=True)
    make_user("gammal", Role.REGIONAL_STAFF, region, is_staff=True, is_active=False)
    make_user("rapportor2", Role.REPORTER, region, koping)
    make_user("super", is_superuser=True, is_staff=True)


def test_each_step_mails_the_right_people_once(role_clients, people, koping_report, mailoutbox):
    reporter, staff = role_clients["reporter"], role_clients["staff"]
    link = BASE + url(koping_report)
    reporter.post(url(koping_report), plan_answer(koping_report, action="submit"))
    mails = sent(mailoutbox)
    assert sorted(to for to, _, _ in mails) == ["regional2@example.org", "regional@example.org"]
    to, subject, body = mails[0]
    assert subject == "Köping har skickat in sitt svar i Uppföljning 2019"
    assert link in body and "Region Västmanland" in body  # the region's signature
    # a second submit is refused and mails nobody
    reporter.post(url(koping_report), plan_answer(fresh(koping_report), action="submit"))
    assert sent(mailoutbox) == []

    staff.post(url(koping_report), {"action": "return", "reviewer_comment": "Lägg till PDF:en."})
    mails = sent(mailoutbox)
    assert sorted(to for to, _, _ in mails) == ["rapportor2@example.org", "rapportor@example.org"]
    to, subject, body = mails[0]
    assert subject == "Ert svar i Uppföljning 2019 behöver kompletteras"
    assert "Lägg till PDF:en." in body and link in body
    # returning again is refused (the report is no longer submitted): nothing new
    staff.post(url(koping_report), {"action": "return", "reviewer_comment": "Igen"})
    assert sent(mailoutbox) == []

    reporter.post(url(koping_report), plan_answer(fresh(koping_report), action="submit"))
    assert len(sent(mailoutbox)) == 2  # the reviewers, once more
    staff.post(url(koping_report), {"action": "approve", "reviewer_comment": "Tack!"})
    mails = sent(mailoutbox)
    assert sorted(to for to, _, _ in mails) == ["rapportor2@example.org", "rapportor@example.org"]
    assert mails[0][1] == "Ert svar i Uppföljning 2019 är godkänt"
    assert "Tack!" in mails[0][2] and link in mails[0][2]
    staff.post(url(koping_report), {"action": "approve"})
    assert sent(mailoutbox) == []


def test_the_mails_are_in_swedish_whatever_the_senders_language(
    role_clients, reporter_user, koping_report, mailoutbox, settings
):
    staff = role_clients["staff"]
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    Report.objects.filter(pk=koping_report.pk).update(state=ReportState.SUBMITTED)
    staff.post(url(koping_report), {"action": "return", "reviewer_comment": "Datum saknas."})
    ((_, subject, body),) = sent(mailoutbox)
    assert subject == "Ert svar i Uppföljning 2019 behöver kompletteras"
    assert "Granskarens kommentar:" in body
    Report.objects.filter(pk=koping_report.pk).update(state=ReportState.DRAFT)
    action(staff, "remind", koping_report.round, post="yes")
    assert sent(mailoutbox)[0][1].startswith("Påminnelse: Uppföljning 2019")


def _form(report):
    from biblioteksplaner.forms import ReportForm

    form = ReportForm({"loaded_version": report.version}, instance=fresh(report))
    assert form.is_valid(), form.errors
    return form


def test_no_mail_crosses_regions(people, orebro, koping_report, mailoutbox):
    services.save_report(_form(orebro), submit=True, base_url=BASE)
    assert [to for to, _, _ in sent(mailoutbox)] == ["regional.orebro@example.org"]
    services.return_report(fresh(orebro), "Fyll i planen.", base_url=BASE)
    mails = sent(mailoutbox)
    assert [to for to, _, _ in mails] == ["rapportor.orebro@example.org"]
    assert "Region Örebro län" in mails[0][2] and "Region Västmanland" not in mails[0][2]


def test_reminders_link_to_the_form(reporter_user, koping_report, mailoutbox, settings):
    settings.PORTAL_URL = "https://bibliotek.example.se"
    call_command("send_plan_reminders", datum="2019-10-24", stdout=io.StringIO())
    ((to, subject, body),) = sent(mailoutbox)
    assert to == "rapportor@example.org"
    assert f"https://bibliotek.example.se{url(koping_report)}" in body


# --- The admin's mailings: a confirmation first --------------------------------------------

CHANGELIST = reverse("admin:biblioteksplaner_surveyround_changelist")


def action(client, name, survey_round, **extra):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [survey_round.pk], **extra})


@pytest.mark.parametrize("name", ["announce", "remind"])
def test_mailing_many_asks_first_and_says_how_many(
    role_clients, people, survey_round, koping_report, vasteras_report, mailoutbox, name
):
    Report.objects.filter(pk=vasteras_report.pk).update(state=ReportState.SUBMITTED)
    staff = role_clients["staff"]
    page = action(staff, name, survey_round)
    assert page.status_code == 200
    assert "2 e-postmeddelanden skickas." in page.text  # Köping's two reporters
    assert 'name="post" value="yes"' in page.text
    assert sent(mailoutbox) == []  # nothing before confirming

    response = action(staff, name, survey_round, post="yes")
    assert response.status_code == 302
    mails = sent(mailoutbox)
    assert sorted(to for to, _, _ in mails) == ["rapportor2@example.org", "rapportor@example.org"]
    assert all(BASE + url(koping_report) in body for _, _, body in mails)
    # once: asked again, none is left to send
    assert "0 e-postmeddelanden skickas." in action(staff, name, survey_round).text
    action(staff, name, survey_round, post="yes")
    assert sent(mailoutbox) == []


def test_a_rounds_page_leads_to_the_same_confirmation(
    role_clients, people, orebro, survey_round, koping_report, mailoutbox
):
    staff = role_clients["staff"]
    change = reverse("admin:biblioteksplaner_surveyround_change", args=[survey_round.pk])
    mailing = reverse(
        "admin:biblioteksplaner_surveyround_mailing", args=[survey_round.pk, "announce"]
    )
    assert f'href="{mailing}"' in staff.get(change).text
    page = staff.get(mailing)
    assert page.status_code == 200 and "2 e-postmeddelanden skickas." in page.text
    assert staff.post(mailing).status_code == 200  # not confirmed: asks again
    assert sent(mailoutbox) == []
    response = staff.post(mailing, {"post": "yes"})
    assert response.status_code == 302 and response["Location"] == change
    assert len(sent(mailoutbox)) == 2
    unknown = reverse("admin:biblioteksplaner_surveyround_mailing", args=[survey_round.pk, "x"])
    assert staff.get(unknown).status_code == 404
    other = Client()
    login(other, make_user("orebro2", Role.REGIONAL_STAFF, orebro.round.region, is_staff=True))
    assert other.post(mailing, {"post": "yes"}).status_code == 404
    assert sent(mailoutbox) == []


def test_the_confirmation_page_query_count_is_pinned(role_clients, region, survey_round):
    staff = role_clients["staff"]

    def grow():
        first = Municipality.objects.count()
        for i in range(first, first + 10):
            m = Municipality.objects.create(region=region, name=f"K{i}", code=f"{1900 + i}")
            Report.objects.create(round=survey_round, municipality=m)
            make_user(f"r{i}", Role.REPORTER, region, m)

    staff.get(CHANGELIST)  # warm caches
    counts = []
    for step in (lambda: None, grow):
        step()
        with CaptureQueriesContext(connection) as queries:
            assert action(staff, "remind", survey_round).status_code == 200
        counts.append(len(queries))
    assert counts == [13, 13]


def test_only_staff_of_the_region_may_mail(role_clients, survey_round, orebro, mailoutbox):
    other = Client()
    login(other, make_user("orebro2", Role.REGIONAL_STAFF, orebro.round.region, is_staff=True))
    action(other, "announce", survey_round, post="yes")  # not a round of theirs
    for role in ("reporter", "head"):
        response = action(role_clients[role], "announce", survey_round, post="yes")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert sent(mailoutbox) == []


# --- The review in the admin ---------------------------------------------------------------


@pytest.fixture
def submitted(koping_report):
    Report.objects.filter(pk=koping_report.pk).update(state=ReportState.SUBMITTED)
    report = fresh(koping_report)
    report.document.save("plan.pdf", ContentFile(PDF))
    return report


def test_the_change_page_links_the_review_and_the_document(role_clients, submitted):
    page = role_clients["staff"].get(admin_url(submitted)).text
    assert f'href="{url(submitted)}"' in page  # the portal's review page
    assert f'href="{url(submitted, "report-document")}"' in page  # the access-checked file
    assert f'action="{admin_url(submitted, "review")}"' in page
    assert 'value="approve"' in page and 'value="return"' in page
    assert submitted.document.name not in page


def test_returning_and_approving_in_the_admin(
    role_clients, reporter_user, submitted, mailoutbox, koping
):
    staff = role_clients["staff"]
    review = admin_url(submitted, "review")
    response = staff.post(review, {"action": "return", "reviewer_comment": ""})
    assert response.status_code == 400
    assert "Skriv en kommentar om vad som behöver kompletteras." in response.text
    response = staff.post(review, {"action": "return", "reviewer_comment": "Saknar datum."})
    assert response.status_code == 302 and response["Location"] == admin_url(submitted)
    assert fresh(submitted).state == ReportState.RETURNED
    ((to, _, body),) = sent(mailoutbox)
    assert to == "rapportor@example.org" and "Saknar datum." in body
    assert BASE + url(submitted) in body
    # the page no longer offers a decision, and a stale one is refused with the reason
    assert 'value="approve"' not in staff.get(admin_url(submitted)).text
    response = staff.post(review, {"action": "approve"})
    assert response.status_code == 400 and "ändrats av någon annan" in response.text

    Report.objects.filter(pk=submitted.pk).update(state=ReportState.SUBMITTED, has_plan=False)
    assert staff.post(review, {"action": "approve", "reviewer_comment": "Bra"}).status_code == 302
    assert fresh(submitted).state == ReportState.APPROVED
    ((to, subject, body),) = sent(mailoutbox)
    assert subject == "Ert svar i Uppföljning 2019 är godkänt" and "Bra" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "return", "reviewer_comment": "Fel\x00"}, "Null-tecken är inte tillåtna."),
        (
            {"action": "return", "reviewer_comment": "x" * 5001},
            "Säkerställ att detta värde har som mest 5000 tecken (den har 5001).",
        ),
        ({"action": "radera"}, "Välj att godkänna svaret eller skicka tillbaka det."),
    ],
)
def test_bad_review_input_gets_a_swedish_message(
    role_clients, submitted, mailoutbox, data, message
):
    response = role_clients["staff"].post(admin_url(submitted, "review"), data)
    assert response.status_code == 400 and message in response.text
    assert fresh(submitted).state == ReportState.SUBMITTED
    portal = role_clients["staff"].post(url(submitted), data)
    if data["action"] == "radera":
        assert portal.status_code == 403  # the portal's page knows no such action
    else:
        assert portal.status_code == 400 and message in portal.text
    assert sent(mailoutbox) == []


def test_admin_review_per_role(role_clients, submitted, orebro):
    other = Client()
    login(other, make_user("orebro2", Role.REGIONAL_STAFF, orebro.round.region, is_staff=True))
    response = other.get(admin_url(submitted))  # the admin's "does not exist"
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert other.get(admin_url(submitted, "review")).status_code == 404
    response = other.post(admin_url(submitted, "review"), {"action": "approve"})
    assert response.status_code == 404
    for role in ("anonymous", "reporter", "head"):
        response = role_clients[role].post(admin_url(submitted, "review"), {"action": "approve"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert fresh(submitted).state == ReportState.SUBMITTED
    page = role_clients["staff"].get(admin_url(submitted, "review"))
    assert page.status_code == 200 and 'value="approve"' in page.text


def test_admin_review_query_counts_are_pinned(role_clients, region, submitted):
    def grow():  # more rounds of the report's municipality, more reporters and reviewers
        first = SurveyRound.objects.count()
        for i in range(first, first + 10):
            services.open_round(
                SurveyRound(region=region, title=f"R{i}", year=2000 + i, deadline=D(2000, 1, 1))
            )
            make_user(f"r{i}", Role.REPORTER, region, submitted.municipality)
            make_user(f"s{i}", Role.REGIONAL_STAFF, region, is_staff=True)

    staff = role_clients["staff"]
    assert assert_queries_constant(staff, admin_url(submitted, "review"), grow) == 8
    assert assert_queries_constant(staff, admin_url(submitted), grow) == 10


# --- The county overview: who gets no reminders --------------------------------------------


def test_the_overview_lists_municipalities_without_a_reporter(
    role_clients, region, vasteras, koping
):
    passive = make_user("passiv", Role.REPORTER, region, vasteras)
    Municipality.objects.create(region=region, name="Arboga", code="1984")

    def listed(role):
        page = role_clients[role].get(reverse("biblioteksplaner:overview")).text
        return page.split('<ul class="no-reporter">')[1].split("</ul>")[0]

    # Köping's and Västerås' reporters get the mails
    assert listed("head") == listed("staff") == "<li>Arboga</li>"
    type(passive).objects.filter(pk=passive.pk).update(is_active=False)
    assert listed("head") == "<li>Arboga</li><li>Västerås</li>"
