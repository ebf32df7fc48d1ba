"""What resolving an article costs and what it holds: a fixed number of queries
however many initiatives its district has, and on PostgreSQL the district row locks
and the city-wide advisory lock that make a second worker wait rather than create the
same initiative twice. Mentions are written by hand (tests/tracker/resolving.py), as
the discovery step would report them."""

import psycopg
import pytest
from django.db import connection

from districts.models import District
from tests.tracker.resolving import article, mention
from tracker.models import Initiative
from tracker.resolution import CITYWIDE_LOCK, resolve_mentions

pytestmark = pytest.mark.django_db


def test_resolving_an_article_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    dobong = District.objects.get(slug="dobong")
    for n in range(30):
        initiative = Initiative.objects.create(
            slug=f"dobong-other-{n}", name_ko=f"AI 사업 {n}호", category="safety"
        )
        initiative.districts.add(dobong)
    story = article(
        "도봉구 AI 산불감시", "서울 도봉구는 AI 산불감시 시스템을 도입한다."
    )
    resolve_mentions(story, [mention(story, "AI 산불감시 시스템")])
    again = article(
        "도봉구 AI 산불감시 2", "서울 도봉구는 AI 산불감시 시스템을 늘린다."
    )

    # A savepoint and its release; districts (locked), kinds, initiatives (+ their
    # districts), the article's tags; one save for the tag, one for the initiative.
    with django_assert_max_num_queries(9):
        resolve_mentions(
            again,
            [
                mention(again, "AI 산불감시 시스템"),
                mention(again, "인공지능 산불감시 시스템"),
            ],
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks and one writer at a time",
)
def test_resolution_locks_its_districts_until_the_article_is_stored():
    """Two workers resolving two outlets' reports of one new programme at once would
    each create it; the second must wait for the first's district lock, then find its
    record. Another connection cannot take the lock while this transaction holds it."""
    story = article(
        "도봉구 AI 산불감시 시스템", "서울 도봉구는 AI 산불감시 시스템을 도입한다."
    )
    resolve_mentions(story, [mention(story, "AI 산불감시 시스템")])  # uncommitted
    params = connection.get_connection_params()
    other = psycopg.connect(**params, autocommit=False)
    try:
        with other.cursor() as cursor:
            cursor.execute(LOCK_SQL, ["mapo"])  # a district it did not touch is free
            other.rollback()
            with pytest.raises(psycopg.errors.LockNotAvailable):
                cursor.execute(LOCK_SQL, ["dobong"])
    finally:
        other.close()


LOCK_SQL = "SELECT id FROM districts_district WHERE slug = %s FOR UPDATE NOWAIT"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no advisory locks and one writer at a time",
)
def test_city_wide_resolution_holds_a_lock_other_workers_wait_for():
    story = article("서울시 AI 민원 비서", "서울시는 AI 민원 비서를 도입한다.")
    resolve_mentions(
        story, [mention(story, "AI 민원 비서", district="")]
    )  # uncommitted
    other = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [CITYWIDE_LOCK])
            assert cursor.fetchone()[0] is False
    finally:
        other.close()
