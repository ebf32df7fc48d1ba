"""Figures for the analysts' pages. Each returns plain values plus the URL of the list
behind it, built from the same filters, so every number links to its rows."""

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone

from tracker import figures, periods, series
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    ReviewState,
)

# Periods live in tracker/periods.py; these names stay importable from here.
PERIODS = periods.PERIODS
DEFAULT_PERIOD = periods.DEFAULT_PERIOD
Period = periods.Period
period = periods.period


def articles_url(**params) -> str:
    query = urlencode(
        {k: v for k, v in params.items() if v not in (None, "")}, doseq=True
    )
    return (
        f"{reverse('tracker:article-list')}?{query}"
        if query
        else reverse("tracker:article-list")
    )


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


def article_bins(articles, span: Period, **params) -> tuple[str, list]:
    """(unit, bins) of `articles` over the span, each bin linking to its list."""
    start, end = series.chart_range(span, first_day())

    def url(first, last):
        return articles_url(published_after=first, published_before=last, **params)

    return series.bins(
        articles.published_between(start, end), "published_at", start, end, url
    )


def kind_bins(span: Period) -> tuple[str, list[dict]]:
    """Articles reporting each kind of initiative, per bin: one row per kind with any,
    in typology order, each bin linking to /articles/?kind=…&published_after=…"""
    start, end = series.chart_range(span, first_day())
    links = InitiativeLink.objects.not_rejected().filter(
        article__in=Article.objects.visible().published_between(start, end)
    )
    kinds = list(InitiativeKind.objects.filter(initiatives__links__in=links).distinct())
    slugs = {kind.pk: kind.slug for kind in kinds}
    unit, by_kind = series.grouped_bins(
        links,
        "article__published_at",
        "initiative__kind",
        [kind.pk for kind in kinds],
        start,
        end,
        lambda pk, first, last: articles_url(
            kind=slugs[pk], published_after=first, published_before=last
        ),
        count="article",
    )
    rows = [{"kind": kind, "bins": by_kind[kind.pk]} for kind in kinds]
    return unit, [row for row in rows if any(b.value for b in row["bins"])]


def articles_per_district(span: Period) -> dict[int, int]:
    """Visible articles with a standing primary link, per district id."""
    rows = (
        DistrictLink.objects.not_rejected()
        .filter(role=DistrictLink.Role.PRIMARY, article__in=visible_in(span))
        .values("district")
        .annotate(n=Count("article", distinct=True))
    )
    return {row["district"]: row["n"] for row in rows}


def counts_by(field: str, articles) -> list[dict]:
    """Articles per initiative category or stage, with the choice label."""
    choices = dict(Initiative._meta.get_field(field).choices)
    rows = (
        InitiativeLink.objects.not_rejected()
        .filter(article__in=articles)
        .values(f"initiative__{field}")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n")
    )
    return [
        {
            "key": row[f"initiative__{field}"],
            "label": choices[row[f"initiative__{field}"]],
            "n": row["n"],
        }
        for row in rows
    ]


def active_initiatives(articles, limit: int = 8):
    """Initiatives with the most visible articles in the period, with their last activity."""
    # One filter() call: the conditions apply to the same link row.
    return (
        Initiative.objects.not_rejected()
        .filter(
            links__article__in=articles,
            links__review_state__in=[ReviewState.SUGGESTED, ReviewState.CONFIRMED],
        )
        .annotate(
            n=Count("links__article", distinct=True),
            last=Max("links__article__published_at"),
        )
        .order_by("-n", "-last")[:limit]
    )


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
    return sorted(
        counts.values(),
        key=lambda row: (row["kind"] is None, row["kind"] and row["kind"].order),
    )


def kinds_seen(span: Period) -> list[dict]:
    """Initiatives per kind seen in the period (their latest article falls in it), as
    /initiatives/?kind=<slug>&period=<key> lists them, with the suggestions among them."""
    initiatives = Initiative.objects.not_rejected().select_related("kind")
    return count_kinds(seen_in(initiatives, span).only("kind", "review_state"))


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
        articles = visible_in(span)
        return {
            "per_district": articles_per_district(span),
            "total": articles.count(),
            "bins": article_bins(articles, span),
            "kind_bins": kind_bins(span),
            "categories": counts_by("category", articles),
            "stages": counts_by("stage", articles),
            "initiatives": list(active_initiatives(articles)),
            "kinds": kinds_seen(span),
        }

    return figures.cached("overview", compute, span.key, span.start, span.end)


def initiative_counts() -> dict[int, int]:
    """`n` of `with_article_counts()` per initiative id, cached for five minutes:
    counting reads every standing link."""

    def compute():
        return dict(Initiative.objects.with_article_counts().values_list("pk", "n"))

    return figures.cached("initiative-counts", compute)
