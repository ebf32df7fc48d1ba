"""Time-series bar charts as plain numbers for SVG templates: no JavaScript.

    (start, end) -> unit_for() -> bin_edges() -> counts per bin (tracker/series.py)
                 -> time_chart() -> bars, y ticks, x labels -> templates/_time_chart.html

Any span gets bars a reader can count: weeks up to half a year, months up to a little
over three years, quarters up to ten, then years. Bars are placed in percent of the
width and text in pixels, so the chart fills a phone or a desktop and its labels stay
readable on both (an SVG scaled by a viewBox would shrink its text with it). Labels
that would crowd a phone are marked `minor` and hidden there by site.css.
"""

import calendar
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import get_language, ngettext

WEEK, MONTH, QUARTER, YEAR = "week", "month", "quarter", "year"
# Most bins a span gets at each unit before the next coarser one is used.
MOST_BINS = {WEEK: 27, MONTH: 40, QUARTER: 40}
# Labels shown on a phone, and on wider screens.
PHONE_LABELS, WIDE_LABELS = 6, 13
# Strides between labelled bins that fall on round dates, per unit.
STRIDES = {
    WEEK: (1, 2, 4, 8, 13, 26),
    MONTH: (1, 2, 3, 6, 12, 24),
    QUARTER: (1, 2, 4, 8),
    YEAR: (1, 2, 5, 10, 20),
}
NICE_STEPS = (1, 2, 5)


@dataclass
class Bin:
    start: date
    end: date
    value: int = 0
    url: str = ""


@dataclass
class Bar:
    x: float  # percent of the width
    width: float  # percent
    slot_x: float  # the whole bin, for the click area (percent)
    slot_width: float
    y: float  # pixels from the top
    height: float  # pixels
    value: int
    url: str
    label: str  # the bin's days, e.g. 2025-03 or 2025-03-03 – 2025-03-09

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 3)

    @property
    def title(self) -> str:
        """ "2025-03: 12 articles", translated; said here once rather than by two
        template tags per bar, which cost more than the rest of a chart."""
        count = ngettext("%(counter)s article", "%(counter)s articles", self.value) % {
            "counter": self.value
        }
        return f"{self.label}: {count}"


@dataclass
class XLabel:
    x: float  # percent, centre of its bin
    text: str
    minor: bool  # hidden on a phone


@dataclass
class YearMark:
    x: float  # percent, left edge of the bin where the year starts
    text: str
    minor: bool = False


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class TimeChart:
    unit: str
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[XLabel]
    years: list[YearMark] = field(default_factory=list)
    plot_height: int = 150
    height: int = 190
    y_max: int = 1
    total: int = 0
    show_values: bool = True
    values_minor: bool = False  # too many bars for their numbers on a phone


# --- bins ------------------------------------------------------------------------


def unit_for(start: date, end: date) -> str:
    """The finest unit that keeps the span within its MOST_BINS."""
    days = (end - start).days + 1
    if days <= MOST_BINS[WEEK] * 7:
        return WEEK
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months <= MOST_BINS[MONTH]:
        return MONTH
    if math.ceil(months / 3) <= MOST_BINS[QUARTER]:
        return QUARTER
    return YEAR


def floor(day: date, unit: str) -> date:
    """The first day of the unit holding `day` (weeks start on Monday)."""
    if unit == WEEK:
        return day - timedelta(days=day.weekday())
    if unit == MONTH:
        return day.replace(day=1)
    if unit == QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def following(day: date, unit: str) -> date:
    """The first day of the next unit after the one starting on `day`."""
    if unit == WEEK:
        return day + timedelta(days=7)
    months = {MONTH: 1, QUARTER: 3, YEAR: 12}[unit]
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bin_edges(start: date, end: date, unit: str) -> list[tuple[date, date]]:
    """(first, last) day of each bin from `start` to `end`, clipped to them, so a
    bin's count and the list it links to cover the same days."""
    edges, day = [], floor(start, unit)
    while day <= end:
        after = following(day, unit)
        edges.append((max(day, start), min(after - timedelta(days=1), end)))
        day = after
    return edges


# --- axes ------------------------------------------------------------------------


def y_scale(top: int, most_ticks: int = 5) -> tuple[int, int]:
    """(axis maximum, tick step) in whole numbers: 1, 2, 5, 10, 20, 50 … per step,
    with the maximum a whole number of steps at or above `top`."""
    top = max(top, 1)
    magnitude = 1
    while True:
        for nice in NICE_STEPS:
            step = nice * magnitude
            if math.ceil(top / step) <= most_ticks - 1:
                return step * math.ceil(top / step), step
        magnitude *= 10


def stride(count: int, unit: str, most: int) -> int:
    """Label every n-th bin: the smallest round stride that shows at most `most`."""
    for step in STRIDES[unit]:
        if math.ceil(count / step) <= most:
            return step
    return math.ceil(count / most)


def is_english() -> bool:
    return (get_language() or "ko").startswith("en")


