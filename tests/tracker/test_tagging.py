from datetime import date

import pytest

from tracker.reading.tagging import CatalogueEntry, tag_initiatives, term_pattern

AGREEMENT, ANNOUNCED, ORDINANCE = "agreement", "announced", "ordinance"

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


LAB = CatalogueEntry("lab", "AI 실험실", frozenset({"gangseo"}), ("AI 실험실",))


def lab_event(body: str, published=date(2025, 10, 26)):
    """The event and date a tag on the AI lab carries for this body."""
    (tag,) = tag_initiatives("", body, [LAB], {"gangseo"}, published=published).tags
    return tag.event, tag.event_date


def test_events_are_read_from_the_sentence():
    assert lab_event("구는 AI 실험실 업무협약을 맺었다.")[0] == AGREEMENT
    assert lab_event("구는 오는 12월 AI 실험실을 열 계획이다.")[0] == "planned"
    assert lab_event("구는 AI 실험실 비전을 선포했다.")[0] == ANNOUNCED
    assert lab_event("AI 실험실은 주말에도 붐볐다.")[0] == ANNOUNCED


def test_event_dates_follow_the_article_date_and_never_guess():
    assert lab_event("구는 오는 12월 AI 실험실을 연다.")[1] == date(2025, 12, 1)
    assert lab_event("구는 오는 3월 AI 실험실을 연다.")[1] == date(2026, 3, 1)
    assert lab_event("구는 지난 15일 AI 실험실을 개소했다.")[1] == date(2025, 10, 15)
    when = lab_event("구는 2025년 11월 4일 AI 실험실 협약식을 열었다.", None)[1]
    assert when == date(2025, 11, 4)
    assert lab_event("구는 오는 12월 AI 실험실을 연다.", None)[1] is None


def test_the_furthest_stage_told_about_an_initiative_is_its_event():
    body = "구는 AI 실험실 구상을 밝혔다. 구는 지난 20일 AI 실험실을 개소했다."
    assert lab_event(body) == ("launched", date(2025, 10, 20))


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
    entry = CatalogueEntry("law", "AI 조례", frozenset({"gangseo"}), ("기본조례",))
    body = "구는 지난봄 '인공지능 기본조례'를 제정해 시행 중이다."
    (tag,) = tag_initiatives("", body, [entry], {"gangseo"}).tags
    assert tag.event == ORDINANCE
