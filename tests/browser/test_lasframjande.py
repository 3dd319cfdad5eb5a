"""0 axe violations (WCAG 2.1 A/AA) on the reading-promotion pages, the public form included."""

import pytest

from kompetens.choices import Audience
from lasframjande.models import LiteraryActor

from ..builders import at, grow_register, make_actor, make_event
from .conftest import axe_violations

FORM_URL = "/lasframjande/vastmanland/aktorer/anmal/"


@pytest.fixture
def data(region, vasteras):
    grow_register(region, vasteras, 2)
    make_event(
        region,
        title="Lässtund för förskolepersonal",
        start=at(2019, 3, 5),
        audience=Audience.CHILDREN_ADULTS,
    )
    return region


def test_public_form_empty_with_errors_and_sent(page, data):
    page.goto(FORM_URL)
    assert page.locator("h1").inner_text() == "Anmäl dig till registret över litterära aktörer"
    assert page.locator("#id_homepage").is_hidden()
    assert axe_violations(page) == []

    page.fill("#id_name", "Klara Skrivare")
    page.check("input[name=kinds][value=writer]")
    page.check("input[name=offers][value=workshop]")
    page.fill("#id_email", "klara@")
    page.fill("#id_description", "Hej <b>fet</b>")
    page.fill("#id_needs", "Fler skolbesök.")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Fel i formuläret" in page.title()
    assert "Ange en giltig e-postadress" in page.inner_text("#id_email_error")
    assert "HTML-kod" in page.inner_text("#id_description_error")
    assert "samtycka" in page.inner_text("#id_consent_error")
    assert page.input_value("#id_name") == "Klara Skrivare"
    assert page.input_value("#id_needs") == "Fler skolbesök."
    assert page.is_checked("input[name=offers][value=workshop]")
    assert axe_violations(page) == []

    page.fill("#id_email", "klara@example.org")
    page.fill("#id_description", "Jag skriver om skogen.")
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Tack för din anmälan"
    assert LiteraryActor.objects.get(name="Klara Skrivare").status == "pending"
    assert axe_violations(page) == []

    # The removal link on the thank-you page works, once.
    link = page.locator(".removal-link a").get_attribute("href")
    page.goto(link)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Dina uppgifter är borttagna"
    assert not LiteraryActor.objects.filter(name="Klara Skrivare").exists()
    assert axe_violations(page) == []
    page.goto(link)
    assert page.locator("h1").inner_text() == "Länken gäller inte"
    assert axe_violations(page) == []


def test_directory_and_search(page, data):
    make_actor(data, "Fiktiv bokhandel", kinds=["bookshop"], is_fictitious=True)
    page.goto("/lasframjande/aktorer/")
    assert "Godkänd 0" in page.content() and "Ogranskad 0" not in page.content()
    assert axe_violations(page) == []
    page.select_option("#id_kind", "bookshop")
    with page.expect_navigation():
        page.click("main form[role=search] button[type=submit]")
    assert page.locator(".actors h3").all_inner_texts() == ["Fiktiv bokhandel Fiktiv, demodata"]
    assert axe_violations(page) == []
    excel = page.get_by_role("link", name="Excel", exact=True).get_attribute("href")
    assert "kind=bookshop" in excel and excel.endswith("&format=xlsx")  # the search's rows


@pytest.mark.parametrize(
    "url",
    [
        "/lasframjande/natverk/",
        "/lasframjande/projekt/",
        "/lasframjande/metoder/",
        "/lasframjande/skrivarenor/",
        "/lasframjande/vuxna-som-arbetar-med-barn/",
        "/lasframjande/aktorer/kartlaggning/",
    ],
)
def test_pages_for_library_head(page, log_in, head_user, data, url):
    log_in(head_user)
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe_violations(page) == []


def test_moderation_queue_in_the_admin(page, log_in, staff_user, data):
    log_in(staff_user)
    page.goto("/admin/lasframjande/literaryactor/?status__exact=pending")
    assert axe_violations(page) == []
    page.check("input[name=_selected_action]")
    page.select_option("select[name=action]", "approve")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "Godkänd" in page.inner_text(".messagelist")
    actor = LiteraryActor.objects.get(name="Ogranskad 0")
    assert actor.status == "approved"
    page.goto(f"/admin/lasframjande/literaryactor/{actor.pk}/change/")
    assert axe_violations(page) == []
