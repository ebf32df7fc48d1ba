"""Discovery on articles written for these tests: which initiatives it finds, for which
district, at which stage and date, and what it leaves alone.

No database: the gazetteer is built from the repo's district names, as in the
linker's tests, and every article is fictional (programme names included).
"""

from datetime import date

import pytest

from districts.gazetteer import AliasRecord, Gazetteer
from districts.seoul import GU, base_aliases
from tracker.reading.discovery import discover
from tracker.reading.pipeline import understand
from tracker.reading.tagging import CatalogueEntry


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_records(
        AliasRecord(gu.slug, text, kind, safe)
        for gu in GU
        for text, kind, safe in base_aliases(gu)
    )


def find(gazetteer, title, body, published=date(2025, 5, 14)):
    links = gazetteer.link(title, body)
    return discover(title, body, districts=links, published=published)


def by_name(mentions):
    return {m.name_ko: m for m in mentions}


CHATBOT_TITLE = "마포구, ‘마포 척척 AI 민원 상담 챗봇’ 선보여"
CHATBOT_BODY = (
    "서울 마포구(구청장 한가람)는 12일부터 ‘마포 척척 AI 민원 상담 챗봇’의 시범운영을 "
    "시작했다고 14일 밝혔다.\n\n"
    "챗봇은 구 누리집에 올린 안내문을 학습해 주차, 쓰레기 배출, 여권 민원에 답한다. "
    "구는 올해 하반기 AI 음성 안내 키오스크 20대를 동 주민센터에 설치할 계획이다.\n\n"
    "한가람 마포구청장은 “주민이 언제든 묻고 답을 얻는 행정을 만들겠다”고 말했다."
)


def test_a_quoted_programme_name_is_found_with_its_district_stage_and_date(gazetteer):
    mentions = by_name(find(gazetteer, CHATBOT_TITLE, CHATBOT_BODY))

    chatbot = mentions["마포 척척 AI 민원 상담 챗봇"]
    assert chatbot.district == "mapo"
    assert chatbot.kind == "chatbot"
    assert chatbot.stage == "pilot"
    # 12일부터 dates the pilot; 14일 밝혔다 only dates the announcement.
    assert (chatbot.event_date, chatbot.date_precision) == (date(2025, 5, 12), "day")
    assert chatbot.evidence.startswith("서울 마포구(구청장 한가람)는 12일부터")


def test_a_planned_rollout_is_planned_and_dated_by_its_half_year(gazetteer):
    mentions = by_name(find(gazetteer, CHATBOT_TITLE, CHATBOT_BODY))

    kiosk = mentions["AI 음성 안내 키오스크"]
    assert kiosk.stage == "planned"
    assert (kiosk.event_date, kiosk.date_precision) == (date(2025, 7, 1), "year")


def test_offsets_point_at_the_name_in_title_and_body(gazetteer):
    text = f"{CHATBOT_TITLE}\n\n{CHATBOT_BODY}"
    for mention in find(gazetteer, CHATBOT_TITLE, CHATBOT_BODY):
        start, end = mention.span
        assert mention.name_ko.replace(" ", "") in text[start:end].replace(" ", "")
        sentence = text[slice(*mention.evidence_span)]
        assert sentence.strip() == mention.evidence


def test_speech_and_slogans_in_quotes_are_not_names(gazetteer):
    names = by_name(find(gazetteer, CHATBOT_TITLE, CHATBOT_BODY))

    assert not [n for n in names if "행정을 만들겠다" in n]


ROUNDUP_TITLE = "자치구들, 생활 속 AI 서비스 잇따라 도입"
ROUNDUP_BODY = (
    "서울 자치구들이 주민 곁으로 인공지능(AI)을 들여오고 있다.\n\n"
    "노원구는 지난달 홀몸 어르신 50가구에 ‘누리봇’ AI 돌봄 로봇을 보급했다. "
    "로봇은 약 먹을 시간을 알려 주고 말벗이 된다.\n\n"
    "은평구는 지능형 CCTV 통합관제 시스템을 오는 9월까지 구축한다. "
    "구는 이 사업에 국비 3억 원을 확보했다.\n\n"
    "서울시는 자치구 담당자를 위한 AI 행정 교육 과정을 내년에 연다."
)


def test_a_roundup_gives_each_district_its_own_initiative(gazetteer):
    mentions = find(gazetteer, ROUNDUP_TITLE, ROUNDUP_BODY)
    where = {m.name_ko: m.district for m in mentions}

    assert where["누리봇 AI 돌봄 로봇"] == "nowon" or where.get("누리봇") == "nowon"
    cctv = next(m for m in mentions if "통합관제 시스템" in m.name_ko)
    assert cctv.district == "eunpyeong"
    assert cctv.kind == "cctv-safety"
    assert (cctv.event_date, cctv.date_precision) == (date(2025, 9, 1), "month")
    course = next(m for m in mentions if "AI 행정 교육" in m.name_ko)
    assert course.district == ""  # the city acts itself
    assert course.stage == "planned"
    assert course.event_date == date(2026, 1, 1)


def test_last_month_resolves_against_the_publication_date(gazetteer):
    mentions = find(gazetteer, ROUNDUP_TITLE, ROUNDUP_BODY, published=date(2025, 1, 8))
    robot = next(m for m in mentions if m.district == "nowon")

    assert robot.kind == "senior-care"
    assert robot.stage == "launched"
    assert (robot.event_date, robot.date_precision) == (date(2024, 12, 1), "month")


def test_without_a_publication_date_relative_dates_give_no_date(gazetteer):
    mentions = find(gazetteer, ROUNDUP_TITLE, ROUNDUP_BODY, published=None)

    assert all(m.event_date is None for m in mentions)


