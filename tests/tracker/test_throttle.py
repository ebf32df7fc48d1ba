"""Exports take turns on the machine; pages never wait for them.

What it proves: with one slot, a second export's first byte comes only after the
first export finished or its client went away (in this process or another one),
and a CSV response streams through the slot.
"""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tracker import exports, throttle


def chunks(name: str, log: list):
    for n in range(3):
        log.append(f"{name}{n}")
        yield f"{name}{n}".encode()


@pytest.fixture(autouse=True)
def one_slot(settings, tmp_path):
    settings.EXPORT_CONCURRENCY = 1
    settings.EXPORT_SLOTS_DIR = str(tmp_path / "slots")


def test_a_second_export_starts_only_when_the_first_is_done():
    log: list[str] = []
    first = throttle.one_at_a_time(chunks("a", log))
    assert next(first) == b"a0"  # holds the slot

    second = threading.Thread(
        target=lambda: list(throttle.one_at_a_time(chunks("b", log)))
    )
    second.start()
    time.sleep(0.2)
    assert log == ["a0"]  # waiting

    assert list(first) == [b"a1", b"a2"]
    second.join(timeout=5)
    assert log == ["a0", "a1", "a2", "b0", "b1", "b2"]


def test_a_client_that_goes_away_frees_the_slot():
    stream = throttle.one_at_a_time(chunks("a", []))
    next(stream)
    stream.close()  # what the server does when the client disconnects

    with throttle.slot():  # free at once
        pass


def test_another_process_holding_the_slot_makes_an_export_wait(settings):
    Path(settings.EXPORT_SLOTS_DIR).mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; "
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(0.5)",
            str(Path(settings.EXPORT_SLOTS_DIR) / "slot-0"),
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout.readline() == b"held\n"
    started = time.monotonic()

    with throttle.slot():
        waited = time.monotonic() - started

    holder.wait()
    assert waited > 0.2


@pytest.mark.django_db
def test_a_csv_export_streams_through_a_slot():
    response = exports.csv_response("t.csv", ["a"], [[1], [2]])

    with throttle.slot():  # taken: the export must wait
        waiting = threading.Thread(target=lambda: b"".join(response.streaming_content))
        waiting.start()
        time.sleep(0.2)
        assert waiting.is_alive()
    waiting.join(timeout=5)
    assert not waiting.is_alive()
