"""The list of one publisher's articles: what it shows, and how PostgreSQL counts it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tests.factories import ArticleFactory
from tracker.filters import ArticleFilter
from tracker.models import Article

SEOUL = ZoneInfo("Asia/Seoul")
NOON = datetime(2026, 3, 2, 12, tzinfo=SEOUL)


def garam(days_ago: int, title: str, **fields) -> Article:
    return ArticleFactory(
        publisher="가람뉴스",
        title=title,
        published_at=NOON - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def garam_articles() -> list[Article]:
    """Two visible articles of 가람뉴스, one of another publisher, and one of 가람뉴스
    hidden in each way visible() hides an article."""
    older = garam(3, "가람 기사: 금천구 AI 센터")
    newer = garam(1, "가람 기사: 강서구 AI 협약")
    ArticleFactory(publisher="마루뉴스", title="마루 기사", published_at=NOON)
    garam(0, "가람 사본", duplicate_of=older)
    garam(0, "가람 거절", status=Article.Status.REJECTED)
    garam(0, "가람 부산", scope=Article.Scope.OUT_OF_SCOPE)
    garam(0, "가람 무관", is_relevant=False)
    return [newer, older]


@pytest.mark.django_db
def test_the_list_shows_the_publishers_visible_articles_newest_first(
    client, garam_articles
):
    response = client.get("/articles/", {"publisher": "가람뉴스"})

    assert response.status_code == 200
    page = response.content.decode()
    shown = [a.title for a in response.context["page"].object_list]
    assert shown == ["가람 기사: 강서구 AI 협약", "가람 기사: 금천구 AI 센터"]
    assert response.context["paginator"].count == 2
    for hidden in ("마루 기사", "가람 사본", "가람 거절", "가람 부산", "가람 무관"):
        assert hidden not in page


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a plan of PostgreSQL's is checked"
)
def test_postgresql_counts_a_publishers_list_from_its_index_alone(garam_articles):
    rows = ArticleFilter({"publisher": "가람뉴스"}, queryset=Article.objects.listable())
    with connection.cursor() as cursor:
        # Vacuumed, the rows are known visible, so an index that holds all the count
        # needs is read without them. A tiny table is cheaper to read whole, or through
        # the plain publisher index's bitmap: forbid both.
        cursor.execute("VACUUM (ANALYZE) tracker_article")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        plan = rows.qs.order_by().values("pk")[:10_001].explain()
        cursor.execute("RESET ALL")

    assert "Index Only Scan using article_publisher_newest" in plan
