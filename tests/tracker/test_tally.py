"""Kept counts: every kind of write is noted by the database and recounted, and the
kept figures equal a fresh count made without them."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Q, Sum

from districts.models import District
from tests.factories import ArticleFactory
from tracker import charts, dashboard, tally
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
    ReviewState,
    Tally,
    TallyDirty,
)
from tracker.periods import Period, period

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SEOUL)


def story(day, district="gangseo", initiative=None, role="primary", **fields):
    article = ArticleFactory(published_at=day, scope="district", **fields)
    DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug=district),
        role=role,
        confidence=0.9,
        evidence="근거.",
    )
    if initiative:
        InitiativeLink.objects.create(
            article=article, initiative=initiative, confidence=0.8, evidence="근거."
        )
    return article


def fresh_per_district(start=None, end=None) -> dict[int, int]:
    """The overview's district counts as the pages computed them before kept counts."""
    articles = Article.objects.visible().published_between(start, end)
    rows = (
        DistrictLink.objects.not_rejected()
        .filter(role="primary", article__in=articles)
        .values("district")
        .annotate(n=Count("article", distinct=True))
    )
    return {row["district"]: row["n"] for row in rows}


def fresh_per_initiative() -> dict[int, int]:
    rows = Initiative.objects.annotate(
        n=Count(
            "links__article",
            filter=~Q(links__review_state=ReviewState.REJECTED)
            & Q(links__article__in=Article.objects.visible()),
            distinct=True,
        )
    ).filter(n__gt=0)
    return {row.pk: row.n for row in rows}


def fresh_per_kind() -> dict[int, int]:
    rows = (
        InitiativeLink.objects.not_rejected()
        .filter(article__in=Article.objects.visible(), initiative__kind__isnull=False)
        .values("initiative__kind")
        .annotate(n=Count("article", distinct=True))
    )
    return {row["initiative__kind"]: row["n"] for row in rows}


def kept(dimension, start=None, end=None) -> dict[int, int]:
    Tally.objects.refresh()
    return tally.by_id(tally.sums(dimension, start, end))


@pytest.fixture
def initiative(gangseo):
    made = Initiative.objects.create(
        slug="gangseo-ai-cctv",
        name_ko="강서 AI CCTV",
        category=Initiative.Category.SAFETY,
        kind=InitiativeKind.objects.get(slug="chatbot"),
    )
    made.districts.add(gangseo)
    return made


@pytest.fixture
def gangseo():
    return District.objects.get(slug="gangseo")


def test_every_kind_of_write_is_recounted_and_equals_a_fresh_count(initiative):
    mapo = District.objects.get(slug="mapo")
    first = story(at("2025-03-01"), initiative=initiative)
    second = story(at("2025-03-01", 23), district="mapo", initiative=initiative)
    story(at("2025-04-10"), initiative=initiative, is_relevant=False)
    story(None, initiative=initiative)  # undated: all time only
    late = story(at("2025-06-30", 23))  # 23:00 in Seoul is 14:00 UTC: still June 30

    assert kept(Tally.Dimension.DISTRICT) == fresh_per_district()
    assert kept(Tally.Dimension.INITIATIVE) == {initiative.pk: 3}

    # A curator rejects a link, marks a copy, moves a date; an article is deleted.
    InitiativeLink.objects.filter(article=first).update(
        review_state=ReviewState.REJECTED
    )
    Article.objects.filter(pk=second.pk).update(duplicate_of=late)
    Article.objects.filter(pk=late.pk).update(published_at=at("2025-07-01", 1))
    story(at("2025-03-02"), district="mapo").delete()
    # Re-typing an initiative moves all its articles to the new kind.
    initiative.kind = InitiativeKind.objects.get(slug="cctv-safety")
    initiative.save()

    assert kept(Tally.Dimension.DISTRICT) == fresh_per_district()
    assert kept(Tally.Dimension.INITIATIVE) == fresh_per_initiative()
    assert kept(Tally.Dimension.KIND) == fresh_per_kind()
    assert kept(Tally.Dimension.KIND) == {initiative.kind_id: 1}  # the undated one
    june = (at("2025-06-01").date(), at("2025-06-30").date())
    assert kept(Tally.Dimension.DISTRICT, *june) == {}
    july = (at("2025-07-01").date(), at("2025-07-31").date())
    assert kept(Tally.Dimension.DISTRICT, *july) == fresh_per_district(*july)
    assert mapo.pk not in kept(Tally.Dimension.DISTRICT)
    assert tally.differences() == []


