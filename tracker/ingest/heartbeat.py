"""One heartbeat thread per process, renewing whatever its holders hold.

A holder used to start a thread of its own for every item (leases.holding): cheap
once, but a backfill holds a hundred items a second, and starting a thread means
waiting for the interpreter to schedule it. Now `beating()` only notes what to call
and when; a single daemon thread, started on first use (again in a forked child),
calls it every `interval` seconds after the holder started, until the block ends.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

log = logging.getLogger(__name__)

_state = threading.Condition()
_due: dict[int, tuple[float, float, Callable[[], None]]] = {}  # id: (at, every, call)
_ids = itertools.count()
_thread: threading.Thread | None = None


@contextmanager
def beating(renew: Callable[[], None], interval: float) -> Iterator[None]:
    """Call `renew` every `interval` seconds (from the heartbeat thread) while the
    block runs; a call already under way when it ends may still finish."""
    key = next(_ids)
    with _state:
        _due[key] = (time.monotonic() + interval, interval, renew)
        _start()
        _state.notify()
    try:
        yield
    finally:
        with _state:
            _due.pop(key, None)


def _start() -> None:
    global _thread  # noqa: PLW0603
    if _thread is None or not _thread.is_alive():
        _thread = threading.Thread(target=_beat, name="lease-heartbeat", daemon=True)
        _thread.start()


def _beat() -> None:
    while True:
        with _state:
            now = time.monotonic()
            calls = [call for at, _, call in _due.values() if at <= now]
            for key, (at, every, call) in list(_due.items()):
                if at <= now:
                    _due[key] = (now + every, every, call)
            if not calls:
                _state.wait(
                    min((at for at, _, _ in _due.values()), default=now + 60) - now
                )
                continue
        for call in calls:
            try:
                call()
            except Exception:
                log.exception("A heartbeat call failed")
        # Beats are minutes apart: no idle connection held meanwhile (a test's
        # database could not be dropped past it).
        connection.close()


def _forget_in_child() -> None:
    """A forked child has no heartbeat thread and holds nothing yet."""
    global _state, _thread  # noqa: PLW0603
    _state, _thread = threading.Condition(), None
    _due.clear()


os.register_at_fork(after_in_child=_forget_in_child)
