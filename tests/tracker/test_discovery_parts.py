"""The small pure pieces discovery is built from: dates, stages, money, names, kinds,
and how evaluate_corpus scores reported names against labels."""

from datetime import date

import pytest

from tracker.reading.details import amount_near, parse_won, partners
from tracker.reading.event_dates import event_date, find_dates
from tracker.reading.initiative_scores import korean_name, score_initiatives
from tracker.reading.kinds import TYPOLOGY, classify
from tracker.reading.names import dice, flat, key, label_found, same_initiative
from tracker.reading.stages import stage_of

PUBLISHED = date(2025, 3, 20)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("지난해 7월 조직을 개편했다", (date(2024, 7, 1), "month")),
        ("지난해 문을 열었다", (date(2024, 1, 1), "year")),
        ("내년 상반기에 연다", (date(2026, 1, 1), "year")),
        ("올해 하반기부터 운영한다", (date(2025, 7, 1), "year")),
        ("지난 3월 도입했다", (date(2024, 3, 1), "month")),
        ("지난 1월 도입했다", (date(2025, 1, 1), "month")),
        ("오는 12월 포럼을 연다", (date(2025, 12, 1), "month")),
        ("오는 2월 포럼을 연다", (date(2026, 2, 1), "month")),
        ("다음달 4일 개소한다", (date(2025, 4, 4), "day")),
        ("지난달 20일 협약을 맺었다", (date(2025, 2, 20), "day")),
        ("이달 말까지 설치한다", (date(2025, 3, 1), "month")),
        ("지난 28일 선포했다", (date(2025, 2, 28), "day")),
        ("18일부터 시범 운영한다", (date(2025, 3, 18), "day")),
        ("2024년 11월 5일 체결했다", (date(2024, 11, 5), "day")),
        ("2023.9.1 개관했다", (date(2023, 9, 1), "day")),
    ],
)
def test_date_expressions_resolve_against_the_publication_date(sentence, expected):
    assert event_date(sentence, len(sentence), PUBLISHED) == expected


def test_relative_dates_need_a_publication_date_absolute_ones_do_not():
    assert event_date("지난해 7월 개편했다", 10, None) == (None, "")
    assert event_date("2024년 7월 개편했다", 10, None) == (date(2024, 7, 1), "month")


def test_the_date_nearest_before_the_predicate_dates_the_event():
    sentence = "구는 12일부터 챗봇 시범운영을 시작했다고 14일 밝혔다."
    anchor = sentence.index("시범운영")

    assert event_date(sentence, anchor, PUBLISHED) == (date(2025, 3, 12), "day")
    assert [w.day.day for w in find_dates(sentence, PUBLISHED)] == [12, 14]


def test_counts_and_durations_are_not_dates():
    assert find_dates("CCTV 30대를 3개월간 운영했다", PUBLISHED) == []


@pytest.mark.parametrize(
    ("sentence", "name", "stage"),
    [
        ("구는 ‘가온 챗봇’의 시범운영을 시작했다.", "가온 챗봇", "pilot"),
        (
            "구는 가온데이터와 ‘AI 안전망’ 업무협약을 체결했다.",
            "AI 안전망",
            "agreement",
        ),
        (
            "구의회는 「인공지능 기본 조례」를 제정했다.",
            "인공지능 기본 조례",
            "ordinance",
        ),
        ("구는 AI 돌봄 로봇을 200대로 확대한다.", "AI 돌봄 로봇", "expanded"),
        ("구는 스마트쉼터를 내년까지 설치할 계획이다.", "스마트쉼터", "planned"),
        ("구는 ‘AI 도서관’을 개관했다.", "AI 도서관", "launched"),
        ("구는 AI 행정 평가에서 대상을 받았다.", "AI 행정 평가", "awarded"),
        ("구는 공모사업에 선정돼 국비 3억 원을 확보했다.", "공모사업", "funded"),
        ("구는 스마트 검진 시스템 운영을 종료했다.", "스마트 검진 시스템", "ended"),
        ("구는 AI 비전을 선포했다.", "AI 비전", "announced"),
    ],
)
def test_the_predicate_after_the_name_gives_the_stage(sentence, name, stage):
    end = sentence.index(name) + len(name)
    assert stage_of(sentence, end).stage == stage


def test_a_pilot_still_to_come_is_a_plan():
    sentence = "구는 ‘가온 챗봇’을 시범 운영할 예정이다."
    end = sentence.index("챗봇") + 2
    assert stage_of(sentence, end).stage == "planned"


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("2억", 200_000_000),
        ("2억 8천만", 280_000_000),
        ("1천200만", 12_000_000),
        ("3,000만", 30_000_000),
        ("1조 2천억", 1_200_000_000_000),
    ],
)
def test_amounts_of_money_are_read_in_won(text, won):
    assert parse_won(text) == won