def test_the_overview_reads_kept_counts_that_equal_its_lists(client, initiative):
    for day in range(12):
        story(at("2025-05-01") + timedelta(days=day), initiative=initiative)
    story(at("2025-05-03"), district="mapo", status="rejected")

    figures = dashboard.overview_figures(period("all"))

    gangseo = District.objects.get(slug="gangseo")
    assert figures["per_district"] == {gangseo.pk: 12}
    assert figures["total"] == Article.objects.visible().count() == 12
    assert [(i.slug, i.n) for i in figures["initiatives"]] == [(initiative.slug, 12)]
    assert sum(b.value for b in figures["bins"][1]) == 12


def test_a_recount_reads_only_the_noted_days_and_clears_them(initiative):
    story(at("2025-01-05"), initiative=initiative)
    story(at("2025-09-05"), initiative=initiative)
    Tally.objects.refresh()
    assert not TallyDirty.objects.exists()
    assert Tally.objects.refresh() == 0

    story(at("2025-09-05", 15), initiative=initiative)

    assert set(TallyDirty.objects.values_list("day", flat=True)) == {
        at("2025-09-05").date()
    }
    assert Tally.objects.refresh() == 1
    span = Period("x", "x", at("2025-09-01").date(), at("2025-09-30").date())
    assert dashboard.articles_per_district(span) == fresh_per_district(
        span.start, span.end
    )


def test_the_command_checks_and_rebuilds_kept_counts(initiative):
    story(at("2025-02-02"), initiative=initiative)
    out = StringIO()
    call_command("tally", "--check", stdout=out)
    assert "equal a fresh count" in out.getvalue()

    Tally.objects.filter(dimension=Tally.Dimension.DISTRICT).update(n=99)
    with pytest.raises(CommandError, match="1 kept counts differ .* and 0 initiative"):
        call_command("tally", "--check", stdout=StringIO())

    call_command("tally", "--rebuild", stdout=StringIO())
    assert tally.differences() == []


@pytest.mark.parametrize(
    "unit", [charts.WEEK, charts.MONTH, charts.QUARTER, charts.YEAR]
)
def test_kept_days_are_summed_into_the_bins_the_charts_draw(initiative, unit):
    # Either side of a week's, a month's, a quarter's and a year's first day.
    days = ["2025-03-30", "2025-03-31", "2025-04-01", "2025-06-30", "2025-07-01"]
    days += ["2025-12-31", "2026-01-01", "2026-01-01"]
    for day in days:
        story(at(day), initiative=initiative)
    Tally.objects.refresh()
    start, end = at("2025-01-01").date(), at("2026-12-31").date()

    bins = tally.per_bin(Tally.Dimension.KIND, start, end, None, unit)

    expected: dict[tuple, int] = {}
    for day in days:
        first = charts.floor(at(day).date(), unit)
        key = (str(initiative.kind_id), first)
        expected[key] = expected.get(key, 0) + 1
    assert bins == expected


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a plan of PostgreSQL's is checked"
)
def test_postgresql_sums_the_kept_counts_from_their_indexes_alone():
    Tally.objects.bulk_create(
        Tally(
            day=datetime(2025, 1, d, tzinfo=SEOUL).date(),
            dimension="district",
            key=str(k),
            n=d,
            last=datetime(2025, 1, d, tzinfo=SEOUL),
        )
        for d in range(1, 29)
        for k in range(1, 4)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) tracker_tally")
        # A tiny table is cheaper to read whole: with that priced out, the plan shows
        # whether the index holds the counts (migration 0025) or sends each row to
        # the table.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        try:
            plans = [
                rows.explain()
                for rows in (
                    tally._rows("district", None, None)
                    .values("key")
                    .annotate(Sum("n")),
                    tally._rows("district", date(2025, 1, 3), None)
                    .values("key")
                    .annotate(Max("last")),
                )
            ]
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")

    assert all("Index Only Scan" in plan for plan in plans), plans
    assert tally.sums("district") == {str(k): sum(range(1, 29)) for k in range(1, 4)}
