"""What the tracker says about each gu: its profile (district page, compare page and
their printable versions) and the /districts/ table.

Article counts and charts follow the chosen period; a district's initiatives are its
whole record, whatever the period, since a profile answers "what does it run?".
Every figure comes with the URL of the list behind it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import CharField, Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from districts.models import District
from tracker import charts, figures, tally, timeline
from tracker.dashboard import (
    article_bins,
    articles_per_district,
    articles_url,
    count_choices,
    count_kinds,
    latest_per_district,
    seen_in,
)
from tracker.models import Article, Initiative, Tally
from tracker.periods import Period

SORTS = ("name", "code", "articles", "initiatives", "latest")
DEFAULT_SORT = "-articles"
# What one printed A4 page holds; the district page itself lists the rest.
PRINT_TIMELINE = 10
PRINT_INITIATIVES = 14


def district_initiatives(district: District):
    Tally.objects.refresh()
    # `last`: the latest article analysts see reporting it, as `n` counts them.
    last = (
        Tally.objects.filter(
            dimension=Tally.Dimension.INITIATIVE,
            key=Cast(OuterRef("pk"), CharField()),
        )
        .order_by()
        .values("key")
        .annotate(last=Max("last"))
        .values("last")
    )
    return (
        district.initiatives.not_rejected()
        .with_article_counts()
        .annotate(last=Subquery(last))
        .select_related("kind")
        .prefetch_related("partners")
        .order_by(F("last").desc(nulls_last=True), "name_ko")
    )


def district_articles(district: District):
    return Article.objects.visible().in_districts([district.slug], primary_only=True)


def district_profile(district: District, span: Period) -> dict:
    """What the district page and the compare page show about one district, cached
    for five minutes: its counts read every article of the district."""
    return figures.cached(
        "district-profile",
        lambda: _district_profile(district, span),
        district.slug,
        span.key,
        span.start,
    )


def _district_profile(district: District, span: Period) -> dict:
    initiatives = list(district_initiatives(district))
    params = {"district": district.slug, "role": "primary"}
    n_articles = tally.sums(
        Tally.Dimension.DISTRICT, span.start, span.end, keys=[district.pk]
    )
    return {
        "district": district,
        "span": span,
        "initiatives": initiatives,
        "by_category": count_choices(initiatives, "category"),
        "by_kind": count_kinds(initiatives),
        "by_stage": count_choices(initiatives, "stage"),
        "bins": article_bins(span, district, **params),
        "partners": sorted(
            {
                partner
                for initiative in initiatives
                for partner in initiative.partners.all()
            },
            key=lambda partner: partner.name_ko,
        ),
        "articles_url": articles_url(**params, **span.params),
        "n_articles": n_articles.get(str(district.pk), 0),
    }


def count_table(profile: dict, kinds: list) -> dict:
    """Every kind and every stage with the district's count, zeros included, each
    linking to the initiative list that holds them."""
    district = profile["district"].slug
    listing = reverse("tracker:initiative-list")
    by_kind = {
        row["kind"].pk if row["kind"] else None: row["n"] for row in profile["by_kind"]
    }
    by_stage = {value: n for value, _label, n in profile["by_stage"]}
    return {
        "kinds": [
            (
                kind,
                by_kind.get(kind.pk, 0),
                f"{listing}?district={district}&kind={kind.slug}",
            )
            for kind in kinds
        ],
        "stages": [
            (
                label,
                by_stage.get(value, 0),
                f"{listing}?district={district}&stage={value}",
            )
            for value, label in Initiative.Stage.choices
        ],
    }


def drop_empty_rows(tables: list[dict]) -> None:
    """Leave out the kinds and stages none of the compared districts has: seventeen
    rows of zeros hide the few that differ. A zero beside a count stays, as 0."""
    for part in ("kinds", "stages"):
        keep = [
            any(table[part][i][1] for table in tables)
            for i in range(len(tables[0][part]) if tables else 0)
        ]
        for table in tables:
            table[part] = [
                row for row, kept in zip(table[part], keep, strict=True) if kept
            ]


def with_charts(profiles: list[dict], plot_height: int = 150) -> list[dict]:
    """Each profile with its chart, all drawn on one y scale so their bars compare."""
    top = max((b.value for profile in profiles for b in profile["bins"][1]), default=0)
    for profile in profiles:
        unit, bins = profile["bins"]
        profile["chart"] = charts.time_chart(
            bins, unit, y_max=top, plot_height=plot_height
        )
    return profiles


# --- the printable profile -----------------------------------------------------------


def printable(district: District, span: Period) -> dict:
    """The profile plus what a printed page adds: initiatives by kind with their
    dates, the latest events, and the articles they come from, numbered."""
    profile = dict(district_profile(district, span))
    # Cached like the profile: at a million articles the district's latest events
    # take longer to find than the rest of the page.
    events, is_cut = figures.cached(
        "district-events",
        lambda: timeline.district_events(district, PRINT_TIMELINE),
        district.slug,
        PRINT_TIMELINE,
    )
    sources: dict[int, Article] = {}
    for event in events:
        sources.setdefault(event.link.article_id, event.link.article)
    numbers = {pk: i for i, pk in enumerate(sources, start=1)}
    for event in events:
        event.source_number = numbers[event.link.article_id]
    shown = profile["initiatives"][:PRINT_INITIATIVES]
    profile.update(
        {
            "kinds": initiatives_by_kind(shown),
            "initiatives_left_out": len(profile["initiatives"]) - len(shown),
            "events": events,
            "events_cut": is_cut,
            "sources": list(sources.values()),
        }
    )
    return profile


def initiatives_by_kind(initiatives: list) -> list[dict]:
    """The initiatives grouped under their kind (typology order, unclassified last)."""
    groups: dict = {}
    for initiative in initiatives:
        groups.setdefault(initiative.kind_id, {"kind": initiative.kind, "rows": []})
        groups[initiative.kind_id]["rows"].append(initiative)
    return sorted(
        groups.values(),
        key=lambda group: (
            group["kind"] is None,
            group["kind"] and group["kind"].order,
        ),
    )


# --- the /districts/ table -------------------------------------------------------


@dataclass
class DistrictRow:
    district: District
    articles: int
    initiatives: int
    latest: date | None
    articles_url: str
    initiatives_url: str
    period: str  # the period's label, for the CSV


def district_table(span: Period, sort: str = DEFAULT_SORT) -> list[DistrictRow]:
    """The 25 gu with their articles and initiatives in the span and their latest
    article, sorted by `sort` (a SORTS key, "-" first for descending). Four queries."""

    def compute():
        return _district_table(span)

    rows = figures.cached("district-table", compute, span.key, span.start)
    return sort_rows(rows, sort)


def _district_table(span: Period) -> list[DistrictRow]:
    Tally.objects.refresh()
    articles = articles_per_district(span)
    initiatives = dict(
        Initiative.districts.through.objects.filter(
            initiative__in=seen_in(Initiative.objects.not_rejected(), span)
        )
        .values("district")
        .annotate(n=Count("initiative", distinct=True))
        .values_list("district", "n")
    )
    latest = latest_per_district(span)
    initiative_list = reverse("tracker:initiative-list")
    rows = []
    for district in District.objects.all():
        last: datetime | None = latest.get(district.pk)
        query = f"?district={district.slug}"
        if not span.is_all:
            query += f"&period={span.key}"
        rows.append(
            DistrictRow(
                district=district,
                articles=articles.get(district.pk, 0),
                initiatives=initiatives.get(district.pk, 0),
                latest=timezone.localdate(last) if last else None,
                articles_url=articles_url(
                    district=district.slug, role="primary", **span.params
                ),
                initiatives_url=initiative_list + query,
                period=span.label,
            )
        )
    return rows


def sort_rows(rows: list[DistrictRow], sort: str) -> list[DistrictRow]:
    """Rows by a SORTS key; "-key" reverses. Ties fall back to the MOIS code."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT.removeprefix("-"), DEFAULT_SORT
    descending = sort.startswith("-")
    by_code = sorted(rows, key=lambda row: row.district.code)
    if key == "code":
        return by_code[::-1] if descending else by_code

    def value(row: DistrictRow):
        if key == "name":
            return row.district.name
        return getattr(row, key)

    if key == "latest":  # districts with no article yet come last either way
        dated = [row for row in by_code if row.latest is not None]
        undated = [row for row in by_code if row.latest is None]
        return sorted(dated, key=value, reverse=descending) + undated
    # Python's sort is stable: sorting by value after code keeps code order in ties.
    return sorted(by_code, key=value, reverse=descending)
