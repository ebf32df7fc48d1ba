"""Figures for the analysts' pages. Each returns plain values plus the URL of the list
behind it, built from the same filters, so every number links to its rows."""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import District
from tracker import figures
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    ReviewState,
)

PERIODS = {
    "30d": (_("last 30 days"), 30),
    "90d": (_("last 90 days"), 90),
    "1y": (_("last 12 months"), 365),
    "all": (_("all time"), None),
}
DEFAULT_PERIOD = "1y"


@dataclass
class Period:
    key: str
    label: str
    start: date | None

    @property
    def params(self) -> dict:
        return {"published_after": self.start.isoformat()} if self.start else {}


def period(key: str | None, today: date | None = None) -> Period:
    key = key if key in PERIODS else DEFAULT_PERIOD
    label, days = PERIODS[key]
    today = today or timezone.localdate()
    return Period(key, label, today - timedelta(days=days) if days else None)


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
    return Article.objects.visible().published_between(start=span.start)


def articles_per_district(span: Period) -> dict[int, int]:
    """Visible articles with a standing primary link, per district id."""
    rows = (
        DistrictLink.objects.not_rejected()
        .filter(role=DistrictLink.Role.PRIMARY, article__in=visible_in(span))
        .values("district")
        .annotate(n=Count("article", distinct=True))
    )
    return {row["district"]: row["n"] for row in rows}


def monthly_counts(articles, months: int = 12, today: date | None = None) -> list[dict]:
    """Articles per month for the last `months` months, zeros included, oldest first."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    for _month in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rows = (
        articles.published_between(start=first)
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    # TruncMonth gives Seoul-midnight datetimes (USE_TZ, TIME_ZONE = Asia/Seoul).
    counts = {row["month"].date(): row["n"] for row in rows}
    series, month = [], first
    while month <= today:
        following = (month + timedelta(days=32)).replace(day=1)
        series.append(
            {
                "month": month,
                "n": counts.get(month, 0),
                "start": month,
                "end": following - timedelta(days=1),
            }
        )
        month = following
    return series


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


def district_initiatives(district: District):
    # Per initiative, like `n`: a join over all their links would group them all.
    last = (
        InitiativeLink.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(last=Max("article__published_at"))
        .values("last")
    )
    return (
        district.initiatives.not_rejected()
        .with_article_counts()
        .annotate(last=Subquery(last))
        .select_related("kind")
        .prefetch_related("partners")
        .order_by("-last", "name_ko")
    )


def district_articles(district: District):
    return Article.objects.visible().in_districts([district.slug], primary_only=True)


def district_profile(district: District) -> dict:
    """What the district page and the compare page show about one district, cached
    for five minutes: its counts read every article of the district."""
    return figures.cached(
        "district-profile", lambda: _district_profile(district), district.slug
    )


def _district_profile(district: District) -> dict:
    initiatives = list(district_initiatives(district))
    articles = district_articles(district)
    return {
        "district": district,
        "initiatives": initiatives,
        "by_category": count_choices(initiatives, "category"),
        "by_kind": count_kinds(initiatives),
        "by_stage": count_choices(initiatives, "stage"),
        "months": monthly_counts(articles),
        "partners": sorted(
            {
                partner
                for initiative in initiatives
                for partner in initiative.partners.all()
            },
            key=lambda partner: partner.name_ko,
        ),
        "articles_url": articles_url(district=district.slug, role="primary"),
        "n_articles": articles.count(),
    }


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
    if span.start:
        initiatives = initiatives.filter(last_seen__gte=span.start)
    return count_kinds(initiatives.only("kind", "review_state"))


def citywide_articles():
    return Article.objects.visible().filter(scope=Article.Scope.CITYWIDE)


def overview_figures(span: Period) -> dict:
    """The overview's counts, cached for five minutes: no full COUNT on every request."""

    def compute():
        articles = visible_in(span)
        return {
            "per_district": articles_per_district(span),
            "total": articles.count(),
            # Months are their own period: each bar links to its whole month.
            "months": monthly_counts(Article.objects.visible()),
            "categories": counts_by("category", articles),
            "stages": counts_by("stage", articles),
            "initiatives": list(active_initiatives(articles)),
            "kinds": kinds_seen(span),
        }

    return figures.cached("overview", compute, span.key, span.start)


def initiative_counts() -> dict[int, int]:
    """`n` of `with_article_counts()` per initiative id, cached for five minutes:
    counting reads every standing link."""

    def compute():
        return dict(Initiative.objects.with_article_counts().values_list("pk", "n"))

    return figures.cached("initiative-counts", compute)
