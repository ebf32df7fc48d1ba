"""Short-lived cached figures that never outlive a change to what they count.

Counts over many rows are cached for five minutes; each key carries a version that
any stored change (an ingested article, a re-tag, a curator's decision) bumps once
its transaction commits, so a count and the list it links to always agree.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "figures-version"
TIMEOUT = 300


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def cached(name: str, compute: Callable, *parts) -> object:
    """`compute()`, cached under name, language, parts and the current version."""
    key = ":".join(str(p) for p in ("figures", version(), get_language(), name, *parts))
    return cache.get_or_set(key, compute, TIMEOUT)


def changed() -> None:
    """Call after writing anything the figures count; takes effect on commit."""
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set
        cache.set(VERSION_KEY, 2, None)
