"""Reading kept counts (tracker/models/tally.py): a period's figures as sums over a
few hundred rows of per-day counts instead of counting a million articles and their
links on every cold page. Call Tally.objects.refresh() once before reading: it
recounts the days writes have noted since.
`manage.py tally --check` compares kept counts with a fresh count.
"""

from datetime import date, datetime

from django.db.models import DateField, Max, Sum
from django.db.models.functions import Trunc

from tracker.models import Tally
from tracker.models.tally import count_days, dated_span

Dimension = Tally.Dimension


def differences() -> list[tuple]:
    """(dimension, key, day, kept, fresh) wherever a kept count differs from a fresh
    one: empty when the counts are right."""
    Tally.objects.refresh()
    kept = {(r.dimension, r.key, r.day): r.n for r in Tally.objects.iterator()}
    span = dated_span()
    fresh_rows = [*count_days(*span)] if span else []
    fresh_rows += count_days(None, None)
    fresh = {(r.dimension, r.key, r.day): r.n for r in fresh_rows}
    return [
        (*key, kept.get(key, 0), fresh.get(key, 0))
        for key in sorted(set(kept) | set(fresh), key=str)
        if kept.get(key, 0) != fresh.get(key, 0)
    ]


def _rows(dimension: str, start: date | None, end: date | None, keys=None):
    rows = Tally.objects.filter(dimension=dimension)
    if start:
        rows = rows.filter(day__gte=start)
    if end:
        rows = rows.filter(day__lte=end)
    if keys is not None:
        rows = rows.filter(key__in=[str(key) for key in keys])
    return rows


def sums(dimension: str, start=None, end=None, keys=None) -> dict[str, int]:
    """{key: articles} over the days start..end (both open: all time, undated too)."""
    rows = (
        _rows(dimension, start, end, keys)
        .values("key")
        .annotate(total=Sum("n"))
        .values_list("key", "total")
        .order_by()
    )
    return dict(rows)


def latest(dimension: str, start=None, end=None, keys=None) -> dict[str, datetime]:
    """{key: the latest article's publication time} over the days start..end."""
    rows = (
        _rows(dimension, start, end, keys)
        .values("key")
        .annotate(latest=Max("last"))
        .values_list("key", "latest")
        .order_by()
    )
    return dict(rows)


def per_bin(dimension: str, start: date, end: date, keys, unit: str) -> dict:
    """{(key, first day of the bin): articles} for the dated days start..end, summed
    by the database into bins of `unit` (weeks start on Monday, as charts.floor's):
    all time is 420 bins of the kinds, not 38,000 kept days sent and summed here."""
    rows = (
        _rows(dimension, start, end, keys)
        .filter(day__isnull=False)
        .annotate(first=Trunc("day", unit, output_field=DateField()))
        .values_list("key", "first")
        .annotate(articles=Sum("n"))
        .order_by()
    )
    return {(key, first): n for key, first, n in rows}


def total(start=None, end=None) -> int:
    return sums(Dimension.ARTICLES, start, end).get("", 0)


def by_id(counts: dict[str, object]) -> dict[int, object]:
    """Counts keyed by district, kind or initiative id, as ints."""
    return {int(key): value for key, value in counts.items()}
