"""0 axe violations (WCAG 2.1 A/AA) on the kompetens pages, in Debian's chromium."""

from datetime import date

import pytest
from django.utils import timezone

from biblioteksportal.models import Organisation
from kompetens import services
from kompetens.choices import DigComp, RegistrationStatus
from kompetens.models import Grant, Registration, Spending, Workshop

from ..builders import (
    ASSESSMENT_HEADER,
    assessment_rows,
    import_sheets,
    make_event,
    make_library,
    make_round,
    worker_process,
)
from .conftest import axe_violations


@pytest.fixture
def data(region, vasteras, koping):
    libraries = [make_library(vasteras), make_library(koping)]
    event = make_event(region, capacity=2, digcomp=[DigComp.SAFETY])
    past = make_event(region, days=-5, title="Informationssökningsprocessen")
    for i, library in enumerate(libraries):
        for target in (event, past):
            Registration.objects.create(
                event=target,
                name=f"Person {i}",
                email=f"p{i}@example.org",
                library=library,
                status=RegistrationStatus.CONFIRMED,
                attended=target == past,
            )
    rounds = []
    for name, held in [("Hösten 2018", date(2018, 11, 1)), ("Hösten 2020", date(2020, 11, 1))]:
        round = make_round(region, name, held)
        rows = assessment_rows("Västerås", 6) + assessment_rows("Köping", 3)
        import_sheets(round, (ASSESSMENT_HEADER + rows).encode())
        rounds.append(round)
    Workshop.objects.create(round=rounds[0], municipality=vasteras, event=past, themes=["safety"])
    kb = Organisation.objects.create(name="Kungliga biblioteket", kind="national_agency")
    grant = Grant.objects.create(
        region=region,
        funder=kb,
        programme="Digitalt först",
        amount=440000,
        start=date(2019, 1, 1),
        end=date(2020, 12, 31),
    )
    Spending.objects.create(grant=grant, date=date(2019, 5, 1), description="Lön", amount=1000)
    return {"event": event, "past": past, "rounds": rounds}


def public_urls(data):
    start = timezone.localtime(data["event"].start)
    token = services.personal_token(data["past"].registrations.first())
    waiting = Registration.objects.create(
        event=data["event"],
        name="Väntande",
        email="w@example.org",
        library=data["past"].registrations.first().library,
        status=RegistrationStatus.WAITING,
    )
    waiting_token = services.personal_token(waiting)
    return [
        f"/kompetens/{data['event'].region.slug}/?ar={start.year}",
        f"/kompetens/{data['event'].region.slug}/kalender/{start.year}/{start.month}/",
        f"/kompetens/utbildning/{data['event'].pk}/",
        f"/kompetens/anmalan/{token}/",
        f"/kompetens/anmalan/{waiting_token}/",
        f"/kompetens/anmalan/{waiting_token}/reservlista/",
    ]


def reader_urls(data):
    first, second = data["rounds"]
    return [
        f"/kompetens/utbildning/{data['past'].pk}/deltagare/",
        f"/kompetens/utbildning/{data['event'].pk}/deltagare/",
        f"/kompetens/statistik/{timezone.localtime(data['past'].start).year}/",
        "/kompetens/sjalvskattning/",
        f"/kompetens/sjalvskattning/{first.pk}/",
        f"/kompetens/sjalvskattning/jamfor/?before={first.pk}&after={second.pk}",
        f"/kompetens/sjalvskattning/{first.pk}/workshoppar/",
        "/kompetens/bidrag/",
    ]


def test_public_pages(page, data):
    for url in public_urls(data):
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert axe_violations(page) == [], url


def test_reader_pages_for_library_head_and_staff(page, log_in, head_user, staff_user, data):
    for user in (head_user, staff_user):
        log_in(user)
        for url in reader_urls(data):
            page.goto(url)
            assert "Färre än 5" not in page.content() or "sjalvskattning/" in url
            assert axe_violations(page) == [], (user.username, url)


