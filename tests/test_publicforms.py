"""Public forms (biblioteksportal.publicforms): honeypot, limits per client address and per
recipient, counted in the database across server processes; the client address."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from biblioteksportal.models import FormAttempt
from biblioteksportal.publicforms import (
    MAILS_PER_RECIPIENT,
    PasswordResetForm,
    client_address,
)
from kompetens.forms import PublicRegistrationForm
from kompetens.models import Registration
from lasframjande.forms import ActorRegistrationForm
from lasframjande.models import LiteraryActor

from .builders import database_url, make_event, make_library
from .conftest import run_committed_jobs

ACTOR_URL = "/lasframjande/vastmanland/aktorer/anmal/"
RESET_URL = "/konto/password_reset/"
TOO_MANY = "Formuläret har skickats för många gånger från din adress"


def actor(i):
    return {
        "name": f"Aktör {i}",
        "kinds": ["writer"],
        "email": f"aktor{i}@example.org",
        "consent": "on",
        "homepage": "",
    }


@pytest.fixture
def post(run_jobs):
    """A POST whose e-mails, sent by a worker, reach mail.outbox."""

    def post(client, url, data, **headers):
        response = client.post(url, data, **headers)
        run_jobs()
        return response

    return post


@pytest.fixture
def event(region):
    return make_event(region, capacity=5)


@pytest.fixture
def library(vasteras):
    return make_library(vasteras)


def users(count):
    """Users with a usable password (not checked here) and their own e-mail address."""
    User = get_user_model()
    return User.objects.bulk_create(
        User(username=f"user{i}", email=f"user{i}@example.org", password="x") for i in range(count)
    )


# The client address --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "198.51.100.7, 203.0.113.5", "192.0.2.10"),  # the header is not believed
        (1, "198.51.100.7, 203.0.113.5", "203.0.113.5"),  # what the one proxy saw
        (2, "198.51.100.7, 203.0.113.5", "198.51.100.7"),  # what the first of two saw
        (2, "203.0.113.5", "203.0.113.5"),  # fewer than expected: the leftmost
        (1, "", "192.0.2.10"),  # no header: REMOTE_ADDR
    ],
)
def test_client_address_from_trusted_proxies(settings, proxies, forwarded, address):
    settings.TRUSTED_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.10", **headers)
    assert client_address(request) == address


def test_a_spoofed_header_does_not_escape_the_limit_behind_one_proxy(settings, region, post):
    """With one proxy, only the address the proxy appended counts: a client that sends its own
    X-Forwarded-For to look like many clients is still one."""
    settings.TRUSTED_PROXIES = 1
    client = Client(REMOTE_ADDR="10.0.0.1")
    for i in range(ActorRegistrationForm.limit + 3):
        post(client, ACTOR_URL, actor(i), HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.5")
    assert LiteraryActor.objects.count() == ActorRegistrationForm.limit
    # a second client behind the same proxy is another address
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert post(other, ACTOR_URL, actor(99)).status_code == 302


# 100 quick POSTs from one address to each public form ------------------------------------------


def test_100_actor_registrations_from_one_address(region, post):
    client = Client(REMOTE_ADDR="192.0.2.1")
    statuses = [post(client, ACTOR_URL, actor(i)).status_code for i in range(100)]
    limit = ActorRegistrationForm.limit
    assert statuses == [302] * limit + [429] * (100 - limit)
    assert LiteraryActor.objects.count() == limit
    assert len(mail.outbox) == limit


def test_100_training_registrations_from_one_address(event, library, post):
    client = Client(REMOTE_ADDR="192.0.2.1")
    url = reverse("kompetens:event", args=[event.pk])
    statuses = [
        post(client, url, {"name": f"N {i}", "email": f"n{i}@example.org", "library": library.pk})
        for i in range(100)
    ]
    statuses = [response.status_code for response in statuses]
    limit = PublicRegistrationForm.limit
    assert statuses == [302] * limit + [429] * (100 - limit)
    assert Registration.objects.count() == limit  # 5 places, then the waiting list
    assert len(mail.outbox) == limit
    response = post(client, url, {"name": "Kvar", "email": "kvar@example.org"})
    assert TOO_MANY in response.text and 'value="Kvar"' in response.text


def test_100_password_resets_from_one_address(db, post):
    users(10)
    client = Client(REMOTE_ADDR="192.0.2.1")
    statuses = [
        post(client, RESET_URL, {"email": f"user{i}@example.org"}).status_code for i in range(100)
    ]
    limit = PasswordResetForm.limit
    assert statuses == [302] * limit + [429] * (100 - limit)
    assert len(mail.outbox) == limit
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"user{i}@example.org" for i in range(limit)
    ]


def test_a_refusal_is_swedish_and_keeps_what_was_typed(db, post):
    users(1)
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(PasswordResetForm.limit):
        post(client, RESET_URL, {"email": "nobody@example.org"})
    response = post(client, RESET_URL, {"email": "user0@example.org"})
    assert response.status_code == 429
    assert TOO_MANY in response.text and "Försök igen om en timme." in response.text
    assert 'value="user0@example.org"' in response.text
    assert not mail.outbox
    # another address is not affected
    other = Client(REMOTE_ADDR="192.0.2.2")
    assert post(other, RESET_URL, {"email": "user0@example.org"}).status_code == 302
    assert len(mail.outbox) == 1


def test_each_form_has_its_own_limit(region, post):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for i in range(ActorRegistrationForm.limit):
        post(client, ACTOR_URL, actor(i))
    assert post(client, RESET_URL, {"email": "someone@example.org"}).status_code == 302


def test_only_accepted_submissions_count(region, post):
    """A person who corrects a mistake is not held back by it."""
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(10):
        assert post(client, ACTOR_URL, {**actor(0), "consent": ""}).status_code == 200
    assert post(client, ACTOR_URL, actor(0)).status_code == 302
    assert FormAttempt.objects.filter(form="lasframjande.forms.ActorRegistrationForm").count() == 2


def test_an_hour_old_attempt_no_longer_counts_and_is_purged(region, post):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for i in range(ActorRegistrationForm.limit):
        post(client, ACTOR_URL, actor(i))
    assert post(client, ACTOR_URL, actor(10)).status_code == 429
    FormAttempt.objects.update(created=timezone.now() - timedelta(minutes=61))
    assert post(client, ACTOR_URL, actor(11)).status_code == 302
    assert FormAttempt.objects.filter(created__lt=timezone.now() - timedelta(hours=1)).count() == 0


def test_no_address_or_recipient_is_stored_in_the_clear(region, post):
    post(Client(REMOTE_ADDR="192.0.2.77"), ACTOR_URL, actor(0))
    keys = list(FormAttempt.objects.values_list("key", flat=True))
    assert len(keys) == 2 and all(len(key) == 64 for key in keys)
    assert not any("192.0.2.77" in key or "aktor0" in key for key in keys)


# The limit of mails per recipient --------------------------------------------------------------


def test_mails_to_one_recipient_are_limited_across_addresses_and_forms(
    region, event, library, post
):
    users(1)
    url = reverse("kompetens:event", args=[event.pk])
    clients = [Client(REMOTE_ADDR=f"192.0.2.{i}") for i in range(1, 10)]
    post(clients[0], url, {"name": "Anna", "email": "USER0@example.org", "library": library.pk})
    post(clients[1], ACTOR_URL, {**actor(0), "email": "user0@example.org"})
    for client in clients[2:MAILS_PER_RECIPIENT]:
        assert post(client, RESET_URL, {"email": "user0@example.org"}).status_code == 302
    assert len(mail.outbox) == MAILS_PER_RECIPIENT
    response = post(clients[-1], RESET_URL, {"email": "user0@example.org"})
    assert response.status_code == 429
    assert "för många e-postmeddelanden till den adressen" in response.text
    assert 'value="user0@example.org"' in response.text
    assert len(mail.outbox) == MAILS_PER_RECIPIENT
    # another recipient from the same address is not affected
    assert post(clients[-1], RESET_URL, {"email": "other@example.org"}).status_code == 302


# The honeypot --------------------------------------------------------------------------------


def test_a_bot_on_the_training_form_is_answered_as_if_registered(event, library, post):
    url = reverse("kompetens:event", args=[event.pk])
    data = {"name": "Bot", "email": "bot@example.org", "library": library.pk, "homepage": "x"}
    response = post(Client(), url, data)
    assert response.status_code == 302 and response["Location"] == url
    assert not Registration.objects.exists() and not mail.outbox


def test_a_bot_on_the_password_reset_is_answered_as_if_sent(db, post):
    users(1)
    response = post(Client(), RESET_URL, {"email": "user0@example.org", "homepage": "x"})
    assert response.status_code == 302 and response["Location"] == "/konto/password_reset/done/"
    assert not mail.outbox


@pytest.mark.parametrize("url", [RESET_URL, "training", ACTOR_URL])
def test_the_honeypot_is_hidden_on_every_public_form(client, event, url):
    url = reverse("kompetens:event", args=[event.pk]) if url == "training" else url
    page = client.get(url).text
    assert '<div hidden><label for="id_homepage">' in page
    assert page.count('name="homepage"') == 1


def test_bots_count_against_the_address_limit(event, library, post):
    client = Client(REMOTE_ADDR="192.0.2.9")
    url = reverse("kompetens:event", args=[event.pk])
    for _ in range(PublicRegistrationForm.limit):
        post(client, url, {"homepage": "x"})
    data = {"name": "Anna", "email": "anna@example.org", "library": library.pk}
    assert post(client, url, data).status_code == 429
    assert not Registration.objects.exists()


# Two server processes ------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    """Two gunicorn processes (one worker, four threads each) on the test database; yields
    their base URLs and the mail folder."""
    root = Path(__file__).resolve().parents[1]
    outbox = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "true",
        "EMAIL_URL": f"filemail:///{outbox}",
        "CONN_MAX_AGE": "0",
    }
    ports = [free_port(), free_port()]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    servers = [
        subprocess.Popen(
            [gunicorn, "biblioteksportal.wsgi", "--bind", f"127.0.0.1:{port}", "--threads", "4"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 60
        for url, server in zip(urls, servers, strict=True):
            while True:
                assert server.poll() is None, server.stderr.read().decode()
                try:
                    urllib.request.urlopen(url + "/halsa/", timeout=2)
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
        yield urls, outbox
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_limit_holds_across_two_server_processes(region, two_servers, monkeypatch):
    """100 POSTs at once from one address, half to each of two gunicorn processes: exactly the
    limit is accepted (the count is in the database, under a lock per address: without it,
    concurrent requests both take the last place)."""
    urls, outbox = two_servers
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    opener.open(urls[0] + ACTOR_URL, timeout=30)
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")

    def submit(i):
        data = urllib.parse.urlencode({**actor(i), "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(urls[i % 2] + ACTOR_URL, data.encode())
        request.add_header("Cookie", f"csrftoken={token}")
        try:
            return urllib.request.build_opener(NoRedirect).open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(submit, range(100)))
    limit = ActorRegistrationForm.limit
    assert sorted(statuses) == [302] * limit + [429] * (100 - limit)
    assert {statuses[i] for i in range(0, 100, 2)} >= {429}  # both servers answered
    assert {statuses[i] for i in range(1, 100, 2)} >= {429}
    assert LiteraryActor.objects.count() == limit
    assert not list(outbox.glob("*.log"))  # no mail sent in a request: each is a job
    run_committed_jobs(monkeypatch)
    assert len(mail.outbox) == limit