def tick_label(day: date, unit: str) -> str:
    """3월 / Mar, 3.10. / 3/10, 1분기 / Q1, 2025: short, the year is shown apart."""
    english = is_english()
    if unit == WEEK:
        return f"{day.month}/{day.day}" if english else f"{day.month}.{day.day}."
    if unit == MONTH:
        return calendar.month_abbr[day.month] if english else f"{day.month}월"
    if unit == QUARTER:
        quarter = (day.month - 1) // 3 + 1
        return f"Q{quarter}" if english else f"{quarter}분기"
    return str(day.year)


def range_label(first: date, last: date, unit: str) -> str:
    """The bin's days in full, for tooltips, screen readers and the table."""
    if unit == MONTH and first.day == 1:
        return f"{first:%Y-%m}"
    if unit == YEAR and (first.month, first.day) == (1, 1):
        return str(first.year)
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()} – {last.isoformat()}"


def aligned(day: date, unit: str, step: int) -> bool:
    """Whether a labelled bin falls on a round date for its stride (Jan, Apr, …)."""
    if unit == MONTH:
        return (day.month - 1) % step == 0
    if unit == QUARTER:
        return ((day.month - 1) // 3) % step == 0
    if unit == YEAR:
        return day.year % step == 0
    return True


# --- the chart ---------------------------------------------------------------------


def time_chart(
    bins: list[Bin],
    unit: str,
    *,
    y_max: int | None = None,
    plot_height: int = 150,
    compact: bool = False,
) -> TimeChart:
    """Bars for `bins` on a y axis up to `y_max` (default: their own largest value,
    rounded up; pass a shared one to compare charts)."""
    top, step = y_scale(max(y_max or 0, max((b.value for b in bins), default=0)))
    count = max(len(bins), 1)
    slot = 100 / count
    gap = min(slot * 0.2, 1.2)
    bars = []
    for i, b in enumerate(bins):
        height = round(b.value / top * plot_height, 1)
        if b.value and height < 1.5:
            height = 1.5  # one article among thousands still shows
        bars.append(
            Bar(
                x=round(i * slot + gap / 2, 3),
                width=round(slot - gap, 3),
                slot_x=round(i * slot, 3),
                slot_width=round(slot, 3),
                y=round(plot_height - height, 1),
                height=height,
                value=b.value,
                url=b.url,
                label=range_label(b.start, b.end, unit),
            )
        )
    ticks = [
        Tick(value, round(plot_height - value / top * plot_height, 1))
        for value in range(0, top + 1, step)
    ]
    if compact:
        ticks = [ticks[0], ticks[-1]]
    labels, years = _x_labels(bins, unit, slot, compact)
    label_rows = 0 if compact and unit == YEAR else (1 if unit == YEAR else 2)
    return TimeChart(
        unit=unit,
        bars=bars,
        ticks=ticks,
        labels=labels,
        years=years,
        plot_height=plot_height,
        height=plot_height + 6 + 16 * max(label_rows, 1),
        y_max=top,
        total=sum(b.value for b in bins),
        show_values=not compact and len(bins) <= 24,
        values_minor=len(bins) > 12,
    )


# Percent of the plot's width a year's label needs before the next ("2025" is about
# 28 pixels; the smallest charts, the overview's per kind, are about 340 wide).
MIN_YEAR_GAP = 12


def _x_labels(
    bins: list[Bin], unit: str, slot: float, compact: bool
) -> tuple[list[XLabel], list[YearMark]]:
    wide = stride(len(bins), unit, PHONE_LABELS if compact else WIDE_LABELS)
    narrow = stride(len(bins), unit, PHONE_LABELS // (2 if compact else 1))
    # A stride of a whole year would label every January "1월": the years say it.
    per_year = {MONTH: 12, QUARTER: 4}.get(unit)
    labels, years, last_year = [], [], None
    for i, b in enumerate(bins):
        start = floor(b.start, unit)
        if unit != YEAR and start.year != last_year:
            years.append(YearMark(round(i * slot, 3), str(start.year)))
            last_year = start.year
        shown_wide = aligned(start, unit, wide) if unit != WEEK else i % wide == 0
        if not shown_wide or (per_year and wide >= per_year):
            continue
        shown_narrow = aligned(start, unit, narrow) if unit != WEEK else i % narrow == 0
        if per_year and narrow >= per_year:
            shown_narrow = False
        labels.append(
            XLabel(
                round((i + 0.5) * slot, 3), tick_label(start, unit), not shown_narrow
            )
        )
    # A period that starts in a year's last month or so: that year's label would run
    # into the next one's ('20252026'); the month labels still say where it ends.
    # (x are rounded to 0.001: a whole first year must not look a hair short)
    full_year = {WEEK: 52, MONTH: 12, QUARTER: 4}.get(unit, 1) * slot - 0.01
    if len(years) > 1 and years[1].x - years[0].x < min(MIN_YEAR_GAP, full_year):
        del years[0]
    # Ten years of quarters would crowd a phone: every other year is shown there.
    if len(years) > PHONE_LABELS:
        for index, mark in enumerate(years):
            mark.minor = index % 2 == 1
    return labels, years
