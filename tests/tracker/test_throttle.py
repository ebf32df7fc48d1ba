"""Long exports take turns on the machine; pages and short lists never wait.

What it proves: with one slot, a second long export goes on past its first chunks
only after the first finished or its client went away (in this process or another
one); a CSV streams through the slot, a short one (districts, kinds) without it.
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
def one_slot(settings, tmp_path, monkeypatch):
    settings.EXPORT_CONCURRENCY = 1
    settings.EXPORT_SLOTS_DIR = str(tmp_path / "slots")
    monkeypatch.setattr(throttle, "FREE_CHUNKS", 1)  # the first chunk, then a turn


def test_a_second_export_goes_on_only_when_the_first_is_done():
    first = throttle.one_at_a_time(chunks("a", []))
    assert [next(first), next(first)] == [b"a0", b"a1"]  # past the free chunk: a turn
    got: list[bytes] = []
    second = threading.Thread(
        target=lambda: got.extend(throttle.one_at_a_time(chunks("b", [])))
    )
    second.start()
    time.sleep(0.2)
    assert got == [b"b0"]  # the free chunk, then waiting for its turn

    assert list(first) == [b"a2"]
    second.join(timeout=5)
    assert got == [b"b0", b"b1", b"b2"]


def test_a_client_that_goes_away_frees_the_slot():
    stream = throttle.one_at_a_time(chunks("a", []))
    next(stream)
    next(stream)  # holds the slot
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
def test_a_short_export_never_waits(monkeypatch):
    monkeypatch.setattr(throttle, "FREE_CHUNKS", 5)
    response = exports.csv_response("구.csv", ["gu"], [["금천구"], ["강서구"]])

    with throttle.slot():  # a long export has the turn
        body = b"".join(response.streaming_content)

    assert "금천구" in body.decode("utf-8-sig")


@pytest.mark.django_db
def test_a_long_csv_export_waits_for_its_turn():
    response = exports.csv_response("t.csv", ["a"], [[1], [2]])

    with throttle.slot():  # taken: the export must wait
        waiting = threading.Thread(target=lambda: b"".join(response.streaming_content))
        waiting.start()
        time.sleep(0.2)
        assert waiting.is_alive()
    waiting.join(timeout=5)
    assert not waiting.is_alive()
