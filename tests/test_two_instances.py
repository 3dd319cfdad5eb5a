"""benchmarks/two_instances.py as a test: two gunicorn instances behind haproxy on a copy of
the test template, with moto's S3 server and Redis (when it answers); about 30 seconds."""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.db import connection

from .conftest import ROOT


@pytest.mark.two_instances
def test_two_instances_share_logins_files_limits_and_lose_no_write(django_db_setup):
    db = connection.settings_dict
    login = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    server = f"postgres://{login}@{quote(str(db['HOST']), safe='')}:{db['PORT']}/postgres"
    result = subprocess.run(
        [sys.executable, "benchmarks/two_instances.py"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": server, "TEMPLATE_DATABASE": django_db_setup},
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 0
    checks = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert len(checks) == 6  # the five checks and the empty local disk
