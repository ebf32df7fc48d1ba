"""Exports take turns per process; pages never wait for them.

What it proves: with one slot, a second export's first byte comes only after the
first export finished or its client went away, and a CSV response streams through
the slot.
"""

import threading
import time

import pytest

from tracker import exports, throttle


def chunks(name: str, log: list):
    for n in range(3):
        log.append(f"{name}{n}")
        yield f"{name}{n}".encode()


def test_a_second_export_starts_only_when_the_first_is_done(settings):
    settings.EXPORT_CONCURRENCY = 1
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


def test_a_client_that_goes_away_frees_the_slot(settings):
    settings.EXPORT_CONCURRENCY = 1
    stream = throttle.one_at_a_time(chunks("a", []))
    next(stream)
    stream.close()  # what the server does when the client disconnects

    assert throttle.slots().acquire(timeout=1)
    throttle.slots().release()


@pytest.mark.django_db
def test_a_csv_export_streams_through_a_slot(settings):
    settings.EXPORT_CONCURRENCY = 1
    response = exports.csv_response("t.csv", ["a"], [[1], [2]])

    with throttle.slots():  # taken: the export must wait
        waiting = threading.Thread(target=lambda: b"".join(response.streaming_content))
        waiting.start()
        time.sleep(0.2)
        assert waiting.is_alive()
    waiting.join(timeout=5)
    assert not waiting.is_alive()
