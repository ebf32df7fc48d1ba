"""A task sent through Redis is run by a real worker process and its result is stored."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config.celery import app
from tracker.tasks import ping

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not REDIS_URL, reason="REDIS_URL is unset: no broker to send through"
    ),
]


@pytest.fixture
def worker():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"pytest-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_task_sent_through_redis_is_run_by_a_worker_and_its_result_stored(worker):
    app.conf.update(
        task_always_eager=False, broker_url=REDIS_URL, result_backend=REDIS_URL
    )
    try:
        result = ping.delay("안녕")
        value = result.get(timeout=60)
        # A second client reading the stored result by id sees the same value.
        stored = app.AsyncResult(result.id)
        deadline = time.monotonic() + 10
        while stored.state != "SUCCESS" and time.monotonic() < deadline:
            time.sleep(0.1)
        stored_state, stored_value = stored.state, stored.result
    finally:
        app.conf.update(task_always_eager=True)

    assert value["pong"] == "안녕"
    assert value["pid"] != os.getpid()  # run in the worker process, not here
    assert stored_state == "SUCCESS"
    assert stored_value["pong"] == "안녕"
