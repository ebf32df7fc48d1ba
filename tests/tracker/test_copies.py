"""Near copies are found by their dedupe keys: the originals sharing most keys are
read, the earliest one similar enough is the copy's original."""

import math
from types import SimpleNamespace

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


def analysis_of(body: str, url: str = "", canonical_url: str = ""):
    """What copies.find reads of an analysis."""
    return SimpleNamespace(
        body_hash=dedupe.body_hash(body),
        sketch=dedupe.sketch(body),
        url=url,
        extracted=SimpleNamespace(canonical_url=canonical_url),
    )


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

    assert copies.find(analysis_of(copy)) == copies.Copies(exact=None, near=first.pk)


def test_the_same_text_or_address_is_an_exact_copy_found_with_the_near_one():
    first = stored(STORY, url="https://garam.example/1")
    second = stored(STORY + " 끝.", canonical_url="https://garam.example/2")

    assert copies.find(analysis_of(STORY)) == copies.Copies(first.pk, first.pk)
    by_url = analysis_of("다른 글입니다. " * 8, url="https://garam.example/1")
    assert copies.find(by_url) == copies.Copies(exact=first.pk, near=None)
    by_canonical = analysis_of("다른 글. " * 8, canonical_url="https://garam.example/2")
    assert copies.find(by_canonical).exact == second.pk


def test_copies_of_a_copy_are_not_originals_and_unrelated_text_has_none():
    first = stored(STORY)
    stored(STORY + " 끝.", duplicate_of=first)
    assert copies.find(analysis_of("전혀 다른 이야기입니다. " * 5)).near is None

    sketch = dedupe.sketch(STORY)
    with connection.cursor() as cursor:
        cursor.execute(*copies.candidates(dedupe.lookup_keys(sketch), sketch))
        assert [pk for pk, _ in cursor.fetchall()] == [first.pk]


def test_this_backends_query_finds_what_the_union_of_key_scans_finds():
    stories = [STORY, STORY + " 문의는 구청으로.", STORY.replace("열두", "스무")]
    stories += [
        f"{STORY[:60]} 그리고 {n}번째 다른 이야기가 이어진다." for n in range(6)
    ]
    for body in stories:
        stored(body)
    for body in stories:
        sketch = dedupe.sketch(body)
        keys = dedupe.lookup_keys(sketch)
        with connection.cursor() as cursor:
            cursor.execute(*copies.candidates(keys, sketch))
            rows = [(pk, copies._loaded(sketch)) for pk, sketch in cursor.fetchall()]
        union = union_rows(keys)
        assert [pk for pk, _ in rows] == [pk for pk, _ in union]
        # A sketch left out is one is_near would turn down.
        for (pk, got), (_, full) in zip(rows, union, strict=True):
            assert got == full or (got == [] and not dedupe.is_near(sketch, full)), pk
        assert rows  # the story itself, at least


def test_sketches_that_cannot_be_near_are_not_sent_on_postgresql():
    sentences = [s.strip() + "." for s in STORY.split(".") if s.strip()]
    partial = [
        stored(
            f"{sentence} "
            + " ".join(f"{n}번 글의 {m}번째 다른 소식." for m in range(8))
        )
        for n, sentence in enumerate(sentences * 3)
    ]
    original = stored(STORY)
    copy = "[서울=다른통신] 홍길동 기자 = " + STORY + " 홍길동 기자 hong@example.com"
    sketch = dedupe.sketch(copy)

    with connection.cursor() as cursor:
        cursor.execute(*copies.candidates(dedupe.lookup_keys(sketch), sketch))
        rows = dict(cursor.fetchall())
    assert copies._loaded(rows[original.pk]) == original.sketch
    sharing = [article for article in partial if article.pk in rows]
    assert sharing  # candidates for sharing a key, not near the copy
    for article in sharing:
        assert not dedupe.is_near(sketch, article.sketch)
        expected = None if connection.vendor == "postgresql" else article.sketch
        assert copies._loaded(rows[article.pk]) == copies._loaded(expected)


def test_the_original_is_found_past_more_articles_sharing_keys_than_are_read():
    # Each of these repeats one sentence of the story in a longer text of its own: it
    # shares a few of the story's keys, and is stored before the original.
    sentences = [s.strip() + "." for s in STORY.split(".") if s.strip()]
    for n in range(copies.CANDIDATES + 10):
        own = " ".join(
            f"{n}번 기사의 {m}번째 문장은 다른 동네 소식이다." for m in range(8)
        )
        stored(f"{sentences[n % len(sentences)]} {own}")
    original = stored(STORY)
    copy = "[서울=다른통신] 홍길동 기자 = " + STORY + " 홍길동 기자 hong@example.com"

    keys = dedupe.lookup_keys(dedupe.sketch(copy))
    sharing = DedupeKey.objects.filter(key__in=keys).values("article").distinct()
    assert sharing.count() > copies.CANDIDATES + 1  # more than are read
    assert copies.find(analysis_of(copy)) == copies.Copies(exact=None, near=original.pk)


@pytest.mark.parametrize(
    ("mine_size", "their_size"), [(64, 64), (64, 10), (10, 64), (40, 1)]
)
def test_a_candidate_sharing_enough_hashes_to_be_near_is_always_sent(
    mine_size, their_size
):
    # Hashes as large as blake2b's 64 bits give, compared as the database stores them.
    mine = [2**64 - 1 - 2 * n for n in range(mine_size)]
    k = min(dedupe.SKETCH_SIZE, mine_size, their_size)
    enough = math.ceil(dedupe.NEAR_DUPLICATE * k)  # is_near's first test
    keys = dedupe.lookup_keys(mine)

    def candidate(shared: int):
        own = [2**63 + 2 * n + 1 for n in range(their_size - shared)]  # none of mine
        article = ArticleFactory(sketch=sorted(mine[:shared] + own))
        DedupeKey.objects.create(article=article, key=keys[0])
        return article

    sharing_enough, one_short = candidate(enough), candidate(enough - 1)
    with connection.cursor() as cursor:
        cursor.execute(*copies.candidates(keys, mine))
        rows = {pk: copies._loaded(sketch) for pk, sketch in cursor.fetchall()}

    assert rows[sharing_enough.pk] == sharing_enough.sketch
    short = [] if connection.vendor == "postgresql" else one_short.sketch
    assert rows[one_short.pk] == short
    assert not dedupe.is_near(mine, one_short.sketch)