def test_registration_error_is_shown_and_kept(page, data):
    page.goto(f"/kompetens/utbildning/{data['event'].pk}/")
    page.fill("#id_name", "Anna Andersson")
    page.fill("#id_email", "inte-en-adress")
    page.select_option("#id_library", label="Köpings bibliotek")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Ange en giltig e-postadress" in page.locator("#id_email_error").inner_text()
    assert page.input_value("#id_name") == "Anna Andersson"
    assert axe_violations(page) == []


def test_import_result_and_admin(page, log_in, staff_user, data, tmp_path):
    log_in(staff_user)
    round = data["rounds"][0]
    page.goto(f"/kompetens/sjalvskattning/{round.pk}/import/")
    assert axe_violations(page) == []
    upload = tmp_path / "svar.csv"
    upload.write_bytes((ASSESSMENT_HEADER + "Västerås;A;1;2;3;4;5\nGotham;A;1;2;3;4;9\n").encode())
    page.set_input_files("#id_file", str(upload))
    with worker_process():
        with page.expect_navigation():
            page.click("main button[type=submit]")
        page.wait_for_selector("text=1 svar importerades.", timeout=20_000)  # it reloads
    assert "Rad 3" in page.content()
    assert axe_violations(page) == []
    page.goto(f"/admin/kompetens/trainingevent/{data['event'].pk}/change/")
    assert axe_violations(page) == []
    page.fill("#id_end", "2001-01-01T10:00")
    page.fill("#id_title", "Ny rubrik som ska finnas kvar")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "Slutet får inte vara före början." in page.locator(".errorlist").all_inner_texts()
    assert page.input_value("#id_title") == "Ny rubrik som ska finnas kvar"
    assert axe_violations(page) == []
    waiting = Registration.objects.create(
        event=data["event"],
        name="Väntande",
        email="v@example.org",
        library=data["past"].registrations.first().library,
        status=RegistrationStatus.WAITING,
    )
    page.fill("#id_end", "2100-01-01T10:00")
    page.fill("#id_registration_deadline", "")
    page.fill("#id_capacity", "3")
    with page.expect_navigation():
        page.click("input[name=_save]")
    data["event"].refresh_from_db()
    assert data["event"].title == "Ny rubrik som ska finnas kvar"
    assert timezone.localtime(data["event"].end).hour == 10
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED  # the raised capacity gave a place


def test_admin_pages(page, log_in, staff_user, data):
    log_in(staff_user)
    round = data["rounds"][0]
    registration = data["event"].registrations.first()
    urls = [
        "/admin/kompetens/",
        "/admin/kompetens/trainingevent/",
        "/admin/kompetens/trainingevent/add/",
        "/admin/kompetens/registration/",
        f"/admin/kompetens/registration/{registration.pk}/change/",
        f"/admin/kompetens/assessmentround/{round.pk}/change/",
        f"/admin/kompetens/workshop/{round.workshops.first().pk}/change/",
        f"/admin/kompetens/grant/{Grant.objects.first().pk}/change/",
    ]
    for url in urls:
        page.goto(url)
        assert axe_violations(page) == [], url


def test_admin_confirmations(page, log_in, staff_user, data):
    log_in(staff_user)
    registration = data["event"].registrations.first()
    for changelist, pk, action, count in [
        ("trainingevent", data["event"].pk, "cancel_events", "2 e-postmeddelanden skickas."),
        ("registration", registration.pk, "cancel_registrations", "1 e-postmeddelande skickas."),
    ]:
        page.goto(f"/admin/kompetens/{changelist}/")
        page.check(f"input[name=_selected_action][value='{pk}']")
        page.select_option("select[name=action]", action)
        with page.expect_navigation():
            page.click("button[name=index]")
        assert count in page.locator(".mail-count").inner_text()
        assert axe_violations(page) == [], action
