"""When did (or will) an event happen? Dates in a sentence, read against the article's date.

Korean news dates events relative to the day it is published: `지난해`, `지난 3월`,
`내년`, `다음달 4일`, `오는 12월`, `9일부터`. Each expression resolves to a date and
a precision (day, month or year; a month or year is stored as its first day). An
expression that needs the publication date gives nothing when the article has none,
and an event with no expression has no date: never the article's date by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

DAY, MONTH, YEAR = "day", "month", "year"


@dataclass(frozen=True)
class When:
    start: int  # offsets of the expression in the sentence
    end: int
    day: date
    precision: str


_MM = r"(?P<m>1[0-2]|0?[1-9])"
_DD = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_M = _MM + r"\s?월"
_D = _DD + r"\s?일"
_Y4 = r"(?P<y>(?:19|20)\d{2})"

# Most specific first; a span taken by one pattern is not read again by a later one.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "absolute",
        re.compile(rf"{_Y4}\s?[년.\-/]\s?{_MM}\s?[월.\-/]\s?{_DD}(?!\d)\s?일?"),
    ),
    ("absolute_month", re.compile(rf"{_Y4}\s?년\s?{_M}")),
    ("absolute_year", re.compile(rf"{_Y4}\s?년(?!\s?\d)(?!도\s?예산)")),
    ("last_year", re.compile(rf"(?:지난\s?해|작년)(?:\s?{_M}(?:\s?{_D})?)?")),
    ("next_year", re.compile(rf"(?:내년|다음\s?해)(?:\s?{_M}(?:\s?{_D})?)?")),
    (
        "this_year",
        re.compile(rf"(?:올해|올|금년)\s?(?:{_M}(?:\s?{_D})?|(?P<half>상반기|하반기))"),
    ),
    (
        "year_end",
        re.compile(r"(?:올해\s?|올\s?)?(?:연말|연내|연중)|(?:올해|금년)\s?말"),
    ),
    ("this_year_bare", re.compile(r"(?:올해|금년)(?![가-힣])")),
    ("last_month", re.compile(rf"(?:지난\s?달|지난\s?월)(?:\s?{_D})?")),
    ("this_month", re.compile(rf"(?:이번\s?달|이달)(?:\s?{_D})?")),
    ("next_month", re.compile(rf"(?:다음\s?달|내달)(?:\s?{_D})?")),
    ("past_month", re.compile(rf"지난\s?{_M}(?:\s?{_D})?")),
    ("coming_month", re.compile(rf"오는\s?{_M}(?:\s?{_D})?")),
    ("month_day", re.compile(rf"(?<![\d.])(?<!\d\s){_M}\s?{_D}")),
    ("past_day", re.compile(rf"지난\s?{_D}")),
    ("coming_day", re.compile(rf"오는\s?{_D}")),
    # A bare day counts only where it dates something: 9일부터, 10일 밝혔다, 4일 오후.
    (
        "bare_day",
        re.compile(
            rf"(?<![\d.~\-])(?<!\d\s){_D}(?=\s?(?:부터|까지|에|오전|오후|밝혔|개최|열린|열리|열었|개소|선포|발표|체결|,))"
        ),
    ),
]


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _shift_month(y: int, m: int, by: int) -> tuple[int, int]:
    index = y * 12 + (m - 1) + by
    return index // 12, index % 12 + 1


def _resolve(kind: str, g: dict, published: date | None) -> tuple[date, str] | None:
    m = int(g["m"]) if g.get("m") else None
    d = int(g["d"]) if g.get("d") else None
    if kind.startswith("absolute"):
        y = int(g["y"])
        if kind == "absolute_year":
            return _safe(y, 1, 1), YEAR
        if d is None:
            return _safe(y, m, 1), MONTH
        return _safe(y, m, d), DAY
    if published is None:
        return None
    py, pm, pd = published.year, published.month, published.day
    if kind == "year_end":
        return _safe(py, 12, 1) if "말" in g["all"] else _safe(py, 1, 1), (
            MONTH if "말" in g["all"] else YEAR
        )
    if kind in ("last_year", "next_year", "this_year", "this_year_bare"):
        y = {"last_year": py - 1, "next_year": py + 1}.get(kind, py)
        if g.get("half"):
            return _safe(y, 1 if g["half"] == "상반기" else 7, 1), YEAR
        if m is None:
            return _safe(y, 1, 1), YEAR
        return (_safe(y, m, d), DAY) if d else (_safe(y, m, 1), MONTH)
    if kind in ("last_month", "this_month", "next_month"):
        y, mo = _shift_month(py, pm, {"last_month": -1, "next_month": 1}.get(kind, 0))
        return (_safe(y, mo, d), DAY) if d else (_safe(y, mo, 1), MONTH)
    if kind == "past_month":
        y = py if m < pm else py - 1
        return (_safe(y, m, d), DAY) if d else (_safe(y, m, 1), MONTH)
    if kind == "coming_month":
        y = py if m >= pm else py + 1
        return (_safe(y, m, d), DAY) if d else (_safe(y, m, 1), MONTH)
    if kind == "month_day":
        return _safe(py, m, d), DAY
    if kind in ("past_day", "bare_day"):
        y, mo = (py, pm) if d <= pd else _shift_month(py, pm, -1)
        return _safe(y, mo, d), DAY
    if kind == "coming_day":
        y, mo = (py, pm) if d >= pd else _shift_month(py, pm, 1)
        return _safe(y, mo, d), DAY
    return None


def find_dates(sentence: str, published: date | None) -> list[When]:
    """Every date expression in the sentence, resolved, in reading order."""
    taken: list[tuple[int, int]] = []
    found: list[When] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            resolved = _resolve(
                kind, match.groupdict() | {"all": match.group()}, published
            )
            taken.append((start, end))
            if resolved and resolved[0]:
                found.append(When(start, end, *resolved))
    return sorted(found, key=lambda w: w.start)


def event_date(
    sentence: str, anchor: int, published: date | None
) -> tuple[date | None, str]:
    """The date of the event whose predicate sits at `anchor` in the sentence.

    Korean puts time adverbs before the verb they date, so the nearest expression
    before the predicate wins.
    """
    before = [w for w in find_dates(sentence, published) if w.start <= anchor]
    if not before:
        # A date after the predicate belongs to another clause (`… 설치한다고 2일
        # 밝혔다` dates the announcement, not the installation).
        return None, ""
    return before[-1].day, before[-1].precision
