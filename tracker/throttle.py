"""A few exports at a time per web process, so pages keep the processor.

An export of thousands of rows is processor work for half a second or more; twenty
of them at once on a small machine leave nothing for the pages people are reading.
Each export waits for one of `EXPORT_CONCURRENCY` slots of its process before its
first byte, and pages, which never wait, get the rest. A waiting export holds a
thread: gunicorn.conf.py gives each worker more threads than it has connections.
"""

import threading
from collections.abc import Iterator

from django.conf import settings

_slots: dict[int, threading.BoundedSemaphore] = {}
_lock = threading.Lock()


def slots() -> threading.BoundedSemaphore:
    size = settings.EXPORT_CONCURRENCY
    with _lock:
        return _slots.setdefault(size, threading.BoundedSemaphore(size))


def one_at_a_time(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Stream `chunks` while holding one of this process's export slots; a client
    that goes away closes the stream and frees the slot."""
    with slots():
        yield from chunks
