"""A few exports at a time on this machine, so pages keep the processor.

An export of thousands of rows is processor work for a second or more; twenty of
them at once on a small machine leave nothing for the pages people are reading.
Past its first rows, an export waits for one of `EXPORT_CONCURRENCY` slots; pages,
which never wait, get the rest of the processor. The slots are lock files shared
by every web process on the machine (the kernel frees a slot whose process dies).
A waiting export holds a thread: gunicorn.conf.py gives each worker threads to
spare.
"""

import fcntl
import os
import random
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings

# The header and ~800 rows of CSV (200 rows a chunk, tracker/exports.py) stream
# before an export needs a slot.
FREE_CHUNKS = 5


@contextmanager
def slot() -> Iterator[None]:
    """Hold one of the machine's export slots for the duration of the block."""
    directory = Path(settings.EXPORT_SLOTS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"slot-{n}" for n in range(settings.EXPORT_CONCURRENCY)]
    held = take(paths)
    try:
        yield
    finally:
        fcntl.flock(held, fcntl.LOCK_UN)
        os.close(held)


def take(paths: list[Path]) -> int:
    """A free slot if there is one; else wait in the kernel (no polling, which would
    wake every waiting thread and slow the pages down) on one chosen at random."""
    for path in random.sample(paths, len(paths)):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
    fd = os.open(random.choice(paths), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def one_at_a_time(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Stream `chunks`, past the first FREE_CHUNKS while holding an export slot: a
    short list (districts, kinds) never waits. A client that goes away closes the
    stream and frees the slot."""
    with ExitStack() as turn:
        for number, chunk in enumerate(chunks):
            if number == FREE_CHUNKS:
                turn.enter_context(slot())
            yield chunk
