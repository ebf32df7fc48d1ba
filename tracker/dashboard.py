"""Figures for the analysts' pages. Each returns plain values plus the URL of the list
behind it, built from the same filters, so every number links to its rows."""

import functools
from datetime import date, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from tracker import figures, periods, series, tally
from tracker.models import Article, Initiative, InitiativeKind, ReviewState, Tally

# Periods live in tracker/periods.py; these names stay importable from here.
Dimension = Tally.Dimension
PERIODS = periods.PERIODS
DEFAULT_PERIOD = periods.DEFAULT_PERIOD
Period = periods.Period
period = periods.period


def articles_url(**params) -> str:
    query = urlencode(
        {k: v for k, v in params.items() if v not in (None, "")}, doseq=True
    )
    path = _list_path(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    return f"{path}?{query}" if query else path


@functools.lru_cache(maxsize=16)
def _list_path(script_prefix: str, urlconf: str) -> str:
    """The list's path, reversed once per script prefix and URLconf (the request's,
    else the settings'): the overview links every bin of its charts, some 500
    links, and reverse() took five times as long as the rest of a link."""
    return reverse("tracker:article-list", urlconf=urlconf)


def visible_in(span: Period):
    return Article.objects.visible().published_between(start=span.start, end=span.end)


def first_day() -> date | None:
    """The date of the earliest dated article analysts see: where "all time" starts."""

    def compute():
        first = Article.objects.visible().aggregate(first=Min("published_at"))["first"]
        return timezone.localdate(first) if first else None

    return figures.cached("first-day", compute)


def period_choices() -> list[tuple]:
    """The period selector's (key, label): presets, then the years with articles."""
    first = first_day()
    return periods.choices(first.year if first else None)


def article_bins(span: Period, primary_in=None, **params) -> tuple[str, list]:
    """(unit, bins) of visible articles over the span (of one district, where it is
    primary, when given), each bin linking to its list."""
    start, end = series.chart_range(span, first_day())
    dimension, key = (
        (Dimension.DISTRICT, str(primary_in.pk))
        if primary_in
        else (Dimension.ARTICLES, "")
    )
    unit, by_key = series.kept_bins(
        dimension,
        [key],
        start,
        end,
        lambda _key, first, last: articles_url(
            published_after=first, published_before=last, **params
        ),
    )
    return unit, by_key[key]


def kind_bins(span: Period) -> tuple[str, list[dict]]:
    """Articles reporting each kind of initiative, per bin: one row per kind with any,
    in typology order, each bin linking to /articles/?kind=…&published_after=…"""
    start, end = series.chart_range(span, first_day())
    seen = tally.sums(Dimension.KIND, start, end)
    kinds = list(InitiativeKind.objects.filter(pk__in=[int(k) for k in seen]))
    slugs = {str(kind.pk): kind.slug for kind in kinds}
    unit, by_kind = series.kept_bins(
        Dimension.KIND,
        [str(kind.pk) for kind in kinds],
        start,
        end,
        lambda key, first, last: articles_url(
            kind=slugs[key], published_after=first, published_before=last
        ),
    )
    rows = [{"kind": kind, "bins": by_kind[str(kind.pk)]} for kind in kinds]
    return unit, [row for row in rows if any(b.value for b in row["bins"])]


def articles_per_district(span: Period) -> dict[int, int]:
    """Visible articles with a standing primary link, per district id."""
    return tally.by_id(tally.sums(Dimension.DISTRICT, span.start, span.end))


def latest_per_district(span: Period) -> dict[int, datetime]:
    """The latest visible article with a standing primary link, per district id."""
    return tally.by_id(tally.latest(Dimension.DISTRICT, span.start, span.end))


def counts_by(field: str, span: Period) -> list[dict]:
    """Articles per initiative category or stage, with the choice label."""
    choices = dict(Initiative._meta.get_field(field).choices)
    counts = tally.sums(field, span.start, span.end)
    return [
        {"key": key, "label": choices[key], "n": n}
        for key, n in sorted(counts.items(), key=lambda row: -row[1])
        if key in choices
    ]


def active_initiatives(span: Period, limit: int = 8) -> list[Initiative]:
    """Initiatives with the most visible articles in the span, with their last
    activity (`n`, `last`)."""
    counts = tally.sums(Dimension.INITIATIVE, span.start, span.end)
    # A few more than shown: rejected initiatives keep their links' counts.
    top = sorted(counts, key=lambda key: -counts[key])[: limit * 4]
    last = tally.latest(Dimension.INITIATIVE, span.start, span.end, keys=top)
    chosen = list(
        Initiative.objects.not_rejected().filter(pk__in=[int(k) for k in top])
    )
    for initiative in chosen:
        initiative.n = counts[str(initiative.pk)]
        initiative.last = last.get(str(initiative.pk))
    floor = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    chosen.sort(key=lambda i: (-i.n, -(i.last or floor).timestamp()))
    return chosen[:limit]


def count_choices(initiatives, field: str) -> list[tuple[str, str, int]]:
    """(value, label, count) for the initiatives' category or stage, most first."""
    labels = dict(Initiative._meta.get_field(field).choices)
    counts: dict[str, int] = {}
    for initiative in initiatives:
        key = getattr(initiative, field)
        counts[key] = counts.get(key, 0) + 1
    return sorted(
        ((k, str(labels[k]), n) for k, n in counts.items()), key=lambda row: -row[2]
    )


def count_kinds(initiatives) -> list[dict]:
    """Initiatives per kind (typology order, unclassified last), with how many of them
    are still suggestions; `kind` is None for the unclassified."""
    counts: dict = {}
    for initiative in initiatives:
        row = counts.setdefault(
            initiative.kind_id,
            {"kind": initiative.kind, "n": 0, "suggested": 0},
        )
        row["n"] += 1
        row["suggested"] += initiative.review_state == ReviewState.SUGGESTED
    return _in_typology_order(counts.values())


def _in_typology_order(rows) -> list[dict]:
    # As InitiativeKind orders itself (order, then slug): a kind a curator adds
    # starts at order 0, beside the typology's first.
    return sorted(
        rows,
        key=lambda row: (
            row["kind"] is None,
            row["kind"] and (row["kind"].order, row["kind"].slug),
        ),
    )


def kinds_seen(span: Period) -> list[dict]:
    """Initiatives per kind seen in the period (their latest article falls in it), as
    /initiatives/?kind=<slug>&period=<key> lists them, with the suggestions among them.

    Counted by the database: building every initiative to count them in Python took
    25 ms of the cold overview at 400 initiatives, and grows with them."""
    suggested = Q(review_state=ReviewState.SUGGESTED)
    rows = list(
        seen_in(Initiative.objects.not_rejected(), span)
        .values("kind")
        .annotate(n=Count("pk"), suggested=Count("pk", filter=suggested))
        .order_by()
    )
    kinds = InitiativeKind.objects.in_bulk([r["kind"] for r in rows if r["kind"]])
    return _in_typology_order(
        {"kind": kinds.get(r["kind"]), "n": r["n"], "suggested": r["suggested"]}
        for r in rows
    )


def seen_in(initiatives, span: Period):
    """Initiatives reported within the span: their first and last reports bracket some
    of its days (last seen on or after its start, first seen on or before its end)."""
    if span.start:
        initiatives = initiatives.filter(last_seen__gte=span.start)
    if span.end:
        initiatives = initiatives.filter(first_seen__lte=span.end)
    return initiatives


def citywide_articles():
    return Article.objects.visible().filter(scope=Article.Scope.CITYWIDE)


def overview_figures(span: Period) -> dict:
    """The overview's counts, cached for five minutes: no full COUNT on every request."""

    def compute():
        Tally.objects.refresh()
        return {
            "per_district": articles_per_district(span),
            "total": tally.total(span.start, span.end),
            "bins": article_bins(span),
            "kind_bins": kind_bins(span),
            "categories": counts_by("category", span),
            "stages": counts_by("stage", span),
            "initiatives": active_initiatives(span),
            "kinds": kinds_seen(span),
        }

    return figures.cached("overview", compute, span.key, span.start, span.end)


def initiative_counts() -> dict[int, int]:
    """`n` of `with_article_counts()` per initiative id, cached for five minutes:
    counting reads every standing link."""

    def compute():
        Tally.objects.refresh()
        return tally.by_id(tally.sums(Dimension.INITIATIVE))

    return figures.cached("initiative-counts", compute)
