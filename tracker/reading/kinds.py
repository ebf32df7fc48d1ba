"""The typology of municipal AI policy: what kinds of thing Seoul's districts do with AI.

Kept as data. A migration loads `TYPOLOGY` into `InitiativeKind` rows, curators edit
names and cue words in the admin, and the discovery step receives the rows back as
`KindSpec`s, so a cue a curator adds is used on the next article.

Each kind maps to the nearest OECD.AI policy-instrument category, so a row of the
matrix can be read next to national data. The cue words are what signals the kind in
an initiative's name (weighed most) or in the sentence that reports it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# OECD.AI policy-instrument categories (oecd.ai/en/dashboards/policy-instruments).
GOVERNANCE = "governance"
FINANCIAL = "financial support"
REGULATION = "guidance and regulation"
ENABLERS = "AI enablers and other incentives"


@dataclass(frozen=True)
class KindSpec:
    slug: str
    name_ko: str
    name_en: str
    definition_ko: str
    definition_en: str
    cues: tuple[str, ...]
    oecd_category: str
    oecd_instrument: str
    category: str  # the coarse Initiative.Category this kind belongs to


def _kind(slug, name_ko, name_en, definition_ko, definition_en, cues, oecd, category):
    category_oecd, instrument = oecd
    return KindSpec(
        slug,
        name_ko,
        name_en,
        definition_ko,
        definition_en,
        tuple(cues.split()),
        category_oecd,
        instrument,
        category,
    )


# Order matters on ties: the more specific kind comes first.
TYPOLOGY: tuple[KindSpec, ...] = (
    _kind(
        "ordinance",
        "AI 조례·조례안",
        "AI ordinance or council proposal",
        "인공지능·데이터·스마트도시에 관한 자치법규의 제정, 개정, 발의.",
        "A by-law on AI, data or the smart city: enacted, amended or proposed in the council.",
        "조례 조례안 자치법규 구의회 발의 제정 공포",
        (REGULATION, "Emerging AI-related regulation"),
        "governance",
    ),
    _kind(
        "governance",
        "추진단·위원회·전담 조직",
        "Governance body or dedicated team",
        "AI 정책을 이끄는 추진단, 자문단, 위원회, 협의체, 전담 부서나 팀.",
        "A task force, advisory group, committee or dedicated unit that steers AI policy.",
        "추진단 자문단 위원회 협의체 전담팀 전담조직 TF 태스크포스 혁신팀 혁신과 스마트혁신과 "
        "디지털정책과 신설 출범 발족",
        (GOVERNANCE, "AI coordination and monitoring bodies"),
        "governance",
    ),
    _kind(
        "plan",
        "AI 계획·전략",
        "AI plan or strategy",
        "AI·스마트도시 기본계획, 중장기 전략, 비전 선포와 추진 과제.",
        "A basic plan, mid-term strategy, vision or list of tasks for AI or the smart city.",
        "계획 기본계획 스마트도시계획 전략 로드맵 비전 선포 선언 마스터플랜 추진과제 과제 "
        "버킷리스트 특화도시 청사진",
        (GOVERNANCE, "National AI strategies and plans (local level)"),
        "governance",
    ),
    _kind(
        "partnership",
        "업무협약·협력",
        "MOU or partnership",
        "기관, 기업, 대학과 맺은 AI 업무협약이나 협력 체계.",
        "An MOU or partnership with agencies, companies or universities on AI.",
        "업무협약 협약 협약식 MOU 맞손 협력 컨소시엄 파트너십",
        (ENABLERS, "Networking and collaborative platforms"),
        "partnership",
    ),
    _kind(
        "award",
        "수상·인증",
        "Award or certification",
        "AI·스마트도시 분야의 수상, 인증, 평가에서 받은 등급.",
        "A prize, certification or rating won for AI or smart-city work.",
        "수상 인증 최우수 우수상 장관상 표창 챔피언 평가 어워드 선정",
        (ENABLERS, "Science and innovation challenges, prizes and awards"),
        "administration",
    ),
    _kind(
        "funding",
        "예산·공모 선정",
        "Budget or funding won",
        "AI 사업을 위해 확보한 국비·시비, 공모 선정, 편성한 예산.",
        "National or city money won in a contest, or budget set aside, for AI work.",
        "예산 국비 시비 공모 공모사업 사업비 확보 지원금 특별교부세",
        (FINANCIAL, "Project grants for public sector AI"),
        "administration",
    ),
    _kind(
        "genai-staff",
        "직원용 생성형 AI",
        "Generative AI for staff",
        "공무원이 쓰는 생성형 AI: 자체 GPT, 유료 계정 보급, 업무 지원 챗봇, 활용 공모전.",
        "Generative AI for officials: in-house GPT, paid accounts, work assistants, use-case contests.",
        "GPT 챗GPT 챗지피티 ChatGPT 생성형 LLM 업무지원 행정업무 공무원 직원 계정 유료 "
        "프롬프트 공모전 챌린지 적용사례 보고서 초안",
        (ENABLERS, "Public sector adoption of AI"),
        "administration",
    ),
    _kind(
        "chatbot",
        "챗봇·AI 민원 안내",
        "Chatbot or AI complaint guide",
        "주민에게 답하는 챗봇, AI 민원 안내·상담, AI 콜센터.",
        "A chatbot, AI complaint guide, AI counselling or call centre for residents.",
        "챗봇 콜봇 상담봇 민원 민원안내 상담 콜센터 질의응답 답변 누리집 홈페이지 사회복지사",
        (ENABLERS, "Public sector adoption of AI"),
        "administration",
    ),
    _kind(
        "senior-care",
        "AI 어르신 돌봄",
        "AI care for seniors",
        "홀몸 어르신 등에게 보급하는 AI 스피커, 반려·돌봄 로봇, AI 안부 확인.",
        "AI speakers, companion and care robots, AI check-in calls for seniors living alone.",
        "돌봄 돌보미 어르신 노인 홀몸 독거 반려로봇 돌봄로봇 스피커 안부 고독사 효돌 효순 "
        "1인가구 취약가구 말벗 치매예방",
        (ENABLERS, "Public sector adoption of AI"),
        "welfare",
    ),
    _kind(
        "cctv-safety",
        "지능형 CCTV·안전",
        "Intelligent CCTV and safety",
        "지능형·AI CCTV, 선별관제, 실종자 검색, 인파 관리, 범죄 예방.",
        "Intelligent or AI CCTV, selective monitoring, missing-person search, crowd and crime control.",
        "CCTV 지능형 선별관제 관제 관제센터 실종 배회 인파 범죄 방범 영상분석 고속검색 "
        "통합관제 딥러닝 카메라 안전",
        (ENABLERS, "Public sector adoption of AI"),
        "safety",
    ),
    _kind(
        "disaster-environment",
        "재난·환경 감시",
        "Disaster and environment monitoring",
        "산불, 침수, 도로 함몰, 대기질, 폭염 같은 재난·환경을 AI로 감시하고 예측.",
        "AI watching or predicting wildfire, flooding, road cavities, air quality or heat.",
        "산불 침수 홍수 하천 싱크홀 지반침하 동공 도로함몰 재난 미세먼지 대기질 폭염 "
        "비상벨 화재 반지하 예·경보",
        (ENABLERS, "Public sector adoption of AI"),
        "safety",
    ),
    _kind(
        "street-devices",
        "스마트 쉼터·정류장·거리 기기",
        "Smart shelters, bus stops and street devices",
        "스마트쉼터, 스마트 정류장, 스마트폴, 보안등처럼 거리에 놓는 기기.",
        "Smart shelters, bus stops, poles, lights and other devices placed in the street.",
        "쉼터 정류장 버스정류장 스마트폴 보안등 가로등 벤치 횡단보도 로고젝트 스몸비 "
        "굴다리 지하차도",
        (ENABLERS, "Dedicated support to research and innovation infrastructure"),
        "infrastructure",
    ),
    _kind(
        "mobility",
        "스마트 교통·주차",
        "Smart mobility and parking",
        "주차, 개인형 이동장치, 교통 신호와 정보에 쓰는 스마트 기술.",
        "Smart technology for parking, personal mobility, traffic signals and information.",
        "주차 주정차 교통 신호 개인형이동장치 킥보드 보관소 자율주행 셔틀 모빌리티",
        (ENABLERS, "Dedicated support to research and innovation infrastructure"),
        "infrastructure",
    ),
    _kind(
        "health",
        "AI 건강·보건",
        "AI health",
        "AI 건강관리, 검진, 감염병 예측, 보건소 서비스.",
        "AI health management, check-ups, epidemic prediction, health-centre services.",
        "건강 보건 보건소 검진 헬스케어 감염병 의료 건강관리 키오스크 치매",
        (ENABLERS, "Public sector adoption of AI"),
        "welfare",
    ),
    _kind(
        "education",
        "AI 교육·리터러시",
        "AI education and literacy",
        "주민, 학생, 직원을 위한 AI 교육, 아카데미, 강좌, 디지털 역량 강화.",
        "AI courses, academies and digital-skills training for residents, pupils or staff.",
        "교육 아카데미 강좌 강의 교실 리터러시 역량 연수 캠프 코딩 체험 배움 배움터 학교 특강",
        (ENABLERS, "Formal education and skills"),
        "education",
    ),
    _kind(
        "library-hub",
        "도서관·센터·거점",
        "Library, centre or hub",
        "AI 도서관, 체험관, 혁신센터, 지원센터처럼 문을 여는 공간.",
        "An AI library, experience hall, innovation or support centre: a place that opens.",
        "도서관 센터 혁신센터 체험관 허브 거점 공간 랩 라운지 스튜디오",
        (ENABLERS, "Dedicated support to research and innovation infrastructure"),
        "infrastructure",
    ),
    _kind(
        "industry",
        "산업·창업 지원",
        "Industry cluster or start-up support",
        "AI 기업 유치와 육성, 창업 지원, 산업 클러스터, 특구, 입주 공간.",
        "Attracting and growing AI firms, start-up support, clusters, special zones, tenancies.",
        "산업 창업 스타트업 기업 클러스터 산업단지 밸리 특구 입주 육성 신산업 로봇산업 "
        "규제 샌드박스",
        (FINANCIAL, "Grants and support for business innovation"),
        "economy",
    ),
    _kind(
        "data-platform",
        "데이터 플랫폼",
        "Data platform",
        "빅데이터 분석, 통합 플랫폼, 대시보드, 디지털 트윈처럼 데이터를 모으고 보여 주는 체계.",
        "Systems that gather and show data: big-data analysis, integrated platforms, dashboards, digital twins.",
        "데이터 빅데이터 플랫폼 통합플랫폼 대시보드 디지털트윈 시각화 분석 지도 GIS",
        (ENABLERS, "Information services and access to datasets"),
        "infrastructure",
    ),
    _kind(
        "service-robots",
        "공공 서비스 로봇",
        "Robots in public services",
        "안내, 배달, 교육, 보육에 쓰는 공공 서비스 로봇.",
        "Robots that guide, deliver, teach or assist in public services.",
        "로봇 안내로봇 배달로봇 소셜로봇 서빙로봇 로봇존",
        (ENABLERS, "Public sector adoption of AI"),
        "administration",
    ),
    _kind(
        "digital-services",
        "디지털 행정 서비스",
        "Digital public services",
        "앱, 온라인 서비스, 무인 민원, 사물인터넷처럼 주민이 쓰는 디지털 행정 서비스.",
        "Apps, online services, unmanned kiosks, IoT and other digital services residents use.",
        "앱 애플리케이션 온라인 서비스 무인 사물인터넷 IoT 스마트 디지털 비대면 메타버스 "
        "플랫폼 시스템",
        (ENABLERS, "Public sector adoption of AI"),
        "administration",
    ),
)

DEFAULT_KIND = "digital-services"
EVENT_KINDS = frozenset({"award", "funding", "partnership"})


_SPACES = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text)


@functools.lru_cache(maxsize=256)  # kinds edited in the admin add a few
def _flat_cues(cues: tuple[str, ...]) -> tuple[str, ...]:
    # Every candidate name is classified against every kind: squeezed once each.
    return tuple(_squeeze(cue) for cue in cues if cue.strip())


def classify(name: str, sentence: str, kinds: tuple[KindSpec, ...] = TYPOLOGY) -> str:
    """The kind whose cue words the name carries, helped by its sentence.

    A cue that is the head noun of the name (조례, 위원회, 챗봇, CCTV, once generic
    tails like 사업 or 시스템 are off) decides most: `AI 돌봄 로봇 보급 사업` is care.
    Then any cue inside the name, then cues in the sentence (at most three count).
    The catch-all kind (digital services) wins only when nothing else speaks.
    """
    name_flat, sentence_flat = _squeeze(name), _squeeze(sentence)
    best, best_score = DEFAULT_KIND, 0.0
    for rank, kind in enumerate(kinds):
        if kind.slug == DEFAULT_KIND:
            continue
        cues = _flat_cues(kind.cues)
        in_name = [cue for cue in cues if cue in name_flat]
        score = 0.0
        if any(_head_of(name_flat, cue) for cue in in_name):
            score = 5.0
        elif in_name:
            # Of two cues in a name, the one nearer its head says more: `스마트 주차
            # 안내 시스템` is parking before it is guidance.
            score = 3.0 + max(name_flat.rfind(cue) + len(cue) for cue in in_name) / (
                10 * len(name_flat)
            )
        # An award, a grant or an MOU is what happened to a thing, not what the thing
        # is: those kinds come from the name alone (`AI 관리 시스템` praised in a prize
        # sentence is still a system).
        if kind.slug not in EVENT_KINDS:
            score += min(
                3, sum(cue in sentence_flat for cue in cues if cue not in in_name)
            )
        score -= rank * 1e-3  # earlier kinds win ties
        if score > best_score:
            best, best_score = kind.slug, score
    # A lone sentence cue is too little to leave the catch-all.
    return best if best_score >= 2.0 else DEFAULT_KIND


_GENERIC_TAILS = (
    "사업",
    "서비스",
    "시스템",
    "구축",
    "도입",
    "운영",
    "설치",
    "확대",
    "조성",
)


def _head_of(name: str, cue: str) -> bool:
    """Is `cue` the head noun of `name`, once generic tails (사업, 구축 ...) are off?"""
    core = name
    changed = True
    while changed:
        changed = False
        for tail in _GENERIC_TAILS:
            if core.endswith(tail) and len(core) > len(tail) and tail != cue:
                core, changed = core[: -len(tail)], True
    return core.endswith(cue)
