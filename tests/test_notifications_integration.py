"""The outbox against real Redis and real Celery worker processes (with the beat sweeper).

Each test starts workers as subprocesses pointed at the test database, a fake GOV.UK Notify
server on 127.0.0.1 that counts messages by reference, and Redis: the server in REDIS_URL
(database 15) or, without it, a redis-server of the test's own. Every worker run consumes a
queue of its own, so other test runs sharing the Redis server cannot take its tasks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from notifications.delivery import message_claim
from notifications.models import OutboxMessage, Status
from notifications.services import Recipient, message_queue
from notifications.tasks import deliver_message_task
from tests.fake_notify import FakeNotify

# Workers in other processes must see committed rows, so these tests are transactional;
# serialized_rollback puts back what data migrations seeded once the tables are flushed.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = {"first_name": "Dev", "service_name": "Punjabi Men's Group", "link": "https://x/r/abc"}
REFERRER = Recipient(name="Priya", email="priya@example.org")

# A worker whose default queue (the one beat publishes to and the worker consumes) is
# named on the command line.
WORKER = (
    "import sys\n"
    "from config.celery_app import app\n"
    "app.conf.task_default_queue = sys.argv[1]\n"
    "app.worker_main(['worker', *sys.argv[2:]])\n"
)


def alert_referrer(message_id: int) -> None:
    """on_give_up hook, run in the worker: tell the referrer the person could not be reached."""
    failed = OutboxMessage.objects.get(pk=message_id)
    message_queue(
        recipient=REFERRER,
        channel="email",
        template="checkin",
        context=CONTEXT,
        key=f"{failed.root_key}:unreachable",
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server of this test's own, without persistence: a restart loses everything."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.tmp = tmp
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed (apt-get install redis-server)"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.tmp)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture
def own_redis(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    shared = os.environ.get("REDIS_URL")
    if shared:
        parts = urllib.parse.urlsplit(shared)
        yield urllib.parse.urlunsplit(parts._replace(path="/15"))
        return
    server = RedisServer(tmp_path)
    server.start()
    yield server.url
    server.kill()


@pytest.fixture(scope="module", autouse=True)
def _seeded_data_put_back(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Transactional tests end with the tables flushed; serialized_rollback reloads what data
    migrations seeded before each test but not after the last. Put it back, or a run with
    --reuse-db would start from (and serialise) an empty vocabulary."""
    yield
    from django.contrib.contenttypes.models import ContentType

    contents = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        if contents and not ContentType.objects.exists():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def published(monkeypatch) -> list[int]:
    """Rows due now are handed over on commit through this process's broker, which is not
    the workers' Redis: record them instead (the workers' sweeper finds them anyway), so no
    task is left behind for whichever worker reads this process's broker next."""
    handed_over: list[int] = []
    monkeypatch.setattr(deliver_message_task, "delay", handed_over.append)
    return handed_over


@pytest.fixture
def notify() -> Iterator[FakeNotify]:
    with FakeNotify() as fake:
        yield fake


def database_env() -> dict[str, str]:
    """Point a subprocess at this test's database (the test runner's, not the default)."""
    name = connection.settings_dict["NAME"]
    if os.environ.get("DATABASE_URL"):
        variable = "DATABASE_URL"
    else:
        variable = "EMBEDDED_DATABASE_URL"
    parts = urllib.parse.urlsplit(os.environ[variable])
    return {variable: urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))}


