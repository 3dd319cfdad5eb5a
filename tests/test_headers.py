"""Security headers, HTTPS, sessions, no-store and cookie flags (README: Security)."""

import os
import runpy
import secrets
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.test import Client

from biblioteksportal.sessions import LOGIN_AT, SEEN_AT

from .builders import PASSWORD, make_actor
from .conftest import login

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSP = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response):
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return dict(directives)


def logged_in(user):
    client = Client()
    login(client, user)
    return client


@pytest.mark.django_db
def test_security_headers_on_the_key_pages(client, region, head_user, staff_user):
    make_actor(region, "Anna Skribent")
    pages = [
        (client, "/konto/login/"),
        (logged_in(head_user), "/"),
        (logged_in(head_user), "/oversikt/"),
        (client, "/biblioteksplaner/register/"),
        (client, f"/lasframjande/{region.slug}/aktorer/"),
        (logged_in(staff_user), "/admin/"),
    ]
    complete = []
    for page_client, url in pages:
        response = page_client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        assert policy(response) == CSP, url
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        complete.append(url)
    print(f"security headers: {len(complete)} of {len(pages)} pages")


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/konto/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/konto/login/"


def manage(*args, **env):
    development = ("DEBUG", "DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the last: tests/browser
    environment = {k: v for k, v in os.environ.items() if k not in development}
    environment.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="bibliotek.example.se")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def production_settings(monkeypatch, **env):
    """The settings module's values with DEBUG unset and `env`, read without starting Django."""
    monkeypatch.delenv("DEBUG", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(os.path.join(ROOT, "biblioteksportal", "settings.py"))


def test_https_redirect_and_hsts_are_on_unless_a_proxy_does_them(monkeypatch):
    on = production_settings(monkeypatch)
    assert (on["SECURE_SSL_REDIRECT"], on["SECURE_HSTS_SECONDS"]) == (True, 31536000)
    off = production_settings(monkeypatch, HTTPS_REDIRECT="false", HSTS="false")
    assert (off["SECURE_SSL_REDIRECT"], off["SECURE_HSTS_SECONDS"]) == (False, 0)


# --- Sessions: absolute lifetime and idle timeout ---


def session_at(client, login_ago, seen_ago):
    session = client.session
    now = int(time.time())
    session[LOGIN_AT], session[SEEN_AT] = now - login_ago, now - seen_ago
    session.save()


def test_session_limits_are_8_hours_and_1_hour():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_IDLE_SECONDS == 3600


@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "kept"),
    [
        (7 * 3600, 59 * 60, True),  # active enough, young enough
        (2 * 3600, 60 * 60, False),  # an hour idle
        (8 * 3600, 0, False),  # 8 hours since login, however active
    ],
)
def test_a_session_ends_after_its_idle_timeout_or_lifetime(head_user, login_ago, seen_ago, kept):
    client = logged_in(head_user)
    session_at(client, login_ago, seen_ago)
    response = client.get("/sok/", follow=True)
    assert response.wsgi_request.user.is_authenticated == kept
    if not kept:
        assert response.redirect_chain[-1][0].startswith("/konto/login/")
        assert "Din inloggning har gått ut" in response.text
        assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_request_renews_the_idle_timeout_but_not_the_lifetime(head_user):
    client = logged_in(head_user)
    session_at(client, 3600, 30 * 60)
    client.get("/")
    now = time.time()
    assert client.session[SEEN_AT] == pytest.approx(now, abs=5)
    assert client.session[LOGIN_AT] == pytest.approx(now - 3600, abs=5)


def test_a_session_without_login_time_ends(head_user):
    client = logged_in(head_user)
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert not client.get("/").wsgi_request.user.is_authenticated


# --- no-store ---


def no_store(response):
    assert response.status_code == 200
    return "no-store" in response.get("Cache-Control", "")


def test_no_store_on_logged_in_pages_downloads_and_personal_links(client, region, head_user):
    assert not no_store(client.get("/biblioteksplaner/register/"))  # a public page
    assert no_store(logged_in(head_user).get("/"))
    assert no_store(client.get("/biblioteksplaner/register/?format=csv"))
    actor = make_actor(region, "Anna Skribent")
    assert no_store(client.get(f"/lasframjande/aktorer/ta-bort/{actor.token}/"))


def test_no_store_on_the_way_to_the_second_factor(client, staff_user):
    client.force_login(staff_user)  # the password, not yet the second factor
    response = client.get("/oversikt/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


# --- cookies ---


def test_cookies_are_secure_httponly_and_lax(client, head_user):
    client.get("/konto/login/")
    client.post("/konto/login/", {"username": head_user.username, "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "en"})
    names = [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "django_language"]
    for name in names:
        cookie = client.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", name
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600
