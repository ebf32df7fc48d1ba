import random

from tracker.reading import dedupe
from tracker.reading.dedupe import (
    NEAR_DUPLICATE,
    body_hash,
    lookup_keys,
    similarity,
    sketch,
)

STORY = (
    "금천구는 가산디지털단지에 인공지능 창업 지원 공간을 새로 연다고 밝혔다. "
    "구는 내년 상반기까지 입주 기업 스무 곳을 모집하고, 데이터 분석 장비와 "
    "전문가 상담을 무료로 제공할 계획이다. 구청장은 개관식에서 지역 청년의 "
    "일자리를 늘리는 데 힘쓰겠다고 말했다. 신청은 구 누리집에서 받는다."
)


def test_the_same_text_with_other_spacing_and_punctuation_has_one_hash():
    assert body_hash(STORY) == body_hash(
        STORY.replace(". ", ".\n\n").replace(",", " ,")
    )
    assert body_hash(STORY) != body_hash(STORY.replace("스무", "서른"))


def test_a_syndicated_copy_with_its_own_dateline_is_a_near_duplicate():
    copy = "[서울=다른통신] 홍길동 기자 = " + STORY + " 홍길동 기자 hong@example.com"

    assert similarity(sketch(STORY), sketch(copy)) >= NEAR_DUPLICATE
    assert set(lookup_keys(sketch(STORY))) & set(lookup_keys(sketch(copy)))


def test_an_unrelated_story_is_not_a_near_duplicate():
    other = (
        "강서구는 마곡지구 도서관에 어린이 코딩 교실을 열고 주말마다 수업을 진행한다. "
        "참가비는 없으며 초등학생 누구나 신청할 수 있다고 구는 설명했다."
    )
    assert similarity(sketch(STORY), sketch(other)) < 0.2
    assert not set(lookup_keys(sketch(STORY))) & set(lookup_keys(sketch(other)))


def test_empty_text_has_no_similarity():
    assert similarity(sketch(""), sketch(STORY)) == 0.0


def test_is_near_agrees_with_the_similarity_threshold():
    rng = random.Random(7)
    pool = rng.sample(range(10**9), 400)
    pairs = 0
    for _ in range(2000):
        shared = rng.sample(pool, rng.randint(0, 64))
        a = sorted(set(shared + rng.sample(pool, rng.randint(0, 64))))[:64]
        b = sorted(set(shared + rng.sample(pool, rng.randint(0, 64))))[:64]
        near = dedupe.similarity(a, b) >= dedupe.NEAR_DUPLICATE
        pairs += near
        assert dedupe.is_near(a, b) == near
    assert 100 < pairs < 1900  # both answers were tried
