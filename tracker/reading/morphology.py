"""Korean morphemes, from kiwipiepy's bundled model, loaded once per process.

Discovery needs to know where a noun phrase starts and stops: `‘성동형 스마트
인공지능(AI) 민원 안내 챗봇’의 시범운영을` is a name, a particle, then a predicate.
Regular expressions over spacing cannot tell `운영` (a noun inside a name) from
`운영한` (a verb); a morphological analyser can. Kiwi loads in about a second and
holds a few hundred MB, so it is loaded lazily, only by the process that reads
articles (a Celery worker, or the web process in zero-setup mode), and only the
sentences that may name an initiative are analysed.
"""

from __future__ import annotations

import functools
import threading
from typing import NamedTuple


# A named tuple, not a frozen dataclass: an article has hundreds of morphemes, and a
# tuple is made in a fraction of the time.
class Morpheme(NamedTuple):
    text: str  # as written in the sentence (not kiwi's normalised form)
    tag: str  # Sejong tag: NNG, NNP, SL, JKO, XSV ...
    start: int  # offsets in the analysed sentence
    end: int


_lock = threading.Lock()


def words(text: str) -> frozenset[str]:
    """A word list written as one string: tables of Korean words read better so."""
    return frozenset(text.split())


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def analyse(sentences: list[str]) -> list[list[Morpheme]]:
    """Morphemes of each sentence, offsets relative to that sentence."""
    if not sentences:
        return []
    with _lock:  # one analyser per process, shared by threads
        kiwi = _kiwi()
        results = kiwi.tokenize(sentences)
        return [
            [
                Morpheme(
                    text[t.start : t.start + t.len], t.tag, t.start, t.start + t.len
                )
                for t in tokens
            ]
            for text, tokens in zip(sentences, results, strict=True)
        ]
