"""A backfill's database work on a second connection while the worker reads: copies
of each document looked up as the next is read (tracker/ingest/batches.py), and a
whole batch stored as the next batch is read (tracker/ingest/backfill.py).

Ranking one document's candidate copies takes PostgreSQL a few milliseconds, more as
the archive grows, and storing a batch about as long again: together about as long
as reading takes the worker. Asked from a thread of its own, the database does them
while the worker reads, on the machine's other core, instead of each waiting for
the other.

Only while the worker's own connection is outside a transaction: another connection
sees committed rows only, and a caller inside a transaction (a request, a test) may
have written what the lookup must see. The batch then looks its copies up itself.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from django.db import DatabaseError, connection, connections

from tracker.ingest import copies
from tracker.reading.pipeline import Analysis

log = logging.getLogger(__name__)
T = TypeVar("T")
# How long the worker's reading may hold the interpreter before this thread gets it
# back from the database: Python's default, 5 ms, more than a lookup takes.
SWITCH_SECONDS = 0.0005
_SWITCH_BEFORE = sys.getswitchinterval()
_pool: ThreadPoolExecutor | None = None


def available() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def find(analysis: Analysis) -> Future:
    """copies.find(analysis), under way on the lookahead thread (see _find)."""
    return _thread().submit(_find, analysis)


def after(function: Callable[..., T], *args) -> Future[T]:
    """function(*args) on the lookahead thread, once all asked of it before is done:
    a batch stored there is committed before the lookups asked after it run, so they
    see its rows (tracker/ingest/backfill.py)."""
    return _thread().submit(function, *args)


def _thread() -> ThreadPoolExecutor:
    global _pool  # noqa: PLW0603
    sys.setswitchinterval(SWITCH_SECONDS)  # until close()
    if _pool is None:
        # One thread: what it is asked runs in the order asked.
        _pool = ThreadPoolExecutor(1, thread_name_prefix="copies-lookahead")
    return _pool


def _find(analysis: Analysis) -> copies.Copies | None:
    """None when the lookup failed: the batch then looks its copies up itself, and
    this thread's connection is opened again next time."""
    try:
        return copies.find(analysis)
    except DatabaseError:
        log.warning("A lookahead lookup failed", exc_info=True)
        connections.close_all()
        return None


def close() -> None:
    """Close the thread's connection (a database cannot be dropped past it)."""
    if _pool is not None:
        _pool.submit(connections.close_all).result()
    sys.setswitchinterval(_SWITCH_BEFORE)


def _forget_in_child() -> None:
    """A forked child has no lookahead thread."""
    global _pool  # noqa: PLW0603
    _pool = None


os.register_at_fork(after_in_child=_forget_in_child)
