"""The headline: candidates from every place a page states it, weighed together.

A page may state its headline in `og:title`, JSON-LD `headline`, `<title>` (with
the site's name after it: '… | 다음뉴스', '… < 사회 < 기사본문 - 하늘신문'), an
`h1`, a heading with a headline class, an embedded JSON payload and the lines
above the article. Each source votes with a weight; variants of one headline
(the same words, one a prefix of the other) pool their votes. A line of menus,
sections, districts or widgets is never a candidate, and when nothing states a
headline the title stays empty rather than a guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tracker.reading.bylines import dateline
from tracker.reading.dates import bare_date, find_full_date
from tracker.reading.lines import (
    is_caption,
    is_navigation,
    is_paragraph,
    is_relative_stamp,
    is_widget,
    norm,
    nospace_len,
)
from tracker.reading.outlets import by_name, site_suffixes

WEIGHTS = {
    "og": 3.0,
    "ld": 3.0,
    "embedded": 3.0,
    "h1": 3.0,
    "twitter": 2.0,
    "title": 2.0,
    "heading": 2.0,
    "line": 1.5,
}
# Which variant of a pooled headline to show: the visible one first.
_PREFERENCE = ("h1", "heading", "line", "embedded", "ld", "og", "twitter", "title")
MAX_LEN = 160


@dataclass
class Candidate:
    text: str
    source: str
    position: int = 0


def headline_like(text: str) -> bool:
    """Could this line be a headline? Not a sentence, date, menu or widget."""
    return (
        nospace_len(text) >= 8
        and len(text) <= MAX_LEN
        and bool(re.search(r"[가-힣A-Za-z]", text))
        and not is_paragraph(text)
        and not dateline(text)
        and not is_widget(text)
        and not is_navigation(text)
        and not is_relative_stamp(text)
        and not is_caption(text)
        and bare_date(text) is None
        and not _mostly_date(text)
        and by_name(text) is None
    )


def _mostly_date(text: str) -> bool:
    """'UPDATED. 2026-01-30 16:39 (금)': a stamp with a word or two around it."""
    _, start, end = find_full_date(text)
    rest = re.sub(r"[^0-9A-Za-z가-힣]", "", text[:start] + text[end:])
    return start >= 0 and len(rest) < 10


_SEPARATORS = r"\||-|–|—|::|:|<|«|·|ㅣ"
_SECTION_TAIL = re.compile(r"\s*<\s*[^<>]{1,20}\s*<\s*기사본문.*$")


@functools.lru_cache(maxsize=1024)
def _name_patterns(name: str) -> tuple[re.Pattern, re.Pattern]:
    """'… | name' at the end and 'name | …' at the start, compiled once: with the
    outlet table's few hundred names, re's own cache of 512 would miss every time."""
    escaped = re.escape(name)
    return (
        re.compile(rf"\s*(?:{_SEPARATORS})\s*{escaped}\s*$", re.I),
        re.compile(rf"^\s*{escaped}\s*(?:{_SEPARATORS})\s+", re.I),
    )


# The letters re.I matches to an ASCII letter besides its two cases (see re's docs).
_TO_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def _folded(text: str) -> str:
    return text.translate(_TO_ASCII).lower()


@functools.lru_cache(maxsize=1024)
def _needle(name: str) -> str | None:
    """What a title must contain for a pattern of `name` to match in it, when a plain
    substring test can tell (names of ASCII and caseless letters, such as Hangul)."""
    if all(c.isascii() or c.lower() == c == c.upper() for c in name):
        return name.lower()
    return None


def strip_site_suffix(
    title: str, site_names: tuple[str, ...] = (), *, cut_unknown: bool = False
) -> str:
    """'제목 | 다음뉴스' -> '제목'; a title that is only a site name -> ''.

    ``cut_unknown`` also cuts a short unknown tail after a separator, as a
    <title> ends in its site's name; headline sources keep their dashes.
    """
    title = norm(title)
    title = _SECTION_TAIL.sub("", title)  # '… < 자치 < 기사본문 - 하늘신문'
    names = [n for n in site_names if n] + list(site_suffixes())
    for _ in range(3):  # '제목 - 사회 | 하늘신문' has two tails
        before = title
        folded = _folded(title)
        for name in names:
            needle = _needle(name)
            if needle is not None and needle not in folded:
                continue  # most names: not in this title at all
            suffix, prefix = _name_patterns(name)
            cut = prefix.sub("", suffix.sub("", title))
            if cut != title:
                title, folded = cut, _folded(cut)
        if title == before:
            break
    title = title.strip(" |-–—:<")
    if not title or by_name(title) is not None or title in site_names:
        return ""
    # An unknown site name after the last separator: cut it when what stays
    # still reads as a headline and the tail is short like a name.
    parts = re.split(r"\s+(?:\||-|–|—|::|<|:)\s+", title)
    short_tail = len(parts) > 1 and len(parts[-1]) <= 20
    if cut_unknown and short_tail and nospace_len(parts[0]) >= 8:
        return " ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def _same(a: str, b: str) -> bool:
    a, b = _key(a), _key(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)


def _key(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z가-힣]", "", text).casefold()


def choose_title(candidates: list[Candidate]) -> str:
    """The best-supported headline among the candidates, or '' when none is."""
    usable = [c for c in candidates if c.text and len(c.text) <= MAX_LEN * 2]
    if not usable:
        return ""
    best: tuple[float, int, int] | None = None
    chosen = ""
    for c in usable:
        support = sum(
            WEIGHTS.get(d.source, 1.0) for d in usable if _same(c.text, d.text)
        )
        rank = _PREFERENCE.index(c.source) if c.source in _PREFERENCE else 99
        score = (support, -rank, -c.position)
        if best is None or score > best:
            best, chosen = score, c.text
    return chosen
