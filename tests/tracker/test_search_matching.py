"""What a search finds: how text becomes search tokens (Hangul bigrams, whole Latin
words, the pieces of three to ten syllables of each run) and a query becomes lookups
and a tsquery with its operators stripped; and what `Article.objects.search` finds and
ranks on any database: words inside a compound but never across runs or words, every
word of the query, title matches above body-only ones, junk input without raising,
and as a subquery of the same or another table.

How the search columns are stored (PostgreSQL's generated vector, its GIN indexes and
size limits) is in test_search_storage.py; the texts and builders are in
tests/tracker/searching.py.
"""

import pytest

from tests.factories import ArticleFactory
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
from tracker.models import Article, DedupeKey


def test_hangul_runs_become_bigrams_at_consecutive_positions():
    assert search.tokens("금천구청장") == "금천 천구 구청 청장"


def test_latin_words_stay_whole_and_lower_case():
    assert search.tokens("GPT-4o 도입, AI 행정") == "gpt 4o 도입 ai 행정"


def test_a_mixed_word_splits_into_latin_and_hangul_runs():
    assert search.tokens("AI혁신센터") == "ai 혁신 신센 센터"


def test_a_one_syllable_word_is_kept_as_itself():
    assert search.tokens("구 예산") == "구 예산"


def test_full_width_latin_is_normalised():
    assert search.tokens("ＡＩ 센터") == "ai 센터"


def test_fields_fill_every_search_column():
    assert search.fields("마곡 소식", "AI 센터") == {
        "search_title": "마곡 소식",
        "search_body": "ai 센터",
        "search_grams": "",
    }


def test_each_run_keeps_its_pieces_of_three_to_ten_syllables_once():
    assert search.grams("금천구청장, AI혁신센터 금천구 연구개발단지로") == (
        "금천구 천구청 구청장 금천구청 천구청장 금천구청장 혁신센 신센터 혁신센터"
        " 연구개 구개발 개발단 발단지 단지로 연구개발 구개발단 개발단지 발단지로"
        " 연구개발단 구개발단지 개발단지로 연구개발단지 구개발단지로 연구개발단지로"
    )
    eleven = search.grams("서울스마트도시통합센터")
    assert "서울스마트도시통합센" in eleven.split()
    assert "서울스마트도시통합센터" not in eleven.split()


def test_pieces_never_span_two_runs():
    assert search.grams("한강 서쪽") == ""


def test_a_document_keeps_its_first_pieces_up_to_the_budget(monkeypatch):
    monkeypatch.setattr(search, "GRAMS_MAX_BYTES", 30)  # three pieces of 9 bytes

    assert search.grams("금천구청장 마곡") == "금천구 천구청 구청장"


def test_a_three_to_ten_syllable_word_is_looked_up_as_a_piece():
    assert search.lookups("구청장 스마트도시 연구개발단지 가산디지털단지에서") == (
        "구청장 & 스마트도시 & 연구개발단지 & 가산디지털단지에서",
        "",
    )
    assert not search.checks_each("구청장 스마트도시 연구개발단지 가산디지털단지에서")


def test_a_longer_word_needs_its_pieces_and_the_phrase_of_its_bigrams():
    assert search.lookups("서울스마트도시통합센터") == (
        "서울스마트도시통합센 & 울스마트도시통합센터",
        "(서울 <-> 울스 <-> 스마 <-> 마트 <-> 트도 <-> 도시 <-> 시통 <-> 통합"
        " <-> 합센 <-> 센터)",
    )
    assert search.checks_each("AI 서울스마트도시통합센터")


def test_short_words_and_latin_words_are_looked_up_as_before():
    assert search.lookups("AI 마곡 구 금천구") == ("금천구", "ai & 마곡 & 구:*")


def test_a_query_word_becomes_the_phrase_of_its_bigrams_and_words_are_anded():
    assert search.tsquery("금천구청 AI") == "(금천 <-> 천구 <-> 구청) & ai"


