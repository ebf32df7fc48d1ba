"""Each initiative link keeps the date a timeline sorts it by (its event's date, else
its article's Seoul day) and its article's time: kept by the database's triggers
(migration 0023) through every way the link or its article is written, and equal to
what the articles say now."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from districts.models import District
from tests.factories import ArticleFactory, InitiativeFactory, InitiativeLinkFactory
from tracker import timeline
from tracker.models import Article, InitiativeLink

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
# A district's timeline, newest first (tracker/timeline.py, undated events last).
LATEST_FIRST = (
    F("timeline_date").desc(nulls_last=True),
    F("article_published_at").desc(nulls_last=True),
    "-pk",
)


def kept_and_fresh() -> list[tuple]:
    """Each link's kept columns beside the same computed from its article now."""
    rows = []
    for link in InitiativeLink.objects.select_related("article").order_by("pk"):
        published = link.article.published_at
        fresh_day = link.event_date or (
            published.astimezone(SEOUL).date() if published else None
        )
        rows.append(
            (
                (link.timeline_date, link.article_published_at),
                (fresh_day, published),
            )
        )
    return rows


def assert_kept():
    for kept, fresh in kept_and_fresh():
        assert kept == fresh
    assert timeline.stale_dates() == 0  # as `tally --check` sees them


def test_the_kept_dates_follow_every_write_of_a_link_or_its_article():
    # 23:30 in Seoul is 14:30 UTC: the Seoul day, not the UTC one, is the date.
    late = datetime(2025, 3, 4, 23, 30, tzinfo=SEOUL)
    article = ArticleFactory(published_at=late)
    saved = InitiativeLinkFactory(article=article)
    undated = InitiativeLinkFactory(article=ArticleFactory(published_at=None))
    InitiativeLink.objects.bulk_create(
        [
            InitiativeLink(
                article=ArticleFactory(published_at=late),
                initiative=InitiativeFactory(),
                confidence=0.5,
                event_date=date(2026, 1, 1),
            )
        ]
    )
    assert_kept()
    assert InitiativeLink.objects.get(pk=saved.pk).timeline_date == date(2025, 3, 4)

    # The event's date given, by save() and by update().
    saved.event_date = date(2024, 6, 1)
    saved.save()
    InitiativeLink.objects.filter(pk=undated.pk).update(event_date=date(2023, 1, 1))
    assert_kept()

    # The article's date changed, by save() and by update(); then a link loaded
    # before it changed is saved whole, stale values and all.
    stale = InitiativeLink.objects.get(pk=saved.pk)
    article.published_at = datetime(2020, 1, 2, 9, tzinfo=SEOUL)
    article.save()
    Article.objects.filter(pk=undated.article_id).update(
        published_at=datetime(2021, 5, 6, 1, tzinfo=SEOUL)
    )
    assert_kept()
    stale.event_date = None
    stale.save()
    assert_kept()
    assert InitiativeLink.objects.get(pk=saved.pk).timeline_date == date(2020, 1, 2)

    # Moved to another article.
    InitiativeLink.objects.filter(pk=saved.pk).update(
        article=ArticleFactory(published_at=None)
    )
    assert_kept()
    assert InitiativeLink.objects.get(pk=saved.pk).timeline_date is None


def test_a_tag_stored_before_its_article_gets_its_date_when_the_article_comes():
    # As loaddata stores a dump, tags before articles (foreign keys are checked at
    # commit).
    future = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    future += 1000
    InitiativeLink.objects.create(
        article_id=future, initiative=InitiativeFactory(), confidence=0.5
    )
    # A second's fraction must not round the last moment of a Seoul day into the next.
    last_moment = datetime(2025, 3, 4, 23, 59, 59, 999_600, tzinfo=SEOUL)
    ArticleFactory(id=future, published_at=last_moment)

    assert_kept()
    assert InitiativeLink.objects.get(article_id=future).timeline_date == date(
        2025, 3, 4
    )


def test_a_district_without_initiatives_has_no_events_for_one_query(
    django_assert_num_queries,
):
    quiet = District.objects.get(slug="jongno")
    InitiativeLinkFactory()  # another district's

    with django_assert_num_queries(1):
        assert timeline.district_events(quiet, 12) == ([], False)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's triggers are turned off"
)
def test_tally_rebuild_sets_the_dates_a_load_without_triggers_left_out():
    link = InitiativeLinkFactory(
        article=ArticleFactory(published_at=datetime(2025, 3, 4, 9, tzinfo=SEOUL))
    )
    fresh = InitiativeLinkFactory(
        article=ArticleFactory(published_at=datetime(2025, 5, 6, 9, tzinfo=SEOUL))
    )
    with connection.cursor() as cursor:
        # As a bulk load does (benchmarks/pages_data.py); the insert's deferred
        # foreign key checks first, or the table cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE tracker_initiativelink DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE tracker_initiativelink SET timeline_date = NULL,"
            " article_published_at = NULL WHERE id = %s",
            [link.pk],
        )
        cursor.execute("ALTER TABLE tracker_initiativelink ENABLE TRIGGER USER")
    assert InitiativeLink.objects.get(pk=link.pk).timeline_date is None
    with pytest.raises(CommandError, match="and 1 initiative tags' timeline dates"):
        call_command("tally", "--check", stdout=StringIO())

    out = StringIO()
    call_command("tally", "--rebuild", stdout=out)

    assert_kept()
    assert timeline.stale_dates() == 0
    assert InitiativeLink.objects.get(pk=link.pk).timeline_date == date(2025, 3, 4)
    assert InitiativeLink.objects.get(pk=fresh.pk).timeline_date == date(2025, 5, 6)
    # Only the stale link was written again.
    assert "the timeline dates of 1 stale initiative links" in out.getvalue()


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a plan of PostgreSQL's is checked"
)
def test_postgresql_can_read_a_districts_latest_events_off_one_index():
    # No district: a transactional test may find the gazetteer flushed by another.
    initiative = InitiativeFactory()
    for n in range(5):
        InitiativeLinkFactory(
            initiative=initiative,
            article=ArticleFactory(published_at=datetime(2025, 1, n + 1, tzinfo=SEOUL)),
        )
    links = InitiativeLink.objects.filter(~Q(review_state="rejected"))
    ids = links.filter(initiative__in=[initiative.pk]).order_by(*LATEST_FIRST)
    ids = ids.values_list("pk", flat=True)[:13]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) tracker_initiativelink")
        # A tiny table is cheaper to sort: with sorting priced out, the plan shows
        # that the index gives the timeline's order as it is.
        cursor.execute("SET enable_sort = off")
        cursor.execute("SET enable_seqscan = off")
        plan = ids.explain()
        cursor.execute("RESET ALL")

    assert "initiative_link_latest" in plan
    assert "Sort" not in plan


def test_kept_dates_are_checked_against_the_seoul_day_whatever_timezone_is_active():
    # 08:00 in Seoul is still the day before in UTC: the triggers keep the Seoul day.
    link = InitiativeLinkFactory(
        article=ArticleFactory(published_at=datetime(2025, 3, 5, 8, tzinfo=SEOUL))
    )
    assert InitiativeLink.objects.get(pk=link.pk).timeline_date == date(2025, 3, 5)
    with timezone.override("UTC"):
        assert timeline.stale_dates() == 0
        assert timeline.keep_dates_again() == 0
