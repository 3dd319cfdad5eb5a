"""Focus: an outline with at least 3:1 against what it is drawn on, and after a form comes
back with errors, focus on the summary of its errors."""

import re

from biblioteksportal.models import Activity

from ..builders import make_frame
from .conftest import axe_violations

# The first background colour that is not transparent, from the element up (white at last).
EFFECTIVE_BACKGROUND = """e => {
  for (let node = e; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)") return colour;
  }
  return "rgb(255, 255, 255)";
}"""


def luminance(css_colour):
    channels = [int(c) / 255 for c in re.findall(r"\d+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def outline_against_background(page, selector, background_selector):
    page.focus(selector)
    outline = page.eval_on_selector(selector, "e => getComputedStyle(e).outlineColor")
    style = page.eval_on_selector(selector, "e => getComputedStyle(e).outlineStyle")
    background = page.eval_on_selector(background_selector, EFFECTIVE_BACKGROUND)
    assert style == "solid"
    return contrast(outline, background)


def test_the_focus_outline_has_3_to_1_on_every_background(page):
    page.goto("/konto/login/")
    page.keyboard.press("Tab")  # focus-visible: from the keyboard
    assert outline_against_background(page, "main button[type=submit]", "main") >= 3
    assert outline_against_background(page, ".site-footer button", ".site-footer") >= 3
    assert outline_against_background(page, ".site-header a.brand", ".site-header") >= 3


def test_after_a_failed_login_focus_is_on_the_error_summary(page):
    page.goto("/konto/login/")
    page.fill("#id_username", "någon")
    page.fill("#id_password", "fel")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    summary = page.locator(".error-summary")
    assert summary.locator("h2").inner_text() == "Formuläret innehåller fel"
    assert "Ange ett korrekt användarnamn" in summary.inner_text()
    assert axe_violations(page) == []


def test_a_field_error_in_the_summary_links_to_its_field(page, log_in, staff_user):
    log_in(staff_user)
    page.goto("/konto/password_change/")
    page.fill("#id_old_password", "fel")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    link = page.locator(".error-summary a").first
    assert link.get_attribute("href") == "#id_old_password"
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_old_password"


def test_after_a_failed_admin_save_focus_is_on_the_error_note(page, log_in, staff_user, region):
    make_frame(region)
    log_in(staff_user)
    activity = Activity.objects.filter(parent=None).first()
    page.goto(f"/admin/biblioteksportal/activity/{activity.pk}/change/")
    page.select_option("#id_status", "cancelled")
    page.fill("#id_status_reason", "")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "errornote" in page.evaluate("document.activeElement.className")
