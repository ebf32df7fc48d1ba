"""What reading a page's lines has found so far: one record the readers fill in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tracker.reading.dates import DateHit


@dataclass
class Found:
    title: str = ""
    subtitle: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    publisher: str = ""  # from a dateline: the strongest sign of the outlet
    copyright: str = ""
    credit: str = ""
    author: str = ""
    email: str = ""
    date: datetime | None = None
    bare: datetime | None = None  # an unmarked date between headline and lead
    modified: datetime | None = None
    month_day: tuple[int, int] | None = None
    has_byline: bool = False
    masthead: str = ""  # an outlet's name alone on a line above the article
    byline_outlet: str = ""  # '강서양천신문사 김애진 기자'
    caption_outlet: str = ""  # '[서울=뉴시스]' heading a photo caption


def note_date(found: Found, hit: DateHit) -> None:
    if hit.modified:
        if hit.value and not found.modified:
            found.modified = hit.value
        return
    if hit.value and not found.date:
        found.date = hit.value
    elif hit.month_day and not found.date and not found.month_day:
        found.month_day = hit.month_day
