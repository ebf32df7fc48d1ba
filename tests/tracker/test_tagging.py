from datetime import date

import pytest

from tracker.reading.tagging import (
    AGREEMENT,
    ANNOUNCED,
    ORDINANCE,
    SCHEDULED,
    CatalogueEntry,
    event_date,
    nearest_event,
    tag_initiatives,
    term_pattern,
)

LIBRARY = CatalogueEntry(
    "gangseo-ai-library",
    "강서구 AI 전문 도서관",
    frozenset({"gangseo"}),
    ("AI 전문 도서관", "AI 도서관"),
)
ORDINANCE_ENTRY = CatalogueEntry(
    "gangseo-ai-basic-ordinance",
    "강서구 인공지능 기본조례",
    frozenset({"gangseo"}),
    ("인공지능 기본조례",),
)
MOU = CatalogueEntry(
    "gangseo-mou",
    "강서구 AI 업무협약",
    frozenset({"gangseo"}),
    ("/AI.{0,20}업무\\s?협약/",),
)
CITY = CatalogueEntry("seoul-plan", "서울시 AI 계획", frozenset(), ("AI 행정 계획",))
CATALOGUE = [LIBRARY, ORDINANCE_ENTRY, MOU, CITY]

TITLE = "강서구, AI도서관 문 연다"
BODY = (
    "서울 강서구는 마곡동에 AI 전문 도서관을 짓는다고 3일 밝혔다.\n\n"
    "구는 지난해 인공지능 기본조례를 제정했다.\n\n"
    "구는 오는 12월 개관 기념 포럼을 열 계획이다."
)


def test_a_phrase_matches_with_or_without_the_space():
    assert term_pattern("AI 도서관").search("강서구 AI도서관 개관")
    assert term_pattern("AI 도서관").search("AI 도서관")
    assert term_pattern("/AI.{0,5}협약/").search("AI 분야 협약")


def test_a_broken_regular_expression_is_reported():
    with pytest.raises(Exception, match="unterminated|missing"):
        term_pattern("/AI(/")


def test_tags_come_with_evidence_spans_and_confidence():
    tagging = tag_initiatives(
        TITLE, BODY, CATALOGUE, {"gangseo"}, published=date(2026, 3, 3)
    )
    tags = {tag.slug: tag for tag in tagging.tags}

    assert set(tags) == {"gangseo-ai-library", "gangseo-ai-basic-ordinance"}
    library = tags["gangseo-ai-library"]
    assert library.evidence == TITLE  # the title names it first
    text = f"{TITLE}\n\n{BODY}"
    assert [text[s:e] for s, e in library.spans] == ["AI도서관", "AI 전문 도서관"]
    assert library.confidence > tags["gangseo-ai-basic-ordinance"].confidence
    assert tags["gangseo-ai-basic-ordinance"].event == ORDINANCE
    assert tagging.suggestions == []


def test_an_initiative_of_another_district_is_not_tagged():
    tagging = tag_initiatives(
        TITLE, BODY, CATALOGUE, {"gangnam"}, published=date(2026, 3, 3)
    )
    assert tagging.tags == []


def test_a_city_wide_initiative_needs_no_district():
    tagging = tag_initiatives(
        "서울시 AI 행정 계획 발표",
        "서울시는 AI 행정 계획을 발표했다.",
        CATALOGUE,
        set(),
    )
    assert [tag.slug for tag in tagging.tags] == ["seoul-plan"]


def detect_event(sentence: str) -> str:
    """The event a sentence tells about something named at its start."""
    return nearest_event(sentence, [(0, len(sentence))], [(0, 0, "")])[0]


def test_events_are_read_from_the_sentence():
    assert detect_event("구는 14개 기관과 업무협약을 맺었다.") == AGREEMENT
    assert detect_event("구는 인공지능 기본조례를 제정했다.") == ORDINANCE
    assert detect_event("구는 오는 12월 포럼을 열 계획이다.") == SCHEDULED
    assert detect_event("구는 AI 특화도시를 선언했다.") == ANNOUNCED
    assert detect_event("도서관은 주말에도 붐볐다.") == ""


def test_event_dates_follow_the_article_date_and_never_guess():
    published = date(2025, 10, 26)
    assert event_date("오는 12월 포럼을 연다.", SCHEDULED, published) == date(
        2025, 12, 1
    )
    assert event_date("오는 3월 포럼을 연다.", SCHEDULED, published) == date(2026, 3, 1)
    assert event_date("지난 15일 버킷리스트를 발표했다.", ANNOUNCED, published) == date(
        2025, 10, 15
    )
    assert event_date("2025년 11월 4일 협약식을 열었다.", AGREEMENT, None) == date(
        2025, 11, 4
    )
    assert event_date("오는 12월 포럼을 연다.", SCHEDULED, None) is None


def test_an_ai_policy_no_initiative_matches_becomes_a_suggestion():
    tagging = tag_initiatives(
        "강동구, 홀몸 어르신에 AI 돌봄 스피커 보급",
        "서울 강동구는 AI 돌봄 스피커를 500가구에 보급한다고 밝혔다. AI 돌봄 스피커는 위급 상황을 알린다.",
        CATALOGUE,
        {"gangdong"},
        primary="gangdong",
    )
    assert tagging.tags == []
    [suggestion] = tagging.suggestions
    assert suggestion.name_ko == "AI 돌봄 스피커"
    assert suggestion.district == "gangdong"
    assert "강동구" in suggestion.evidence


def test_irrelevant_articles_make_no_suggestions():
    tagging = tag_initiatives(
        "강북구 가을 음악회",
        "AI 돌봄 스피커 이야기는 없다.",
        CATALOGUE,
        {"gangbuk"},
        is_relevant=False,
        primary="gangbuk",
    )
    assert tagging.suggestions == []


def test_the_event_nearest_the_initiatives_name_is_its_event():
    declaration = CatalogueEntry(
        "city", "AI 도시 선언", frozenset({"gangseo"}), ("AI 도시",)
    )
    mou = CatalogueEntry(
        "mou", "AI 협약", frozenset({"gangseo"}), ("/AI.{0,20}업무협약식/",)
    )
    title = "강서구, 'AI 도시' 선언"
    body = "구는 'AI 비전 선포·업무협약식'을 열고 12개 기관과 'AI 도시' 조성에 힘을 모으기로 했다."

    tags = {
        t.slug: t
        for t in tag_initiatives(title, body, [declaration, mou], {"gangseo"}).tags
    }

    assert tags["city"].event == ANNOUNCED
    assert tags["mou"].event == AGREEMENT


def test_a_quoted_ordinance_name_still_reads_as_enacted():
    assert (
        detect_event("구는 지난봄 '인공지능 기본조례'를 제정해 시행 중이다.")
        == ORDINANCE
    )
