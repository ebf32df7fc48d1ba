"""The AI-policy relevance scorer on short articles written for these tests."""

import pytest

from tracker.reading.relevance import judge_relevance

AI_POLICY = [
    (
        "금천구, 홀몸 어르신에 AI 돌봄 로봇",
        "금천구는 인공지능 돌봄 로봇을 홀몸 어르신 100명에게 보급한다고 밝혔다. "
        "구는 예산 2억원을 들여 안부 확인과 응급 알림을 지원한다.",
    ),
    (
        "",
        "종로구는 국토교통부의 스마트도시 인증을 받았다. 구는 스마트쉼터와 주민 "
        "민원 앱을 운영하고, 침수 알림 서비스도 도입했다.",
    ),
    (
        "서울시, 생성형 AI 행정 확대",
        "서울시는 공무원 1000명에게 생성형 AI 교육을 하고 챗봇 민원 상담을 늘린다.",
    ),
    (
        "",
        "울산 중구는 AI 행정 활성화 기본계획을 세우고 인공지능 기본 조례를 "
        "제정한다고 밝혔다.",
    ),
]

NOT_AI_POLICY = [
    (
        "강북구 가을 동네 축제",
        "강북구는 이달 마을 축제를 연다. 주민 노래자랑과 먹거리 장터, 음악회가 "
        "열리고 구청장이 참석한다.",
    ),
    (
        "플랫폼 창동서 시민 페스티벌",
        "동북4구는 플랫폼 창동에서 시민 페스티벌을 열고 혁신교육 공연을 한다.",
    ),
    (
        "",
        "한빛대학교병원 연구팀은 인공지능 기반 의료기기 연구개발 과제에 선정됐다고 "
        "밝혔다. 교수 연구진은 AI 분석 기술로 웨어러블 기기를 개발한다.",
    ),
    (
        "",
        "한빛전자는 AI 스피커 신제품을 출시했다. 주가는 3% 올랐고 매출 기대도 커졌다.",
    ),
    ("", "구는 어린이집 급식 지원을 늘리고 경로당 난방비를 지원한다."),
]


@pytest.mark.parametrize(("title", "body"), AI_POLICY)
def test_public_ai_digital_and_smart_city_policy_is_relevant(title, body):
    relevant, confidence = judge_relevance(title, body)
    assert relevant
    assert 0.5 <= confidence <= 1


@pytest.mark.parametrize(("title", "body"), NOT_AI_POLICY)
def test_festivals_research_and_products_are_not_relevant(title, body):
    relevant, confidence = judge_relevance(title, body)
    assert not relevant
    assert 0.5 <= confidence <= 1


# A hospital's AI, told without a public body: the hospital is not the first
# sentence's subject (a quote opens the story), so only the missing actor tells.
HOSPITAL_ROBOTS = (
    "한빛성모병원, 개원식서 AI 로봇 공개",
    "“안녕하세요. 저는 AI 안내 로봇입니다.” 로비에서 인공지능 로봇이 손님을 맞았다. "
    "한빛성모병원은 개원식에서 AI 회진 로봇과 음성인식 챗봇, 자율주행 운반 로봇을 "
    "선보였다. 로봇은 인공지능으로 길을 찾는다.",
)


def test_ai_without_any_public_body_is_not_policy():
    relevant, _ = judge_relevance(*HOSPITAL_ROBOTS)
    assert not relevant
    # The same robots brought in by a district are.
    title, body = HOSPITAL_ROBOTS
    district = body.replace("한빛성모병원은 개원식에서", "한빛구는 구청 민원실에")
    assert judge_relevance(title.replace("한빛성모병원", "한빛구"), district)[0]


def test_a_district_acting_under_its_own_name_is_a_public_body():
    relevant, _ = judge_relevance(
        "한빛구 인공지능 산불 감시체계, 첫 화재 잡아",
        "서울 한빛구는 인공지능 산불 감시체계가 산 연기를 5분 만에 알렸다고 9일 밝혔다.",
    )
    assert relevant


PUBLIC_BODIES = [
    (
        "성동구, AI 안내로봇 도입",
        "성동구에 따르면 인공지능 안내로봇이 역 앞에 배치된다.",
    ),
    (
        "경기도, 생성형 AI 전담팀",
        "경기도는 생성형 AI 전담팀을 신설하고 인공지능을 쓴다.",
    ),
    ("과기정통부, AI 바우처 공고", "과기정통부가 인공지능 바우처 사업을 공고했다."),
    ("구립 도서관에 AI 사서 로봇", "구립 도서관에 인공지능 사서 로봇이 도입됐다."),
    (
        "지하철 AI CCTV",
        "서울교통공사가 역사에 인공지능 CCTV를 설치해 이상행동을 감지한다.",
    ),
    ("생성형 AI 가이드라인", "개인정보보호위원회가 생성형 AI 가이드라인을 공개했다."),
]


@pytest.mark.parametrize(("title", "body"), PUBLIC_BODIES)
def test_a_public_body_named_any_way_keeps_its_ai_story_policy(title, body):
    assert judge_relevance(title, body)[0]


def test_a_smart_city_service_counts_without_the_word_ai():
    relevant, _ = judge_relevance("", AI_POLICY[1][1])
    assert relevant
    assert "AI" not in AI_POLICY[1][1] and "인공지능" not in AI_POLICY[1][1]


def test_more_ai_policy_evidence_means_more_confidence():
    _, thin = judge_relevance("", "구는 민원 안내에 AI 챗봇을 시범 도입한다.")
    _, thick = judge_relevance(*AI_POLICY[0])
    assert thick > thin


def test_empty_text_is_not_relevant():
    assert judge_relevance("", "") == (False, pytest.approx(0.92, abs=0.08))
