"""The embedded PostgreSQL server: started on demand, reused, stopped cleanly, data kept.

Each test runs real processes against a server in a temporary data directory, the way
manage.py, the web server and the worker use it when DATABASE_URL is unset.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _env(pgdata: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "EMBEDDED_DATABASE_URL")
    }
    env["EMBEDDED_PGDATA"] = str(pgdata)
    return env


def _run(pgdata: Path, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=_env(pgdata),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _server_running(pgdata: Path) -> bool:
    return (pgdata / "postmaster.pid").exists()


@pytest.fixture
def pgdata():
    # Under var/ (not /tmp/pytest-of-root, which is private to root): the server runs
    # as its own system user when started by root and must reach the directory.
    base = ROOT / "var" / "test-embedded"
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"pg-{os.getpid()}-{time.monotonic_ns()}"
    yield path
    if (path / "PG_VERSION").exists() and _server_running(path):
        _run(path, "from config import embedded_db; embedded_db.stop()")
    subprocess.run(["rm", "-rf", str(path)], check=False)


STORE = """
    import psycopg
    from config import embedded_db
    url = embedded_db.ensure_started()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS kept (v text)")
        conn.execute("INSERT INTO kept VALUES ('hello')")
    print(url)
"""

READ = """
    import psycopg
    from config import embedded_db
    url = embedded_db.ensure_started()
    with psycopg.connect(url) as conn:
        print(conn.execute("SELECT count(*) FROM kept").fetchone()[0])
"""


HOLD = textwrap.dedent(STORE) + "import time\nprint('ready', flush=True)\ntime.sleep(60)\n"


def test_starts_on_demand_and_stops_when_last_process_exits(pgdata):
    url = _run(pgdata, STORE).strip()
    assert url.startswith("postgresql://")
    assert "findyourpeople" in url
    assert (pgdata / "PG_VERSION").exists()
    assert not _server_running(pgdata), "the last process to exit stops the server"
    assert _run(pgdata, READ).strip() == "1", "data survives a stop and restart"


def test_ctrl_c_leaves_data_consistent(pgdata):
    _run(pgdata, STORE)
    waiting = subprocess.Popen(
        [sys.executable, "-c", HOLD],
        cwd=ROOT,
        env=_env(pgdata),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiting.stdout.readline().startswith("postgresql://")
    assert waiting.stdout.readline().strip() == "ready"
    waiting.send_signal(signal.SIGINT)
    waiting.wait(timeout=60)
    assert not _server_running(pgdata), "Ctrl-C stops the server cleanly"
    assert _run(pgdata, READ).strip() == "2"


def test_sigterm_also_stops_cleanly(pgdata):
    waiting = subprocess.Popen(
        [sys.executable, "-c", HOLD],
        cwd=ROOT,
        env=_env(pgdata),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    waiting.stdout.readline()
    assert waiting.stdout.readline().strip() == "ready"
    waiting.send_signal(signal.SIGTERM)
    waiting.wait(timeout=60)
    assert not _server_running(pgdata)


def test_a_second_process_reuses_the_running_server(pgdata):
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD],
        cwd=ROOT,
        env=_env(pgdata),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first.stdout.readline()
    first.stdout.readline()
    pid_before = (pgdata / "postmaster.pid").read_text().split()[0]
    assert _run(pgdata, READ).strip() == "1"
    assert _server_running(pgdata), "a process exiting does not stop a server still in use"
    assert (pgdata / "postmaster.pid").read_text().split()[0] == pid_before
    first.send_signal(signal.SIGINT)
    first.wait(timeout=60)
    assert not _server_running(pgdata)


def test_database_url_wins(pgdata):
    env = _env(pgdata)
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/test"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import embedded_db; print(embedded_db.ensure_started())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "None"
    assert not pgdata.exists()
