"""Articles stored before migration 0019 are found by their pieces after it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ArticleFactory
from tracker import search
from tracker.models import Article

BEFORE = [("tracker", "0018_c_list_indexes")]
AFTER = [("tracker", "0019_search_grams")]
TITLE = "구청장, 청년 창업가와 간담회"
BODY = "유지훈 금천구청장은 청년 창업가들과 만나 AI 교육 지원을 약속했다."


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_pieces_of_articles_stored_before_it():
    stored = ArticleFactory(title=TITLE, body=BODY, **search.fields(TITLE, BODY))
    migrate(BEFORE)
    try:
        migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    stored.refresh_from_db()
    assert stored.search_grams == search.grams(f"{TITLE}\n{BODY}")
    assert [a.pk for a in Article.objects.search("금천구청장은")] == [stored.pk]
    assert [a.pk for a in Article.objects.search("청년 창업가")] == [stored.pk]
