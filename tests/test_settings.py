"""Production-safe settings: no secret, no hosts, no start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_defaults(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
