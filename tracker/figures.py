"""Short-lived cached figures that never outlive a change to what they count.

Counts over many rows are cached for five minutes; each key carries a version that
any stored change (an ingested article, a re-tag, a curator's decision) bumps once
its transaction commits, so a count and the list it links to always agree.

A figure missing from the cache is computed by one request at a time: the others
asking for it meanwhile wait for that result instead of each counting the same
rows (after every bump, and at start, a burst of visitors would otherwise all
count and render the same overview at once on a small machine).
"""

import hashlib
import secrets
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "figures-version"
TIMEOUT = 300
# How long others wait for the one computing a figure before computing it themselves;
# a claim outlives that (a figure may take longer), and a crashed request's claim
# expires after CLAIM_SECONDS.
WAIT_SECONDS = 10
CLAIM_SECONDS = 60
POLL_SECONDS = 0.05
_MISSING = object()


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def cached(name: str, compute: Callable, *parts, at: int | None = None) -> object:
    """`compute()`, cached under name, language, parts and the current version (or
    `at`, the version read before anything was counted: a change committed while
    counting must not file the older figures under its newer version)."""
    at = version() if at is None else at
    # Parts may be a visitor's whole address: hashed, so no text of theirs can make
    # a key too long for the cache or the same as another key.
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()
    return once(f"figures:{at}:{get_language()}:{name}:{digest}", compute)


def once(key: str, compute: Callable, timeout: int = TIMEOUT) -> object:
    """The cached value of `key`, else `compute()` by one caller at a time."""
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    claim, token = f"claim:{key}", secrets.token_hex(8)
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(claim, token, CLAIM_SECONDS):
        time.sleep(POLL_SECONDS)
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
        if time.monotonic() > deadline:
            return compute()  # the one computing is slow or stuck: do not wait on it
    try:
        # Whoever held the claim before may have stored it just now.
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, timeout)
        return value
    finally:
        if cache.get(claim) == token:  # not a later claim made after ours expired
            cache.delete(claim)


def changed() -> None:
    """Call after writing anything the figures count; takes effect on commit."""
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set
        cache.set(VERSION_KEY, 2, None)
