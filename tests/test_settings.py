"""Production-safe settings: no secret, no hosts, no start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .builders import settings_from

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO")}
    env.update(SECRET_KEY="s", ALLOWED_HOSTS="portal.example.org", DATABASE_URL="postgres://x/y")
    env.pop(missing)
    result = subprocess.run(
        [sys.executable, "-c", "import biblioteksportal.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


@pytest.mark.parametrize(
    ("environment", "url"),
    [
        (
            {"ALLOWED_HOSTS": ".bibliotek.example.se,portal.example.org"},
            "https://bibliotek.example.se",
        ),
        ({"PORTAL_URL": "https://portal.example.org"}, "https://portal.example.org"),
        ({"DEBUG": "true"}, "http://127.0.0.1:8000"),
    ],
)
def test_the_portals_address_for_mails_without_a_request(environment, url):
    """The reminders' links: set, or in production the first allowed host over HTTPS."""
    environment = {"SECRET_KEY": "s", "ALLOWED_HOSTS": "x.example.org", **environment}
    assert settings_from(**environment)["PORTAL_URL"] == url


def test_defaults(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