def test_a_one_syllable_query_word_matches_as_a_prefix():
    assert search.tsquery("구") == "구:*"


def test_a_weighted_query_labels_every_lexeme():
    assert search.tsquery("금천구청 AI 구", weight="A") == (
        "(금천:A <-> 천구:A <-> 구청:A) & ai:A & 구:*A"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("' OR 1=1 --", "or & 1"),
        ("금천 & (", "금천"),
        ("마곡 | !강서 <-> ':*", "마곡 & 강서"),
        ("🤖🙂", ""),
    ],
)
def test_operators_in_the_query_never_reach_the_tsquery(query, expected):
    assert search.tsquery(query) == expected


@pytest.mark.django_db
class TestSearchQuerySet:
    def test_a_two_syllable_term_is_found(self):
        article(MAGOK_TITLE, MAGOK_BODY)
        article(RIVER_TITLE, RIVER_BODY)

        assert titles(Article.objects.search("마곡")) == [MAGOK_TITLE]

    def test_a_word_inside_a_compound_is_found(self):
        article(MAYOR_TITLE, MAYOR_BODY)

        assert titles(Article.objects.search("금천")) == [MAYOR_TITLE]

    @pytest.mark.parametrize(
        "query", ["구청장", "금천구청", "금천구청장은", "천구청장"]
    )
    def test_a_three_to_six_syllable_word_inside_a_run_is_found(self, query):
        article(MAYOR_TITLE, MAYOR_BODY)
        article(RIVER_TITLE, RIVER_BODY)

        assert titles(Article.objects.search(query)) == [MAYOR_TITLE]

    @pytest.mark.parametrize(
        "query", ["강서쪽", "한강서쪽", "구청장님", "금천구청장이"]
    )
    def test_a_longer_word_is_not_found_across_runs_or_past_its_run(self, query):
        article(RIVER_TITLE, RIVER_BODY)  # 한강 서쪽: two runs
        article(MAYOR_TITLE, MAYOR_BODY)  # 금천구청장은

        assert titles(Article.objects.search(query)) == []

    @pytest.mark.parametrize(
        ("title", "body"),
        [
            (
                "서울 구청",
                "청장 인사 소식",
            ),  # the title's last bigram, the body's first
            ("구청 청장 인사", "구는 인사를 발표했다."),  # two words side by side
        ],
    )
    def test_a_word_is_not_found_across_two_words(self, title, body):
        article(title, body)

        assert titles(Article.objects.search("구청장")) == []

    def test_a_factory_article_is_found_by_a_three_syllable_word(self):
        found = ArticleFactory(title="강서구 도서관 개관", body="구는 도서관을 열었다.")
        ArticleFactory(title=RIVER_TITLE, body=RIVER_BODY)

        assert list(Article.objects.search("도서관")) == [found]

    @pytest.mark.parametrize(
        ("query", "apart"),
        [
            ("스마트도시", ("스마트도 안내", "마트도시 계획")),  # its own piece
            (  # eleven syllables: its pieces, then checked
                "서울스마트도시통합센터",
                ("서울스마트도시통합센 안내", "울스마트도시통합센터 계획"),
            ),
        ],
    )
    def test_a_long_word_whose_pieces_appear_apart_is_not_found(self, query, apart):
        article(*apart)  # every piece of the word one size down, never the word
        found = article(f"{query} 계획", f"구는 {query}를 세웠다.")

        assert [a.pk for a in Article.objects.search(query)] == [found.pk]

    def test_a_term_whose_syllables_appear_only_apart_is_not_found(self):
        article(RIVER_TITLE, RIVER_BODY)  # 한강 서쪽: 강 and 서, never 강서
        article(MAGOK_TITLE, MAGOK_BODY)  # 강서구

        assert titles(Article.objects.search("강서")) == [MAGOK_TITLE]

    def test_a_title_match_ranks_above_a_body_only_match(self):
        body_only = article(
            "청년 창업 지원 확대", "마곡 창업센터는 마곡 기업과 마곡 주민을 돕는다."
        )
        in_title = article(MAGOK_TITLE, "구는 로봇 시험장을 열었다.")

        found = list(Article.objects.search("마곡").order_by("-search_rank"))

        assert [a.pk for a in found] == [in_title.pk, body_only.pk]
        assert found[0].search_rank > found[1].search_rank

    @pytest.mark.parametrize("query", ["구청장", "구", "AI", "청년 창업"])
    def test_a_title_match_ranks_above_a_body_only_match_for_any_query(self, query):
        body_only = article("서울 소식", f"{MAYOR_BODY} {MAYOR_BODY} {MAYOR_BODY}")
        in_title = article("AI 구청장, 청년 창업가와 간담회", "로봇 시험장을 열었다.")

        found = list(Article.objects.search(query).order_by("-search_rank"))

        assert [a.pk for a in found] == [in_title.pk, body_only.pk]
        assert found[0].search_rank > found[1].search_rank

    def test_every_word_of_the_query_must_match(self):
        article(MAGOK_TITLE, MAGOK_BODY)
        article("마곡 주차장 확충", "마곡 주차장을 늘린다.")

        assert titles(Article.objects.search("마곡 로봇")) == [MAGOK_TITLE]

    def test_a_latin_word_is_found_whatever_its_case(self):
        article(MAGOK_TITLE, MAGOK_BODY)
        article(RIVER_TITLE, RIVER_BODY)

        assert titles(Article.objects.search("ai")) == [MAGOK_TITLE]

    @pytest.mark.parametrize("query", ["' OR 1=1 --", "금천 & (", "'", "🤖", "a:*|!"])
    def test_junk_input_does_not_raise(self, query):
        article(MAYOR_TITLE, MAYOR_BODY)

        found = Article.objects.search(query).order_by("-search_rank")

        assert isinstance(list(found), list)

    def test_a_query_without_letters_matches_nothing(self):
        article(MAYOR_TITLE, MAYOR_BODY)

        assert titles(Article.objects.search("🙂 !!")) == []

    def test_a_blank_query_returns_the_queryset_unchanged(self):
        article(MAYOR_TITLE, MAYOR_BODY)
        queryset = Article.objects.all()

        searched = queryset.search("   ")

        assert searched is queryset
        assert "search_rank" not in searched.query.annotations

    def test_search_composes_with_other_filters(self):
        article(MAGOK_TITLE, MAGOK_BODY)

        assert Article.objects.search("마곡").filter(is_relevant=False).count() == 0
        assert Article.objects.visible().search("마곡").count() == 1

    def test_search_works_as_a_subquery_of_the_same_table(self):
        magok = article(MAGOK_TITLE, MAGOK_BODY)
        river = article(RIVER_TITLE, RIVER_BODY)
        copy_of_magok = article(RIVER_TITLE, RIVER_BODY + " 사본")
        copy_of_magok.duplicate_of = magok
        copy_of_magok.save()

        # The inner query is relabelled (U0): its search must read its own rows,
        # not the outer ones, or this would find the copy of the river article.
        found = Article.objects.filter(duplicate_of__in=Article.objects.search("마곡"))
        by_pk = Article.objects.filter(
            pk__in=Article.objects.search("마곡").values("pk")
        )

        assert list(found) == [copy_of_magok]
        assert found.count() == 1
        assert list(by_pk) == [magok]
        assert river not in by_pk

    def test_search_works_as_a_subquery_of_another_table(self):
        magok = article(MAGOK_TITLE, MAGOK_BODY)
        article(RIVER_TITLE, RIVER_BODY)
        DedupeKey.objects.create(key="k1", article=magok)

        found = DedupeKey.objects.filter(article__in=Article.objects.search("마곡"))

        assert [key.article_id for key in found] == [magok.pk]
        assert found.count() == 1
