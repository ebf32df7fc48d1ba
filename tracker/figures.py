"""Short-lived cached figures that never outlive a change to what they count.

Counts over many rows are cached for five minutes; each key carries a version that
any stored change (an ingested article, a re-tag, a curator's decision) bumps once
its transaction commits, so a count and the list it links to always agree.

A figure missing from the cache is computed by one request at a time: the others
asking for it meanwhile wait for that result instead of each counting the same
rows (after every bump, and at start, a burst of visitors would otherwise all
count and render the same overview at once on a small machine).
"""

import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "figures-version"
TIMEOUT = 300
# How long others wait for the one computing a figure before computing it themselves
# (a crashed request's claim also expires after this).
WAIT_SECONDS = 10
POLL_SECONDS = 0.05
_MISSING = object()


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def cached(name: str, compute: Callable, *parts, at: int | None = None) -> object:
    """`compute()`, cached under name, language, parts and the current version (or
    `at`, the version read before anything was counted: a change committed while
    counting must not file the older figures under its newer version)."""
    at = version() if at is None else at
    key = ":".join(str(p) for p in ("figures", at, get_language(), name, *parts))
    return once(key, compute)


def once(key: str, compute: Callable, timeout: int = TIMEOUT) -> object:
    """The cached value of `key`, else `compute()` by one caller at a time."""
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    claim = f"{key}:computing"
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(claim, 1, WAIT_SECONDS):
        time.sleep(POLL_SECONDS)
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
        if time.monotonic() > deadline:
            return compute()  # the one computing is stuck: do not wait on it
    try:
        value = compute()
        cache.set(key, value, timeout)
        return value
    finally:
        cache.delete(claim)


def changed() -> None:
    """Call after writing anything the figures count; takes effect on commit."""
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set
        cache.set(VERSION_KEY, 2, None)
