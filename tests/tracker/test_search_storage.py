"""How the search columns are stored: PostgreSQL answers a search from the GIN
indexes on the generated vector and on the pieces vector (the old expression index is
gone, the pieces stay in the row), the generated vector follows ORM updates and Django
never names it, a document past a tsvector's limits is still stored, a long document
of few words keeps every token, and an article's search tokens are those of its
stored title. Most tests here need PostgreSQL and skip on SQLite.

What a search finds and how it ranks is in test_search_matching.py; the texts and
builders are in tests/tracker/searching.py.
"""

import pytest
from django.db import connection

from tests.factories import RawDocumentFactory
from tests.tracker.searching import (
    MAGOK_BODY,
    MAGOK_TITLE,
    MAYOR_BODY,
    MAYOR_TITLE,
    RIVER_BODY,
    RIVER_TITLE,
    article,
    titles,
)
from tracker import search
from tracker.ingest import articles
from tracker.models import Article
from tracker.reading import pipeline

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the search_vector column and its GIN index exist only on PostgreSQL",
)


@pytest.mark.django_db
@postgresql_only
def test_postgresql_answers_the_search_from_the_gin_index():
    article(MAGOK_TITLE, MAGOK_BODY)
    article(MAYOR_TITLE, MAYOR_BODY)
    with connection.cursor() as cursor:
        # A tiny table is cheaper to scan, or to walk in date order (once an earlier
        # test emptied it, the planner knows it is tiny): forbid both so the plan
        # shows which index answers the search.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")

    plan = Article.objects.search("마곡 AI").explain()
    pieces_plan = Article.objects.search("구청장").explain()

    assert "tracker_article_search_vector_gin" in plan
    assert search.INDEX_NAME == "tracker_article_search_vector_gin"
    # A three-syllable word is one entry of the index of pieces: no phrase to check.
    assert "tracker_article_search_grams_gin" in pieces_plan
    assert "search_vector @@" not in pieces_plan
    assert search.GRAMS_INDEX_NAME == "tracker_article_search_grams_gin"


@pytest.mark.django_db
@postgresql_only
def test_the_old_expression_index_is_gone():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'tracker_article'"
        )
        names = {row[0] for row in cursor.fetchall()}

    assert "tracker_article_search_vector_gin" in names
    assert "tracker_article_search_grams_gin" in names
    assert "tracker_article_search_gin" not in names


@pytest.mark.django_db
@postgresql_only
def test_the_pieces_vector_is_kept_in_the_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute"
            " WHERE attrelid = 'tracker_article'::regclass AND attname LIKE 'search_%%'"
        )
        storage = dict(cursor.fetchall())

    # MAIN: compressed, and moved out of the row only as a last resort.
    assert storage[search.GRAMS_COLUMN] == "m"
    assert storage[search.VECTOR_COLUMN] == "x"  # EXTENDED, the default


@pytest.mark.django_db
@postgresql_only
def test_the_stored_vector_follows_orm_updates_of_the_search_columns():
    found = article(RIVER_TITLE, RIVER_BODY)
    assert titles(Article.objects.search("마곡")) == []

    found.title = MAGOK_TITLE
    found.search_title = search.tokens(MAGOK_TITLE)
    found.save()

    assert titles(Article.objects.search("마곡")) == [MAGOK_TITLE]
    assert titles(Article.objects.search("둔치")) == [MAGOK_TITLE]  # still in body

    Article.objects.filter(pk=found.pk).update(
        title=MAYOR_TITLE, **search.fields(MAYOR_TITLE, MAYOR_BODY)
    )

    assert titles(Article.objects.search("마곡")) == []
    assert titles(Article.objects.search("금천")) == [MAYOR_TITLE]
    assert titles(Article.objects.search("금천구청장은")) == [MAYOR_TITLE]
    assert Article.objects.search("구청장").get().search_rank >= 1  # a title hit


@pytest.mark.django_db
@postgresql_only
def test_a_document_with_more_pieces_than_a_tsvector_holds_is_stored():
    # Distinct three-syllable words, more than the budget holds: the pieces alone
    # would make a tsvector over PostgreSQL's 1 MB limit.
    syllables = [chr(0xAC00 + n) for n in range(0, 11172, 7)]
    body = " ".join(
        a + b + c
        for a in syllables[:60]
        for b in syllables[:60]
        for c in syllables[:30]
    )
    assert len(body.split()) * (9 + 4) > 1_048_575  # a piece and its entry, each

    found = article("구청장 인사", body)

    assert titles(Article.objects.search("구청장")) == [found.title]


def test_a_long_document_of_few_words_keeps_every_token():
    # 400,000 tokens, five distinct bigrams: PostgreSQL keeps 255 positions of each,
    # so the repeats cost nothing past those and nothing is cut.
    body = "금천구 인공지능 " * 100_000

    assert (
        search.tokens(body).split()
        == ["금천", "천구", "인공", "공지", "지능"] * 100_000
    )


@pytest.mark.django_db
def test_the_search_tokens_of_an_article_are_those_of_its_stored_title():
    long_title = "가" * 20 + "각" * 600  # a feed may give a title of any length
    analysis = pipeline.analyse(
        MAGOK_BODY.encode(),
        hints=pipeline.Hints(title=long_title),
        file_name="magok.txt",
        max_bytes=1_000_000,
    )
    assert analysis.title == long_title

    stored = articles.new_article(RawDocumentFactory(), analysis, None)

    assert len(stored.title) == 500
    assert stored.search_title == search.tokens(stored.title)


@pytest.mark.django_db
@postgresql_only
def test_a_document_with_more_bigrams_than_a_tsvector_holds_is_stored():
    # Every pair of 500 syllables: 250,000 distinct bigrams, 1.5 MB of lexemes.
    syllables = [chr(0xAC00 + n) for n in range(0, 11172, 22)][:500]
    body = " ".join(a + b for a in syllables for b in syllables)
    assert len(set(body.split())) * 6 > 1_048_575

    found = article("구청장 인사", body)

    assert titles(Article.objects.search("구청장")) == [found.title]
    assert titles(Article.objects.search(body[:2])) == [found.title]  # the first


@pytest.mark.django_db
@postgresql_only
def test_django_never_names_the_generated_column():
    created = Article.objects.create(
        raw=RawDocumentFactory(content=b"1"),
        title=MAGOK_TITLE,
        body=MAGOK_BODY,
        body_hash="a" * 64,
        is_relevant=True,
        **search.fields(MAGOK_TITLE, MAGOK_BODY),
    )
    Article.objects.bulk_create(
        [
            Article(
                raw=RawDocumentFactory(content=b"2"),
                title=MAYOR_TITLE,
                body=MAYOR_BODY,
                body_hash="b" * 64,
                **search.fields(MAYOR_TITLE, MAYOR_BODY),
            )
        ]
    )
    created.refresh_from_db()
    created.save()

    assert "search_vector" not in Article.objects.values().first()
    assert "search_grams_vector" not in Article.objects.values().first()
    assert titles(Article.objects.search("마곡")) == [MAGOK_TITLE]
    assert titles(Article.objects.search("금천")) == [MAYOR_TITLE]