def test_an_event_without_a_date_in_the_text_has_no_date(gazetteer):
    body = "서울 강북구는 AI 기반 불법 주정차 안내 시스템을 도입했다고 밝혔다."
    (mention,) = find(gazetteer, "강북구, 주정차 안내에 AI", body)

    assert mention.stage == "launched"
    assert mention.event_date is None  # never the article's own date by default


def test_money_and_partners_of_an_agreement_are_read(gazetteer):
    body = (
        "서울 도봉구는 가온데이터㈜와 ‘AI 하천 범람 예측 서비스’ 구축 업무협약을 "
        "체결하고 사업비 1억 5천만 원을 들인다고 14일 밝혔다."
    )
    (mention,) = find(gazetteer, "", body)

    assert mention.name_ko == "AI 하천 범람 예측 서비스"
    assert mention.stage == "agreement"
    assert mention.kind == "disaster-environment"
    assert mention.partners == ("가온데이터㈜",)
    # `14일 밝혔다` dates the announcement; the text does not say when it was signed.
    assert mention.event_date is None
    assert mention.amount_won == 150_000_000


def test_counts_of_plain_cctv_are_not_ai_initiatives(gazetteer):
    body = (
        "서울 중랑구는 골목길에 방범용 CCTV 120대를 새로 달았다. "
        "구는 AI 영상분석 기반 실종자 고속검색 시스템도 함께 도입했다."
    )
    names = [m.name_ko for m in find(gazetteer, "", body)]

    assert names == ["AI 영상분석 기반 실종자 고속검색 시스템"]


def test_a_generic_phrase_is_kept_only_when_nothing_better_is_told(gazetteer):
    plain = "서울 관악구는 직원들에게 생성형 AI 활용을 권하며 AI 교육을 열었다."
    specific = plain + " 구는 ‘관악 AI 행정 비서’도 시범 도입했다."

    assert [m.name_ko for m in find(gazetteer, "", plain)] == ["AI 교육"]
    assert [m.name_ko for m in find(gazetteer, "", specific)] == ["관악 AI 행정 비서"]


def test_wordings_of_one_initiative_in_one_article_fold_together(gazetteer):
    body = (
        "서울 양천구는 ‘양천 AI 산불감시 시스템’을 운영한다. "
        "인공지능 산불 감시체계는 열화상 카메라로 연기를 찾는다."
    )
    mentions = find(gazetteer, "", body)

    assert [m.name_ko for m in mentions] == ["양천 AI 산불감시 시스템"]


def test_articles_about_other_cities_or_not_about_ai_get_nothing(gazetteer):
    busan = "부산 강서구는 AI 돌봄 로봇 ‘바다봇’을 홀몸 어르신에게 보급했다."
    festival = "서울 강북구는 가을 축제를 연다. 먹거리 장터와 공연이 열린다."
    hospital = "가온대학교병원 연구팀은 AI 진단 보조 시스템을 개발했다."

    for body in (busan, festival, hospital):
        links, is_relevant, _, tagging = understand("", body, None, gazetteer=gazetteer)
        assert tagging.mentions == []


def test_catalogue_tags_and_discovered_names_make_one_list(gazetteer):
    entry = CatalogueEntry(
        "gangseo-ai-library",
        "강서구 AI 전문 도서관",
        frozenset({"gangseo"}),
        ("AI 전문 도서관",),
        kind="library-hub",
    )
    body = (
        "서울 강서구는 마곡에 AI 전문 도서관을 짓는다고 밝혔다. "
        "구는 AI 기반 스마트 검진 시스템도 도입할 예정이다."
    )
    _, _, _, tagging = understand(
        "", body, None, gazetteer=gazetteer, catalogue=[entry]
    )
    status = {m.name_ko: m.catalogue_slug for m in tagging.mentions}

    assert status == {
        "AI 전문 도서관": "gangseo-ai-library",
        "AI 기반 스마트 검진 시스템": "",
    }


def test_a_quoted_bylaw_of_seoul_and_a_district_belongs_to_the_district(gazetteer):
    body = (
        "서울 광진구의회는 지난 18일 본회의에서 ‘서울특별시 광진구 인공지능 기본 "
        "조례안’을 원안 가결했다고 20일 밝혔다."
    )
    (bylaw,) = find(gazetteer, "", body, published=date(2026, 3, 20))

    assert bylaw.district == "gwangjin"
    assert (bylaw.kind, bylaw.stage) == ("ordinance", "ordinance")
    assert bylaw.event_date == date(2026, 3, 18)


def test_a_place_where_something_is_built_is_not_an_initiative(gazetteer):
    body = (
        "서울 구로구는 내년까지 ‘AI 실증 테스트베드’를 구로디지털단지에 조성하기로 했다. "
        "구는 어르신 대상 디지털 배움터 20곳을 열 계획이다."
    )
    names = [m.name_ko for m in find(gazetteer, "", body)]

    assert names == ["AI 실증 테스트베드", "어르신 대상 디지털 배움터"]


def test_a_huge_run_on_text_is_read_in_bounded_pieces(gazetteer, monkeypatch):
    from tracker.reading import discovery, morphology

    seen = []
    real = morphology.analyse

    def spy(sentences):
        seen.extend(sentences)
        return real(sentences)

    monkeypatch.setattr(discovery.morphology, "analyse", spy)
    body = (
        "서울 마포구는 AI 돌봄 로봇을 홀몸 어르신에게 보급한다 " * 8000
    )  # no full stop

    mentions = find(gazetteer, "", body)

    assert len(seen) == discovery.MAX_SENTENCES
    assert max(map(len, seen)) <= discovery.MAX_SENTENCE_CHARS
    assert [m.name_ko for m in mentions] == ["AI 돌봄 로봇"]
