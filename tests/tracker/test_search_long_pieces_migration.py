"""Articles stored before migration 0021 are found by words of five to ten syllables
after it, within their districts too."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection

from districts.models import District
from tests.factories import ArticleFactory
from tests.tracker.migrating import latest, migrate
from tracker import search
from tracker.models import Article, DistrictLink

BEFORE = [("tracker", "0020_search_districts")]
TITLE = "강서구, 마곡 연구개발단지에 AI 실증센터"
BODY = "구는 마곡 연구개발단지에 인공지능 실증센터를 열었다."
DONE_BODY = "구는 마곡 연구개발단지에 인공지능 실증센터를 하나 더 열었다."
DONE_PIECES = search.grams(TITLE, DONE_BODY)
SHORT_TITLE = "구청장, 청년과 간담회"
SHORT_BODY = "구청장이 청년과 만나 교육 지원을 약속했다."


def stored_before_0021(title: str, body: str, monkeypatch) -> Article:
    """An article with the pieces 0020's code stored: three and four syllables."""
    with monkeypatch.context() as patch:
        patch.setattr(search, "GRAM_SIZES", (3, 4))
        return ArticleFactory(title=title, body=body, **search.fields(title, body))


@pytest.mark.django_db(transaction=True)  # the migration's batches commit
def test_the_migration_gives_stored_articles_their_long_pieces(monkeypatch):
    if not District.objects.exists():  # an earlier transactional test's flush took them
        import_module("districts.migrations.0002_load_districts").load(
            django_apps, None
        )
    gangseo = District.objects.get(slug="gangseo")
    migrate(BEFORE)
    try:
        long = stored_before_0021(TITLE, BODY, monkeypatch)
        DistrictLink.objects.create(
            article=long, district=gangseo, role="primary", confidence=0.9
        )
        # Odd pieces, and no run of five syllables: the migration has nothing to add.
        short = ArticleFactory(
            title=SHORT_TITLE, body=SHORT_BODY, search_grams="구청장 청년과"
        )
        # Odd pieces beside all its long ones, as a run stopped after its batch left
        # it: not written again.
        done = ArticleFactory(
            title=TITLE, body=DONE_BODY, search_grams=DONE_PIECES + " 표지조각"
        )
        assert "연구개발단지" not in Article.objects.get(pk=long.pk).search_grams
        migrate(latest())
    finally:
        migrate(latest())

    long.refresh_from_db()
    short.refresh_from_db()
    done.refresh_from_db()
    # PostgreSQL's trigger (0020) keeps the district's tokens in front; SQLite has none.
    links = [(gangseo.pk, "primary")] if connection.vendor == "postgresql" else []
    assert long.search_grams == search.fields(TITLE, BODY, links)["search_grams"]
    assert short.search_grams == "구청장 청년과"  # left as it was
    assert done.search_grams == DONE_PIECES + " 표지조각"
    both = {long.pk, done.pk}
    assert {a.pk for a in Article.objects.search("연구개발단지")} == both
    assert {a.pk for a in Article.objects.search("실증센터를")} == both
    within = Article.objects.search("연구개발단지", district_ids=[gangseo.pk])
    assert [a.pk for a in within] == [long.pk]
    assert not Article.objects.search("연구개발단지", district_ids=[gangseo.pk + 1])


@pytest.mark.django_db(transaction=True)
def test_an_article_edited_while_its_batch_is_worked_keeps_its_edit(monkeypatch):
    migrate(BEFORE)
    try:
        edited = stored_before_0021(TITLE, BODY, monkeypatch)
        real = search.grams

        def read_then_edited(title, body):
            # An edit saved after the batch was read, before it is written.
            Article.objects.filter(pk=edited.pk).update(search_grams="편집된 조각")
            return real(title, body)

        monkeypatch.setattr(search, "grams", read_then_edited)
        migrate(latest())
    finally:
        migrate(latest())

    edited.refresh_from_db()
    assert edited.search_grams == "편집된 조각"
