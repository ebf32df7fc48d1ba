"""Dates as Korean news pages write them, and where a date may be trusted.

A publication date is read only next to a marker that says so (입력, 등록, 게재,
배포일, 승인, 기사입력, 작성일, 발행일, 송고, Posted on, date …, before or after
the date), from meta data, from the URL, or from a byline line with a reporter
on it. Update markers (수정, 최종수정) give a date only when nothing says
published. A stamp relative to the page view ('6시간 전', '6 hours ago') means
something only against a known fetch time. Everything else that looks like a
date (a page's render date, a weather box, figures in the body) is not this
article's date: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.reading.lines import RELATIVE_RE

try:
    SEOUL = ZoneInfo("Asia/Seoul")
except ZoneInfoNotFoundError:
    # Slim images may lack tzdata; a fixed offset is exact, Korea has had no DST
    # since 1988.
    SEOUL = timezone(timedelta(hours=9), "Asia/Seoul")

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )
    for name in names.split()
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

_TIME = (
    r"(?:\s*(?P<ampm>오전|오후|AM|PM|am|pm|a\.m\.|p\.m\.)?\s*(?P<H>\d{1,2})\s*(?::|시)\s*"
    r"(?P<M>\d{2})(?:\s*(?::|분)\s*(?P<S>\d{2})초?)?(?:\s*(?P<ampm2>AM|PM|am|pm))?)?"
)
_WEEKDAY = (
    r"(?:\s*[(\[]\s*[월화수목금토일](?:요일)?\s*[)\]]|\s*[월화수목금토일]요일|"
    r"\s*\(?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)?(?![a-z]))?"
)
# 2025-10-13 13:05:02, 2025.10.13, 2025. 12. 15. 10:39, 2025/06/30, 2025년 9월 2일 오후 1:05
FULL_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[.\-/]|년)\s*(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*일?\.?" + _WEEKDAY + _TIME + _WEEKDAY,
    re.I,
)
# September 7, 2022; Sep. 7, 2022 10:00; 7 September 2022
_ENGLISH_DATE = re.compile(
    rf"(?:(?P<mon>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<y>(?:19|20)\d{{2}})|(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MONTH_NAMES})\.?,?\s+"
    rf"(?P<y2>(?:19|20)\d{{2}})){_TIME}",
    re.I,
)
# '25.10.13 13:05' right after a marker (a two-digit year is a date only there)
_SHORT_YEAR_DATE = re.compile(
    r"(?P<y>\d{2})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?!\d)\.?" + _WEEKDAY + _TIME
)
MONTH_DAY = re.compile(
    r"(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*(?P<d>\d{1,2})(?!\d)\s*일?"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?"
)
_YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[.\-/년]\s*(?P<m>\d{1,2})(?!\d)")

_PUB = (
    r"(?:기사\s?)?(?:최초\s?)?(?:입력|등록|작성|게재|게시|배포|송고|발행|전송|승인|보도)"
    r"(?:일자|일시|시간|시각|일)?|"
    r"date|published(?:\s+(?:on|at))?|posted(?:\s+(?:on|at))?|pubdate"
)
_MOD = r"(?:최종\s?)?(?:수정|업데이트|갱신)(?:일자|일시|시간|일)?|updated|modified"
_MARKER_RE = re.compile(
    rf"(?<![가-힣A-Za-z])(?P<mk>{_MOD}|{_PUB})(?![가-힣A-Za-z])\s*[:：.]?\s*", re.I
)
# '2025-10-13 13:05:02 게재': the marker after the date (a whole word).
_MARKER_AFTER = re.compile(rf"\s*(?P<mk>{_MOD}|{_PUB})(?![가-힣A-Za-z])", re.I)
# 'UPDATED. 2026-01-05 16:39 (월)' at the top of a page stamps the page, not us.
_PAGE_STAMP = re.compile(r"^UPDATED\b|현재\s*$|기준\s*$")


@dataclass
class DateHit:
    value: datetime | None  # a full date
    month_day: tuple[int, int] | None  # the year is missing
    modified: bool
    start: int  # where the date text starts in the line (marker included)
    end: int  # where it ends (marker included)


def make_dt(y, m, d, hh=None, mm=None, ss=None, ampm=None) -> datetime | None:
    try:
        year = int(y)
        if year < 100:
            year += 2000
        hour = int(hh) if hh else 0
        ampm = (ampm or "").lower().replace(".", "")
        if ampm in ("오후", "pm") and hour < 12:
            hour += 12
        if ampm in ("오전", "am") and hour == 12:
            hour = 0
        value = datetime(
            year, int(m), int(d), hour, int(mm or 0), int(ss or 0), tzinfo=SEOUL
        )
    except (ValueError, TypeError):
        return None
    if not 1990 <= year <= datetime.now(SEOUL).year + 1:
        return None
    return value


def _from_match(m: re.Match) -> datetime | None:
    g = m.groupdict()
    ampm = g.get("ampm") or g.get("ampm2")
    if g.get("mon") or g.get("mon2"):
        month = _MONTHS[(g.get("mon") or g["mon2"]).lower()]
        return make_dt(
            g.get("y") or g["y2"],
            month,
            g.get("d") or g["d2"],
            g["H"],
            g["M"],
            g["S"],
            ampm,
        )
    return make_dt(g["y"], g["m"], g["d"], g["H"], g["M"], g["S"], ampm)


def full_date_at(text: str, pos: int = 0, short_year: bool = False):
    """The date starting exactly at `pos`: (datetime or None, where it ends)."""
    patterns = [FULL_DATE, _ENGLISH_DATE] + ([_SHORT_YEAR_DATE] if short_year else [])
    for rx in patterns:
        m = rx.match(text, pos)
        if m:
            return _from_match(m), m.end()
    return None, pos


# FULL_DATE and _ENGLISH_DATE both need a year of 19xx or 20xx. Most lines have
# none, and this scan is a fraction of theirs (the English one tries every month's
# name at every position): reading a page runs it on every line.
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_full_date(text: str) -> tuple[datetime | None, int, int]:
    """The first full date anywhere in `text`: (value, start, end)."""
    if not _YEAR.search(text):
        return None, -1, -1
    best = None
    for rx in (FULL_DATE, _ENGLISH_DATE):
        m = rx.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None, -1, -1
    return _from_match(best), best.start(), best.end()


def _is_modified(marker: str) -> bool:
    return bool(re.fullmatch(_MOD, marker, re.I))


def marker_date(text: str) -> DateHit | None:
    """A date next to a marker such as 입력/작성일/승인/게재 in this line."""
    if _PAGE_STAMP.search(text.strip()):
        return None
    for mk in _MARKER_RE.finditer(text):
        modified = _is_modified(mk.group("mk"))
        value, used = full_date_at(text, mk.end(), short_year=True)
        if value:
            return DateHit(value, None, modified, mk.start(), used)
        ym = _YEAR_MONTH.match(text, mk.end())
        if ym:  # year and month only: not enough for a date, but it is the date line
            return DateHit(None, None, modified, mk.start(), ym.end())
        md = MONTH_DAY.match(text, mk.end())
        if md and 1 <= int(md.group("m")) <= 12 and 1 <= int(md.group("d")) <= 31:
            month_day = (int(md.group("m")), int(md.group("d")))
            return DateHit(None, month_day, modified, mk.start(), md.end())
    value, start, end = find_full_date(text)
    if value:
        after = _MARKER_AFTER.match(text, end)
        if after:
            modified = _is_modified(after.group("mk"))
            return DateHit(value, None, modified, start, after.end("mk"))
    return None


def bare_date(text: str) -> datetime | None:
    """A line that is only a date (and a weekday or a time): a stamp of some kind."""
    text = text.strip().strip("[]【】")
    value, end = full_date_at(text)
    if value and not text[end:].strip(" |·()[]"):
        return value
    return None


def relative_date(text: str, fetched_at: datetime | None) -> datetime | None:
    """'6시간 전' / '6 hours ago' as a date, only when we know when we looked."""
    m = RELATIVE_RE.search(text)
    if not m or fetched_at is None:
        return None
    if m.group("now"):
        return fetched_at
    n = int(m.group("n"))
    unit = m.group("unit").lower()
    if unit.startswith(("분", "min")):
        delta = timedelta(minutes=n)
    elif unit.startswith(("시간", "hour", "hr")):
        delta = timedelta(hours=n)
    elif unit.startswith(("일", "day")):
        delta = timedelta(days=n)
    elif unit.startswith(("주", "week")):
        delta = timedelta(weeks=n)
    else:  # months are too coarse for a day
        return None
    return fetched_at - delta


_PATH_DATES = [
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})(?=/)"),
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/)"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?=[/_-])"),
    re.compile(r"(?<![\d])((?:19|20)\d{2})(\d{2})(\d{2})(?=\d{0,12}(?:\D|$))"),
]


def path_dates(path: str) -> list[tuple[int, int, int]]:
    found = []
    for rx in _PATH_DATES:
        for m in rx.finditer(path):
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                found.append((y, mo, d))
    return found


def url_date(url: str) -> datetime | None:
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for y, m, d in path_dates(path):
        dt = make_dt(y, m, d)
        if dt and y >= 1995:
            return dt
    return None


def parse_meta_date(value: str) -> datetime | None:
    """An ISO, compact (20250410093000) or Korean date from a meta tag or JSON."""
    value = (value or "").strip()
    if not value:
        return None
    compact = re.fullmatch(
        r"((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?", value
    )
    if compact:
        return make_dt(*compact.groups())
    if re.fullmatch(r"\d{12,13}", value):  # epoch milliseconds (JSON payloads)
        try:
            return datetime.fromtimestamp(int(value) / 1000, SEOUL)
        except (OverflowError, OSError, ValueError):
            return None
    iso = value.replace("Z", "+00:00")
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", iso)
    try:
        dt = datetime.fromisoformat(iso.replace(" ", "T", 1))
    except ValueError:
        dt, _ = full_date_at(value)
        return dt
    if not 1990 <= dt.year <= datetime.now(SEOUL).year + 1:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=SEOUL)
