"""Follow-up throughput: 10,000 due SMS follow-ups through ONE Celery worker process.

The outbox rows are written straight into a dedicated database, the sweeper publishes
them to Redis, and one worker process (thread pool) claims, renders and sends each to the
fake GOV.UK Notify server (tests/fake_notify.py) over HTTP with the real Notify client.
Reports messages per second and duplicates (messages Notify received more than once for
one reference). Target: all 10,000 within 60 s, no duplicates.

    .venv/bin/python bench/followups.py [--messages 10000] [--concurrency 16]

Uses REDIS_URL's server (database 15, a queue of its own) or starts a redis-server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    bench_database_url,
    free_port,
    manage,
    setup_django,
    write_results,
)

QUEUE = f"fyp-bench-{uuid.uuid4().hex[:8]}"
WORKER = (
    "import sys\n"
    "from config.celery_app import app\n"
    "app.conf.task_default_queue = sys.argv[1]\n"
    "app.worker_main(['worker', *sys.argv[2:]])\n"
)


@contextmanager
def redis_broker():
    shared = os.environ.get("REDIS_URL")
    if shared:
        yield urllib.parse.urlunsplit(urllib.parse.urlsplit(shared)._replace(path="/15"))
        return
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("Set REDIS_URL or install redis-server.")
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.5)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait()


def rows_create(count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from notifications.models import OutboxMessage

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_outboxmessage")
    now = timezone.now()
    context = {"first_name": "Dev", "service_name": "Punjabi Men's Group", "link": "https://x/r/a"}
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=f"bench:{n}:checkin:14d",
                provider_reference=f"bench:{n}:checkin:14d",
                channel="sms",
                template="checkin",
                context=context,
                recipient_name="Dev",
                phone_number=f"07700{n:06d}",
                due_at=now,
                next_attempt_at=now,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def sent_count() -> int:
    from notifications.models import OutboxMessage, Status

    return OutboxMessage.objects.filter(key__startswith="bench:", status=Status.SENT).count()


def worker_start(env: dict[str, str], concurrency: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, QUEUE, "--pool", "threads"]
        + ["--concurrency", str(concurrency), "--loglevel", "WARNING"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    from tests.fake_notify import FakeNotify

    database = "PostgreSQL server (DATABASE_URL)" if os.environ.get("DATABASE_URL") else "embedded"
    database_url = bench_database_url()
    with redis_broker() as broker, FakeNotify() as notify:
        settings_env = {
            "REDIS_URL": broker,
            "CELERY_BROKER_URL": broker,
            "NOTIFY_API_KEY": notify.api_key,
            "NOTIFY_BASE_URL": notify.url,
            "NOTIFY_TEMPLATE_ID_SMS": str(uuid.uuid4()),
            "NOTIFICATIONS_SWEEP_LIMIT": str(args.messages * 2),
        }
        os.environ.update(settings_env)
        setup_django(database_url)
        manage("migrate", "--noinput", "-v", "0")
        rows_create(args.messages)

        from notifications.services import outbox_sweep
        from notifications.tasks import deliver_message_task

        deliver_message_task.app.conf.task_default_queue = QUEUE
        log = ROOT / "var" / "bench-followups-worker.log"
        log.parent.mkdir(exist_ok=True)
        worker = worker_start({**os.environ}, args.concurrency, log)
        try:
            time.sleep(3)  # let the worker start before the clock does
            started = time.monotonic()
            sweep = outbox_sweep()
            published = time.monotonic() - started
            sent = 0
            while sent < args.messages and time.monotonic() - started < args.timeout:
                time.sleep(0.25)
                sent = sent_count()
                assert worker.poll() is None, log.read_text()[-3000:]
            elapsed = time.monotonic() - started
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)

        results = {
            "messages": args.messages,
            "sent": sent,
            "seconds": round(elapsed, 2),
            "messages_per_second": round(sent / elapsed, 1),
            "publish_seconds": round(published, 2),
            "enqueued_by_sweep": sweep.enqueued,
            "notify_messages": sum(notify.creates.values()),
            "duplicates": notify.duplicates(),
            "worker": f"1 process, threads pool x{args.concurrency}",
            "database": database,
            "broker": "redis",
            "target": "all within 60 s, 0 duplicates",
            "met": sent == args.messages and elapsed <= 60 and notify.duplicates() == 0,
        }
        path = write_results("followups", results)
        print(
            f"followups: {sent}/{args.messages} sent in {elapsed:.1f} s "
            f"({results['messages_per_second']}/s) through one worker, "
            f"{results['duplicates']} duplicates -> {path.relative_to(ROOT)}"
        )
        if not results["met"]:
            sys.exit(1)


if __name__ == "__main__":
    main()
