"""The periods the analysts' pages are cut by: the last 30 or 90 days, the last 12
months, all time, or one calendar year.

A period is a pair of Seoul calendar days, either end open, and its key is what the
query string carries (`?period=1y`, `?period=2024`), so every page, list and CSV
that takes `period` means the same days by it.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

PERIODS = {
    "30d": (_("last 30 days"), 30),
    "90d": (_("last 90 days"), 90),
    "1y": (_("last 12 months"), 365),
    "all": (_("all time"), None),
}
DEFAULT_PERIOD = "1y"
FIRST_YEAR = 2000  # no Korean news site we read has AI-policy stories before this
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date | None
    end: date | None = None  # None: up to today

    @property
    def params(self) -> dict:
        """The article list's filters for these days."""
        params = {}
        if self.start:
            params["published_after"] = self.start.isoformat()
        if self.end:
            params["published_before"] = self.end.isoformat()
        return params

    @property
    def is_all(self) -> bool:
        return self.start is None and self.end is None


def year_period(year: int) -> Period:
    return Period(
        str(year),
        pgettext("period", "%(year)d") % {"year": year},
        date(year, 1, 1),
        date(year, 12, 31),
    )


def is_key(key: str | None, today: date | None = None) -> bool:
    """Whether `key` names a period: a preset, or a year from 2000 to this year."""
    if key in PERIODS:
        return True
    match = _YEAR.match(key or "")
    today = today or timezone.localdate()
    return bool(match) and FIRST_YEAR <= int(match.group(1)) <= today.year


def period(key: str | None, today: date | None = None) -> Period:
    """The period a key names; the default (last 12 months) for anything else."""
    today = today or timezone.localdate()
    if not is_key(key, today):
        key = DEFAULT_PERIOD
    if key not in PERIODS:
        return year_period(int(key))
    label, days = PERIODS[key]
    return Period(key, str(label), today - timedelta(days=days) if days else None)


def choices(first_year: int | None, today: date | None = None) -> list[tuple]:
    """(key, label) of the presets, then each year from this one back to `first_year`."""
    today = today or timezone.localdate()
    presets = [(key, label) for key, (label, _days) in PERIODS.items()]
    if first_year is None:
        return presets
    years = range(today.year, max(first_year, FIRST_YEAR) - 1, -1)
    return presets + [(str(year), year_period(year).label) for year in years]
