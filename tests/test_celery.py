"""The Celery app: safe defaults, and a real worker process consuming from the broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

from config.celery_app import app, ping_task

ROOT = Path(__file__).resolve().parent.parent


def test_configuration_is_json_only_with_limits_and_late_acks():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit and conf.task_soft_time_limit
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.worker_prefetch_multiplier == 1
    assert isinstance(conf.beat_schedule, dict)


@pytest.mark.slow
def test_a_real_worker_runs_a_task():
    # A queue of its own: other tests' tasks left in a shared broker must not delay it.
    queue = f"ping-{uuid.uuid4().hex}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "--concurrency",
            "1",
            "--pool",
            "prefork",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--queues",
            queue,
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    key = f"ping:{uuid.uuid4().hex}"
    try:
        ping_task.apply_async(args=[key], queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and cache.get(key) is None:
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
        assert cache.get(key) == "pong"
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
