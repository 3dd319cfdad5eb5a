"""Login throttling (django-axes), the security log, the secrets (README: Login and the
security log)."""

import logging
import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from biblioteksportal.choices import Role
from biblioteksportal.models import Municipality, Region

from .builders import PASSWORD, make_user
from .test_settings import ROOT

LOGIN = "/konto/login/"


def attempt(username, password=PASSWORD, address="10.0.0.1", client=None, **headers):
    client = client or Client()
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def search_status(client):
    return client.get(reverse("search")).status_code


def test_the_limit_th_failure_locks_and_the_next_right_password_is_refused(head_user, settings):
    limit = settings.AXES_FAILURE_LIMIT
    codes = [attempt("chef", "fel").status_code for _ in range(limit)]
    assert codes == [200] * (limit - 1) + [429]
    client = Client()
    response = attempt("chef", client=client)  # attempt limit + 1, the right password
    assert response.status_code == 429
    assert "För många misslyckade inloggningar. Försök igen om 15 minuter." in response.text
    assert search_status(client) == 302  # not logged in


def test_a_spray_over_six_users_from_one_address_locks_the_address(region, head_user):
    for i in range(6):
        attempt(f"user{i}", "fel", address="10.0.0.7")
    assert attempt("chef", address="10.0.0.7").status_code == 429
    assert attempt("chef", address="10.0.0.8").status_code == 302


def test_wrong_passwords_from_as_many_addresses_lock_the_user(head_user, settings):
    limit = settings.AXES_FAILURE_LIMIT
    codes = [attempt("chef", "fel", address=f"10.0.1.{i}").status_code for i in range(limit)]
    assert codes == [200] * (limit - 1) + [429]
    assert attempt("chef", address="10.0.2.1").status_code == 429
    profile = head_user.profile
    make_user("annan", Role.LIBRARY_HEAD, profile.region, profile.municipality)
    assert attempt("annan", address="10.0.2.1").status_code == 302


def test_the_client_address_is_the_portals_behind_proxies(head_user, settings):
    settings.TRUSTED_PROXIES = 1
    for i in range(6):
        attempt(f"user{i}", "fel", HTTP_X_FORWARDED_FOR="10.0.0.7")
    assert attempt("chef", HTTP_X_FORWARDED_FOR="10.0.0.7").status_code == 429
    assert attempt("chef", HTTP_X_FORWARDED_FOR="10.0.0.8").status_code == 302


def test_regional_staff_unlock_their_users_in_the_admin(role_clients, head_user, settings):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    orebro = Municipality.objects.create(region=other, name="Örebro", code="1880")
    make_user("elsewhere", Role.LIBRARY_HEAD, other, orebro)
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt("chef", "fel", address=f"10.0.3.{i}")
    attempt("elsewhere", "fel", address="10.0.3.9")
    attempt("nobody", "fel", address="10.0.3.9")
    staff = role_clients["staff"]
    page = staff.get("/admin/axes/accessattempt/").text
    assert "chef" in page and "elsewhere" not in page and "nobody" not in page
    assert "/admin/axes/accesslog/" in staff.get("/admin/").text
    assert role_clients["head"].get("/admin/axes/accessattempt/").status_code == 302
    attempts = AccessAttempt.objects.filter(username="chef")
    response = staff.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(attempts.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not attempts.exists()
    assert attempt("chef", address="10.0.4.1").status_code == 302
    assert AccessAttempt.objects.filter(username="elsewhere").exists()


@pytest.fixture
def security_log(caplog):
    """The security log's records (its logger does not propagate to the root logger)."""
    logger = logging.getLogger("biblioteksportal.security")
    logger.addHandler(caplog.handler)
    yield lambda: [record.getMessage() for record in caplog.records if record.name == logger.name]
    logger.removeHandler(caplog.handler)


def test_the_security_log(head_user, settings, security_log):
    client = Client()
    attempt("chef", "fel-lösen", client=client)
    attempt("chef", client=client)
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.1")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt("chef", "fel-lösen", address="10.0.0.2")
    assert security_log() == [
        "login_failed user='chef' address='10.0.0.1'",
        "login user='chef' address='10.0.0.1'",
        "logout user='chef' address='10.0.0.1'",
        *["login_failed user='chef' address='10.0.0.2'"] * (settings.AXES_FAILURE_LIMIT - 2),
        "lockout user='chef' address='10.0.0.2'",
        "login_failed user='chef' address='10.0.0.2'",
    ]
    assert not any("lösen" in line for line in security_log())


def test_password_change_and_reset_are_logged(client, head_user, security_log, run_jobs):
    client.force_login(head_user)
    new = "Ett-nytt-långt-lösen-7"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post(reverse("password_change"), data).status_code == 302
    client.logout()
    client.post(reverse("password_reset"), {"email": "chef@example.org"})
    run_jobs()  # a worker sends the mail
    link = re.search(r"/konto/reset/\S+/", mail.outbox[0].body).group()
    form = client.get(link, follow=True)
    data = {"new_password1": new + "x", "new_password2": new + "x"}
    assert client.post(form.request["PATH_INFO"], data).status_code == 302
    assert [line.split()[0] for line in security_log()] == [
        "login",
        "password_change",
        "logout",
        "password_reset_requested",
        "password_reset",
    ]
    assert "password_reset user='chef' address='127.0.0.1'" in security_log()


def test_a_security_line_has_the_time_and_no_line_breaks_of_its_input(security_log):
    from biblioteksportal import security

    security.log("login_failed", None, username="x\nlogin user='admin'")
    assert security_log() == ["login_failed user=\"x\\nlogin user='admin'\" address=None"]
    handler = logging.getLogger("biblioteksportal.security").handlers[0]
    record = logging.makeLogRecord({"msg": "login user='chef'"})
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ security login user='chef'", handler.format(record)
    )


@pytest.mark.parametrize("debug", ["", "false"])
def test_no_secret_key_without_debug_stops_start_up_in_demo_mode_too(debug):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEMO="true", DEBUG=debug, DATABASE_URL="postgres://x/y")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "SECRET_KEY must be set in production and in demo mode" in result.stderr