class Workers:
    """Start and kill Celery workers (each with an embedded beat) as subprocesses."""

    def __init__(self, tmp: Path, notify: FakeNotify, broker: str) -> None:
        self.tmp, self.notify, self.broker = tmp, notify, broker
        self.queue = f"fyp-test-{uuid.uuid4().hex[:12]}"
        self.procs: list[subprocess.Popen] = []

    def env(self, **overrides: str) -> dict[str, str]:
        return {
            **os.environ,
            **database_env(),
            "REDIS_URL": self.broker,
            "CELERY_BROKER_URL": self.broker,
            "NOTIFY_API_KEY": self.notify.api_key,
            "NOTIFY_BASE_URL": self.notify.url,
            "NOTIFY_TEMPLATE_ID_SMS": str(uuid.uuid4()),
            "NOTIFY_TEMPLATE_ID_LETTER": str(uuid.uuid4()),
            "NOTIFY_TIMEOUT": "5",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "NOTIFICATIONS_SWEEP_SECONDS": "0.5",
            "NOTIFICATIONS_SENDING_TIMEOUT": "3",
            "NOTIFICATIONS_REQUEUE_AFTER_SECONDS": "2",
            "NOTIFICATIONS_RETRY_BASE_SECONDS": "0.2",
            "NOTIFICATIONS_RETRY_MAX_SECONDS": "1",
            **overrides,
        }

    def start(self, *, concurrency: int = 4, **overrides: str) -> subprocess.Popen:
        run = len(self.procs)
        log = (self.tmp / f"worker-{run}.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, self.queue, "--beat"]
            + ["--schedule", str(self.tmp / f"beat-{run}"), "--pool", "prefork"]
            + ["--concurrency", str(concurrency), "--loglevel", "WARNING"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=self.env(**overrides),
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group, so SIGKILL reaches the pool and beat processes too.
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill(proc)

    def logs(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.tmp.glob("worker-*.log")))


@pytest.fixture
def workers(tmp_path, notify, redis_url) -> Iterator[Workers]:
    started = Workers(tmp_path, notify, redis_url)
    yield started
    # Before the test database is flushed: no worker may still hold a connection.
    started.stop_all()


def queue_batch(count: int, *, prefix: str, due_in: float = 0.5, **options) -> list[int]:
    """Queue ``count`` SMS follow-ups falling due shortly: the workers' sweeper sends them."""
    due_at = timezone.now() + dt.timedelta(seconds=due_in)
    return [
        message_queue(
            recipient=Recipient(
                name="Dev Singh",
                phone_number=f"07700{n:06d}",
                address_lines=("12 Mill Lane", "Leeds"),
                postcode="LS1 4AB",
            ),
            channel="sms",
            template="checkin",
            context=CONTEXT,
            key=f"{prefix}:{n}:checkin:14d",
            due_at=due_at,
            **options,
        ).pk
        for n in range(count)
    ]


def wait_for(condition: Callable[[], bool], *, timeout: float, workers: Workers) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out; worker logs:\n{workers.logs()}"
        time.sleep(0.1)


def statuses(prefix: str) -> dict[str, int]:
    rows = OutboxMessage.objects.filter(key__startswith=prefix).values_list("status", flat=True)
    counts: dict[str, int] = {}
    for status in rows:
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(notify, workers):
    notify.delay = 0.03  # so the batch is still going, and sends in flight, when the worker dies
    queue_batch(200, prefix="kill")
    first = workers.start(concurrency=4)
    wait_for(lambda: len(notify.creates) >= 40, timeout=30, workers=workers)
    workers.kill(first)
    assert len(notify.creates) < 200, "the worker was meant to die mid-batch"
    # Claimed by the dead worker: some may have reached Notify, some not.
    stuck = list(OutboxMessage.objects.filter(status=Status.SENDING).values_list("key", flat=True))
    assert stuck, "the worker was meant to die while sending"

    workers.start(concurrency=4)
    wait_for(lambda: statuses("kill:") == {Status.SENT: 200}, timeout=40, workers=workers)
    assert len(notify.creates) == 200
    assert notify.duplicates() == 0
    assert all(notify.count(f"kill:{n}:checkin:14d") == 1 for n in range(200))
    assert notify.unauthorised == 0
    recovered = OutboxMessage.objects.filter(key__in=stuck)
    assert all(message.attempts == 2 for message in recovered)


def test_queued_work_survives_a_redis_restart(notify, tmp_path, own_redis, published):
    workers = Workers(tmp_path, notify, own_redis.url)
    ids = queue_batch(30, prefix="restart", due_in=0)
    assert sorted(published) == sorted(ids)
    # What the on-commit hand-over would have done, on this test's own Redis.
    with deliver_message_task.app.connection_for_write(own_redis.url) as conn:
        for message_id in published:
            deliver_message_task.apply_async((message_id,), connection=conn, queue=workers.queue)
    client = redis.Redis.from_url(own_redis.url)
    assert client.llen(workers.queue) == 30

    own_redis.kill()
    own_redis.start()
    assert client.llen(workers.queue) == 0, "the tasks went with the restart"

    try:
        workers.start(concurrency=2)
        wait_for(lambda: statuses("restart:") == {Status.SENT: 30}, timeout=30, workers=workers)
    finally:
        workers.stop_all()
    assert notify.duplicates() == 0 and len(notify.creates) == 30


def test_a_provider_failing_with_500s_is_retried_until_it_succeeds(notify, workers):
    notify.fail_next(8, status=500)
    queue_batch(4, prefix="flaky")
    workers.start(concurrency=2)
    wait_for(lambda: statuses("flaky:") == {Status.SENT: 4}, timeout=30, workers=workers)
    assert notify.fail_next_count == 0
    attempts = OutboxMessage.objects.filter(key__startswith="flaky:").values_list(
        "attempts", flat=True
    )
    assert sum(attempts) == 4 + 8
    assert notify.duplicates() == 0 and len(notify.creates) == 4


def test_a_permanent_400_falls_back_to_a_letter_or_alerts_the_referrer(notify, workers):
    queue_batch(1, prefix="fallback", fallback=["letter"])
    queue_batch(1, prefix="alert", on_give_up=f"{__name__}.alert_referrer")
    notify.reject("07700000000", status=400)
    workers.start(concurrency=2)

    def settled() -> bool:
        return (
            OutboxMessage.objects.filter(
                key__in=[
                    "fallback:0:checkin:14d:fallback:letter",
                    "alert:0:checkin:14d:unreachable",
                ],
                status=Status.SENT,
            ).count()
            == 2
        )

    wait_for(settled, timeout=30, workers=workers)
    sms = OutboxMessage.objects.get(key="fallback:0:checkin:14d")
    assert sms.status == Status.FAILED and sms.attempts == 1, "a 400 is not retried"
    assert notify.count("fallback:0:checkin:14d:fallback:letter") == 1
    [letter] = notify.created("letter")
    assert letter["personalisation"]["address_line_4"] == "LS1 4AB"
    assert OutboxMessage.objects.get(key="alert:0:checkin:14d").status == Status.FAILED
    assert notify.count("fallback:0:checkin:14d") == notify.count("alert:0:checkin:14d") == 0


def test_two_workers_claiming_the_same_row_at_once_one_wins():
    message = queue_batch(1, prefix="race", due_in=0)[0]
    message = OutboxMessage.objects.get(pk=message)
    barrier = threading.Barrier(8)
    results: list[bool] = []

    def claim() -> None:
        try:
            barrier.wait()
            results.append(message_claim(message_id=message.pk) is not None)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


def test_a_due_check_in_reaches_notify_once_through_the_workers_beat(notify, workers):
    """The follow-up beat task (referrals.tasks.followups_due_task) in a real worker finds a
    check-in that has fallen due and the outbox delivers it once, however often beat runs."""
    from referrals import services as referral_services
    from referrals.models import FollowUp, ReferralEvent
    from tests.test_referrals_services import make_referral_personas, refer_professionally

    p = make_referral_personas()
    referral = refer_professionally(p)
    referral_services.referral_open(referral=referral, by=p.dev)
    referral_services.referral_accept(referral=referral, by=p.dev)
    ReferralEvent.objects.filter(referral=referral, to_status="accepted").update(
        at=timezone.now() - dt.timedelta(days=14, minutes=1)
    )
    key = f"referral:{referral.pk}:followup:checkin:14d"

    workers.start(concurrency=2, FOLLOWUP_SWEEP_SECONDS="0.5")
    wait_for(lambda: notify.count(key) == 1, timeout=30, workers=workers)
    time.sleep(2)  # a few more beats
    assert notify.count(key) == 1 and notify.duplicates() == 0
    assert FollowUp.objects.filter(referral=referral).count() == 1
    assert OutboxMessage.objects.get(key=key).status == Status.SENT
