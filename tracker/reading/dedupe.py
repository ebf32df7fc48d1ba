"""Exact and near-duplicate detection over article text (pure functions).

Syndicated copies of one story differ in datelines, bylines and a sentence here or
there, so exact hashes miss them. A bottom-k sketch of character 5-gram shingles
estimates Jaccard similarity from 64 numbers per article, and its smallest hashes
double as lookup keys: two copies of a story share most of them, unrelated
articles almost never share one.
"""

import hashlib
import re
import unicodedata

SHINGLE = 5
SKETCH_SIZE = 64
KEY_COUNT = 12
NEAR_DUPLICATE = 0.6

_NOT_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Text reduced to what two copies of a story share: letters and digits, lower-cased."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NOT_WORD.sub("", text)


def body_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def _hash(shingle: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big"
    )


def sketch(text: str) -> list[int]:
    """The SKETCH_SIZE smallest shingle hashes, ascending."""
    flat = normalise(text)
    shingles = {flat[i : i + SHINGLE] for i in range(max(len(flat) - SHINGLE + 1, 1))}
    return sorted(_hash(s) for s in shingles)[:SKETCH_SIZE]


def lookup_keys(signature: list[int]) -> list[str]:
    """Keys stored per article to find candidate copies with one indexed query."""
    return [format(h, "016x") for h in signature[:KEY_COUNT]]


def is_near(a: list[int], b: list[int]) -> bool:
    """similarity(a, b) >= NEAR_DUPLICATE; most candidates share too few hashes to
    be, which a set intersection tells without similarity's sort (the estimate
    counts shared hashes only, so it is at most the share of all shared ones)."""
    if not a or not b:
        return False
    k = min(SKETCH_SIZE, len(a), len(b))
    if len(set(a).intersection(b)) < NEAR_DUPLICATE * k:
        return False
    return similarity(a, b) >= NEAR_DUPLICATE


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    k = min(SKETCH_SIZE, len(a), len(b))
    mine = set(a)
    union_bottom = sorted(mine.union(b))[:k]
    # The k smallest of both that both have (set operations: called fifty times
    # per stored article, for its candidate copies).
    return len(mine.intersection(b).intersection(union_bottom)) / k
