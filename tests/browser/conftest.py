"""The browser suite: Playwright for Python driving Debian's chromium, axe-core for WCAG 2.1."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

from ..conftest import login

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CSP_LISTENER = """document.addEventListener("securitypolicyviolation", e => window.cspViolation(
    `${e.documentURI}: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` (${e.sourceFile}:${e.lineNumber} ${e.sample})`));"""

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests
# make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def plain_static_urls(settings):
    """The live server finds static files by their plain names, not the manifest's hashed ones."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    missing = []
    outside = []
    # Requests leave nothing but the live server: the browser resolves no other host
    # (--host-resolver-rules), and any request elsewhere fails the test. A listener, not a
    # route: routing would switch the browser's cache off and pass every request through Python.
    context.on(
        "request",
        lambda request: (
            request.url.startswith((live_server.url, "data:")) or outside.append(request.url)
        ),
    )
    # Every Content-Security-Policy violation on any page the test visits fails it.
    violations = []
    context.expose_function("cspViolation", lambda violation: violations.append(violation))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on(
        "response",
        lambda response: (
            "/static/" in response.url and response.status >= 400 and missing.append(response.url)
        ),
    )
    yield page
    context.close()
    assert not outside, f"requests outside the portal: {outside}"
    assert not missing, f"static files not served: {missing}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def log_in(page, live_server):
    """Log the page's browser in as a user, through a session made by Django's test client."""

    def log_in(user):
        client = Client()
        login(client, user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in


def axe_violations(page):
    """Violations of WCAG 2.1 A and AA on the page as it is now, as readable lines."""
    # No preload: axe would read the stylesheets' @imports through an inline <style>, which the
    # Content-Security-Policy refuses (only css-orientation-lock needs it).
    options = {
        "runOnly": {"type": "tag", "values": WCAG_21_AA},
        "preload": False,
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]