def test_the_amount_nearest_the_name_is_its_amount():
    sentence = "구는 AI 관제 시스템에 5억 원을 들이고, 스마트쉼터에는 1억 원을 쓴다."
    assert amount_near(sentence, sentence.index("AI 관제")) == 500_000_000
    assert amount_near(sentence, sentence.index("스마트쉼터")) == 100_000_000


def test_partners_of_an_agreement_are_the_organisations_before_와_과():
    sentence = "서울 구로구는 가온대학교와 한빛데이터㈜와 AI 교육 업무협약을 맺었다."
    assert partners(sentence) == ("가온대학교", "한빛데이터㈜")


def test_the_scoring_rule_is_dice_or_containment_over_letters_and_digits():
    assert flat("AI CCTV 고속검색시스템(구축)") == "aicctv고속검색시스템구축"
    assert dice("가나다라", "가나다라") == 1.0
    assert label_found("AI CCTV 고속검색시스템 구축", "AI CCTV 고속검색시스템")
    assert label_found("스마트 폴, 스마트 주차서비스", "스마트 주차서비스")  # contained
    assert not label_found("AI 돌봄 로봇", "지능형 CCTV")
    assert not label_found("AI 도서관", "AI")  # containment needs 4 characters


def test_wordings_of_one_initiative_share_a_key_and_look_alikes_do_not():
    assert key("AI 산불감시 시스템") == key("인공지능 산불 감시체계")
    assert same_initiative("AI 전문 도서관", "AI 도서관")
    assert same_initiative("챗GPT 유료 계정", "챗지피티 유료 계정 보급")
    assert not same_initiative("AI 돌봄 로봇", "AI 안내 로봇")


def test_kinds_follow_the_head_noun_of_the_name():
    assert classify("인공지능 기본 조례", "") == "ordinance"
    assert classify("AI 혁신 위원회", "") == "governance"
    assert classify("가온 민원 안내 챗봇", "") == "chatbot"
    assert classify("AI 산불 감시 시스템", "") == "disaster-environment"
    assert (
        classify("AI 돌봄 로봇 보급 사업", "홀몸 어르신에게 보급한다") == "senior-care"
    )
    assert classify("지능형 CCTV", "") == "cctv-safety"
    assert classify("한빛 앱", "") == "digital-services"
    assert len(TYPOLOGY) >= 15 and len({k.slug for k in TYPOLOGY}) == len(TYPOLOGY)


def test_the_korean_name_is_in_the_last_parentheses_even_nested():
    label = "Pilot of a chatbot (가온형 인공지능(AI) 민원 안내 챗봇)"
    assert korean_name(label) == "가온형 인공지능(AI) 민원 안내 챗봇"
    assert korean_name("no parentheses") == "no parentheses"


def test_scores_count_recall_coverage_and_reports_where_none_belong():
    gold = [
        {"file": "a", "category": "positive", "is_ai_policy": True,
         "initiatives": ["x (AI 돌봄 로봇)", "y (스마트 쉼터 설치)"]},
        {"file": "b", "category": "positive", "is_ai_policy": True,
         "initiatives": ["z (AI 챗봇)"]},
        {"file": "c", "category": "non_seoul", "is_ai_policy": True,
         "initiatives": ["w (AI 스피커)"]},
        {"file": "d", "category": "negative_seoul_non_ai", "is_ai_policy": False,
         "initiatives": []},
    ]  # fmt: skip
    reported = {"a": ["AI 돌봄 로봇 보급"], "b": [], "c": ["AI 스피커"], "d": []}

    score = score_initiatives(gold, reported)

    assert (score["found"], score["labels"], score["recall"]) == (1, 3, 0.3333)
    assert score["share_with_initiative"] == 0.5
    assert score["reported_on_non_seoul"] == 1
    assert score["reported_on_negative"] == 0


def test_a_partner_described_before_its_name_is_named_alone():
    sentence = (
        "구는 지난달 데이터 분석·AI 기술 기업 가온데이터(GD)와 ‘AI 음성 정류장’ "
        "업무협약을 체결했다."
    )
    assert partners(sentence) == ("가온데이터(GD)",)


def test_a_verb_modifying_the_name_tells_its_stage_when_another_item_follows():
    sentence = (
        "구는 지난해 도입한 ‘가온 AI 상담 콜봇’과 공공와이파이 확대 성과를 알렸다."
    )
    start = sentence.index("가온")
    end = sentence.index("콜봇") + 2
    assert stage_of(sentence, end, start).stage == "launched"
    # with its own predicate after it, that predicate wins
    sentence = "의원이 발의한 ‘가온구 인공지능 조례안’을 원안 가결했다."
    start = sentence.index("가온구")
    end = sentence.index("조례안") + 3
    assert stage_of(sentence, end, start).stage == "ordinance"


def test_the_end_of_this_year_is_a_month():
    assert event_date("올해 말 개소한다", 8, PUBLISHED) == (date(2025, 12, 1), "month")
    assert event_date("연내 도입한다", 5, PUBLISHED) == (date(2025, 1, 1), "year")
