"""Shared set-up for benchmarks: a separate database, Django, and a gunicorn server."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = os.environ.get("BENCH_DATABASE_NAME", "fyp_bench")


def bench_database_url() -> str:
    """DATABASE_URL pointed at a dedicated benchmark database (created if missing).

    Without DATABASE_URL the embedded server is used, so `make bench` works anywhere; the
    figures in bench/README.md say which server they were measured on.
    """
    sys.path.insert(0, str(ROOT))
    base = os.environ.get("DATABASE_URL")
    if not base:
        from config import embedded_db

        base = embedded_db.ensure_started()
    parts = urllib.parse.urlsplit(base)
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return url


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, **(env or {})},
    )


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(percentile(samples, 95) * 1000, 2),
        "runs": len(samples),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2):
    """Serve the site with gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    server_env = {
        **os.environ,
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode()) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
    return path
