"""Articles stored before migration 0019 are found by their pieces after it."""

import pytest
from django.db import connection

from tests.factories import ArticleFactory
from tests.tracker.migrating import latest, migrate
from tracker import search
from tracker.models import Article

BEFORE = [("tracker", "0018_c_list_indexes")]
AFTER = [("tracker", "0019_search_grams")]
OTHER_BODY = "강서구는 마곡 연구개발단지에 창업 지원센터를 열었다."
TITLE = "구청장, 청년 창업가와 간담회"
BODY = "유지훈 금천구청장은 청년 창업가들과 만나 AI 교육 지원을 약속했다."
SHORT_BODY = "구청장이 청년과 만나 교육 지원을 약속했다."


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_pieces_of_articles_stored_before_it():
    stored = ArticleFactory(title=TITLE, body=BODY, **search.fields(TITLE, BODY))
    migrate(BEFORE)
    try:
        migrate(AFTER)
    finally:
        migrate(latest())

    stored.refresh_from_db()
    assert stored.search_grams == search.grams(TITLE, BODY)
    assert [a.pk for a in Article.objects.search("금천구청장은")] == [stored.pk]
    assert [a.pk for a in Article.objects.search("청년 창업가")] == [stored.pk]


@pytest.mark.django_db(transaction=True)
def test_a_migration_stopped_while_filling_the_pieces_resumes():
    # No run of five syllables, which 0021 would give its longer pieces.
    filled = ArticleFactory(
        title=TITLE, body=SHORT_BODY, **search.fields(TITLE, SHORT_BODY)
    )
    left = ArticleFactory(title="청년 창업가 지원", body=OTHER_BODY, search_grams="")
    migrate(BEFORE)
    try:
        # As a stopped run leaves it: the column added, one article's pieces filled.
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE tracker_article"
                " ADD COLUMN search_grams text NOT NULL DEFAULT ''"
            )
            cursor.execute(
                "UPDATE tracker_article SET search_grams = %s WHERE id = %s",
                ["금천구 구청장", filled.pk],
            )
        migrate(AFTER)
    finally:
        migrate(latest())

    filled.refresh_from_db()
    left.refresh_from_db()
    assert filled.search_grams == "금천구 구청장"  # not read again
    assert left.search_grams == search.grams("청년 창업가 지원", OTHER_BODY)
