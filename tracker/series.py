"""Counts per time bin for the charts: one GROUP BY query per chart (or per set of
charts), zeros filled in, each bin carrying the URL of the list it counts.

    period -> chart_range() -> charts.unit_for() -> bins() / grouped_bins() -> charts
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncQuarter, TruncWeek, TruncYear
from django.utils import timezone

from tracker import charts, tally
from tracker.periods import Period

TRUNC = {
    charts.WEEK: TruncWeek,
    charts.MONTH: TruncMonth,
    charts.QUARTER: TruncQuarter,
    charts.YEAR: TruncYear,
}


def chart_range(
    span: Period, first_day: date | None, today: date | None = None
) -> tuple[date, date]:
    """The days a chart of `span` covers: from the period's start (all time: the first
    dated article) to its end, never past today (this year's chart stops today)."""
    today = today or timezone.localdate()
    start = span.start or first_day or today
    end = min(span.end or today, today)
    if start > end:
        start = end
    return start, end


def counted(
    queryset, field: str, unit: str, count: str = "pk", group: str | None = None
) -> dict[tuple, int]:
    """{(group value, first day of the bin): count} for rows of `queryset`, binned on
    the datetime `field` in Seoul time; `count` counts distinct values of that path."""
    # Trunc* give Seoul-midnight datetimes (USE_TZ, TIME_ZONE = Asia/Seoul).
    fields = ["bin", group] if group else ["bin"]
    rows = (
        queryset.annotate(bin=TRUNC[unit](field))
        .values(*fields)
        .annotate(n=Count(count, distinct=True))
        .order_by()
    )
    return {
        (row[group] if group else None, row["bin"].date()): row["n"]
        for row in rows
        if row["bin"] is not None
    }


def fill(
    counts: dict[tuple, int],
    edges: list[tuple[date, date]],
    unit: str,
    url: Callable[[date, date], str],
    group=None,
) -> list[charts.Bin]:
    """One Bin per edge, zeros included, linked through `url(first, last)`."""
    return [
        charts.Bin(
            first,
            last,
            counts.get((group, charts.floor(first, unit)), 0),
            url(first, last),
        )
        for first, last in edges
    ]


def bins(
    queryset,
    field: str,
    start: date,
    end: date,
    url: Callable[[date, date], str],
    count: str = "pk",
) -> tuple[str, list[charts.Bin]]:
    """(unit, bins) of `queryset` (already cut to the days) from start to end."""
    unit = charts.unit_for(start, end)
    edges = charts.bin_edges(start, end, unit)
    return unit, fill(counted(queryset, field, unit, count), edges, unit, url)


def grouped_bins(
    queryset,
    field: str,
    group: str,
    keys: list,
    start: date,
    end: date,
    url: Callable[[object, date, date], str],
    count: str = "pk",
) -> tuple[str, dict[object, list[charts.Bin]]]:
    """(unit, {key: bins}) for each of `keys` of the `group` path, one query for all."""
    unit = charts.unit_for(start, end)
    edges = charts.bin_edges(start, end, unit)
    counts = counted(queryset, field, unit, count, group)
    by_key = defaultdict(list)
    for key in keys:
        by_key[key] = fill(
            counts,
            edges,
            unit,
            lambda first, last, key=key: url(key, first, last),
            group=key,
        )
    return unit, dict(by_key)


def kept_bins(
    dimension: str,
    keys: list[str],
    start: date,
    end: date,
    url: Callable[[str, date, date], str],
) -> tuple[str, dict[str, list[charts.Bin]]]:
    """grouped_bins() from kept per-day counts (tracker/tally.py): the same bins and
    links, summed from a few hundred rows instead of counted from every article."""
    unit = charts.unit_for(start, end)
    edges = charts.bin_edges(start, end, unit)
    counts = tally.per_bin(dimension, start, end, keys, unit)
    return unit, {
        key: fill(
            counts,
            edges,
            unit,
            lambda first, last, key=key: url(key, first, last),
            group=key,
        )
        for key in keys
    }
