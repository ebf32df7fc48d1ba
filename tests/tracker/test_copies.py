"""Near copies are found by their dedupe keys: the originals sharing most keys are
read, the earliest one similar enough is the copy's original."""

import pytest
from django.db import connection

from tests.factories import ArticleFactory
from tracker.ingest import copies
from tracker.models import DedupeKey
from tracker.reading import dedupe

pytestmark = pytest.mark.django_db

STORY = (
    "도봉구는 경로당 열두 곳에 인공지능 말벗 로봇을 배치한다고 밝혔다. 로봇은 어르신의 "
    "안부를 묻고 복약 시간을 알려 준다. 구는 오는 오월까지 이용 기록을 모아 도봉구 "
    "전역으로 넓힐지 정한다. 구청장은 어르신들이 외롭지 않도록 돕겠다고 말했다."
)


def stored(body: str, **fields):
    article = ArticleFactory(body=body, **fields)
    DedupeKey.objects.bulk_create(
        DedupeKey(article=article, key=key)
        for key in dedupe.lookup_keys(article.sketch)
    )
    return article


def union_rows(keys: list[str]) -> list[tuple]:
    """What the UNION form of the query (SQLite's) returns, on any backend."""
    with connection.cursor() as cursor:
        cursor.execute(copies._ranked(f"({copies._union(len(keys))}) AS hits"), keys)
        return [(pk, copies._loaded(sketch)) for pk, sketch in cursor.fetchall()]


def test_the_earliest_similar_original_is_the_copy_of_a_syndicated_story():
    first = stored(STORY)
    stored(STORY + " 문의는 구청 어르신복지과로 하면 된다.")  # a later near copy
    stored("강서구는 마곡지구 도서관에 어린이 코딩 교실을 열고 주말마다 수업을 한다.")
    copy = "[서울=다른통신] 홍길동 기자 = " + STORY + " 홍길동 기자 hong@example.com"

    assert copies.near_copy(dedupe.sketch(copy)) == first.pk


def test_copies_of_a_copy_are_not_originals_and_unrelated_text_has_none():
    first = stored(STORY)
    stored(STORY + " 끝.", duplicate_of=first)
    assert copies.near_copy(dedupe.sketch("전혀 다른 이야기입니다. " * 5)) is None

    keys = dedupe.lookup_keys(dedupe.sketch(STORY))
    with connection.cursor() as cursor:
        cursor.execute(*copies.candidates(keys))
        assert [pk for pk, _ in cursor.fetchall()] == [first.pk]


def test_this_backends_query_finds_what_the_union_of_key_scans_finds():
    stories = [STORY, STORY + " 문의는 구청으로.", STORY.replace("열두", "스무")]
    stories += [
        f"{STORY[:60]} 그리고 {n}번째 다른 이야기가 이어진다." for n in range(6)
    ]
    for body in stories:
        stored(body)
    for body in stories:
        keys = dedupe.lookup_keys(dedupe.sketch(body))
        with connection.cursor() as cursor:
            cursor.execute(*copies.candidates(keys))
            rows = [(pk, copies._loaded(sketch)) for pk, sketch in cursor.fetchall()]
        assert rows == union_rows(keys)
        assert rows  # the story itself, at least
