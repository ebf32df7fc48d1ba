"""Where sentences start and end in title + blank line + body (and the deck after it).

One splitter for every step that quotes evidence, so a catalogue tag and a discovered
initiative of the same sentence quote it the same way: a line break ends a sentence,
and so do . ! ? 。 with the closing quotes or brackets that follow them.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\n+|(?<=[.!?。])([\"'”’)\]」』]*)\s+")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, closing quotes kept with their sentence."""
    found, start = [], 0
    for match in _BREAK.finditer(text):
        end = match.start() + len(match.group(1) or "")
        if end > start:
            found.append((start, end))
        start = match.end()
    if start < len(text):
        found.append((start, len(text)))
    return found


def bounds(sentences: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The sentence holding `position` (an empty span at it when none does)."""
    i = bisect.bisect_right([s for s, _ in sentences], position) - 1
    if i >= 0 and sentences[i][0] <= position < sentences[i][1]:
        return sentences[i]
    return position, position


def at(sentences: list[tuple[int, int]], text: str, position: int) -> str:
    """The sentence holding `position`, stripped; "" when none does."""
    start, end = bounds(sentences, position)
    return text[start:end].strip()
