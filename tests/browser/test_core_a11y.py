"""0 axe violations (WCAG 2.1 A/AA) on the core pages, in Debian's chromium."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biblioteksportal.models import Activity, IntroSection, Region
from biblioteksportal.publicforms import PasswordResetForm

from ..builders import make_frame, make_statement
from .conftest import axe_violations


@pytest.fixture
def frame(region, vasteras):
    IntroSection.objects.create(region=region, number="1", title="Inledning", body="Text.")
    return make_frame(region, municipalities=[vasteras])


def test_login_page(page):
    page.goto("/konto/login/")
    assert page.locator("h1").inner_text() == "Logga in"
    assert axe_violations(page) == []
    page.fill("#id_username", "någon")
    page.fill("#id_password", "fel")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Ange ett korrekt användarnamn" in page.content()
    assert page.input_value("#id_username") == "någon"
    assert axe_violations(page) == []


def test_password_reset_page_and_its_refusal(page, db):
    page.goto("/konto/password_reset/")
    assert page.locator("#id_homepage").is_hidden()
    assert axe_violations(page) == []
    for _ in range(PasswordResetForm.limit + 1):
        page.fill("#id_email", "nagon@example.org")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        if page.url.endswith("/done/"):
            page.goto("/konto/password_reset/")
    assert "för många gånger från din adress" in page.inner_text(".error-summary")
    assert page.input_value("#id_email") == "nagon@example.org"
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/verksamhetsar/2019/",
        "/verksamhetsar/2019/berattelse/",
        "/verksamhetsar/2019/plan/",
        "/oversikt/2019/",
        "/kommun/1980/2019/",
        "/sok/?q=aktivitet",
        "/om/vastmanland/",
        "/finns-inte/",
    ],
)
def test_pages_for_library_head(page, log_in, head_user, frame, url):
    log_in(head_user)
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_main(page, log_in, head_user, frame):
    log_in(head_user)
    page.goto("/verksamhetsar/2019/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_admin_index_and_change_form(page, log_in, staff_user, frame):
    log_in(staff_user)
    page.goto("/admin/")
    assert axe_violations(page) == []
    activity = Activity.objects.filter(parent=None).first()
    page.goto(f"/admin/biblioteksportal/activity/{activity.pk}/change/")
    assert axe_violations(page) == []
    page.select_option("#id_status", "cancelled")
    page.fill("#id_status_reason", "")
    page.fill("#id_title", "Ny titel som ska finnas kvar")
    with page.expect_navigation():
        page.click("input[name=_save]")
    errors = page.locator(".errorlist").all_inner_texts()
    assert errors == ["Ange en orsak när aktiviteten är uppskjuten eller inställd."]
    assert page.input_value("#id_title") == "Ny titel som ska finnas kvar"
    assert axe_violations(page) == []


def test_a_regions_logo_and_contact_details_in_header_and_footer(page, region, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect width="9"/></svg>'
    region.portal_name = "Bibliotek i länet"
    region.contact = "Regionens hus\n123 45 Staden"
    region.logo = SimpleUploadedFile("logga.svg", svg)
    region.save()
    page.goto(f"/om/{region.slug}/")
    brand = page.locator(".brand")
    assert brand.inner_text() == "Bibliotek i länet"
    assert brand.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("footer address").inner_text() == "Regionens hus\n123 45 Staden"
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/region/vastmanland/",
        "/region/vastmanland/tillganglighet/",
        "/region/orebro/tillganglighet/",  # no statement yet
    ],
)
def test_public_start_region_and_accessibility_pages(page, region, url):
    Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    reasons = ["non_compliance", "disproportionate_burden", "out_of_scope"]
    make_statement(region, [(reason, f"Brist: {reason}") for reason in reasons])
    page.goto(url)
    assert page.locator("footer a", has_text="Tillgänglighetsredogörelse").count() == 1
    assert axe_violations(page) == []
