"""The words of initiative names: what opens, heads and ends a name, and what does not.

Tables written as one string per line read better for Korean; a change here changes
what discovery finds, so each table says why it is there.
"""

import re

from tracker.reading.morphology import words

# A sentence worth analysing says something digital.
CUE = re.compile(
    r"(?<![A-Za-z])AI|인공\s?지능|지능형|스마트|디지털|데이터|로봇|챗봇|GPT|지피티|생성형|"
    r"IoT|사물\s?인터넷|메타버스|드론|자율\s?주행|딥\s?러닝|ICT|키오스크|CCTV|플랫폼|"
    r"(?<![가-힣])앱(?![가-힣])|애플리케이션|온라인|비대면|센서|라이다|가상|VR|정보화|시스템"
)
# In the name itself, these make it an AI or digital programme.
NAME_CUE = re.compile(
    r"(?<![A-Za-z])AI|인공\s?지능|지능형|스마트|디지털|데이터|로봇|챗봇|GPT|지피티|생성형|"
    r"IoT|사물\s?인터넷|메타버스|드론|자율\s?주행|딥\s?러닝|ICT|키오스크|CCTV|플랫폼|"
    r"(?<![가-힣])앱|애플리케이션|온라인|비대면|센서|라이다|트윈|가상|VR|AR|e-|프롬프트|"
    r"알고리즘|클라우드|빅데이터|전자|무인|원격|화상|시스템|Pick",
)

# What an initiative is, as the last noun of its name (after action words).
HEADS = words(
    """시스템 체계 서비스 플랫폼 센터 챗봇 로봇 반려로봇 돌봄로봇 스피커 CCTV 카메라 조례
    조례안 계획 전략 비전 로드맵 위원회 혁신위원회 추진단 자문단 협의체 전담팀 팀 TF 과
    아카데미 교육 강좌 교실 과정 공모전 챌린지 경진대회 사업 공모사업 프로젝트 정류장
    버스정류장 스마트정류장 쉼터 스마트쉼터 도서관 인증 앱 애플리케이션 어플 키오스크 관제
    선별관제 통합관제 협약 보관소 횡단보도 보안등 센서 특화도시 도시 클러스터 특구 랩
    리빙랩 대시보드 지도 트윈 디지털트윈 돌봄 돌보미 상담 검진 예측 감시 행정 GPT 포럼
    허브 캠퍼스 존 로봇존 폴 스마트폴 비상벨 모델 솔루션 네트워크 통합플랫폼 스튜디오
    도우미 사회복지사 비서 안내 프로그램 실증 단지 혁신센터 체험관 지원센터 전환 구정
    모니터링 분석 설계 시범사업 관리 알림 알리미 서비스로봇 인프라 거점 배움터 교육장
    콜봇 상담봇 테스트베드"""
)
# Phrases that are not initiatives even with a cue: topics, people, organisations.
NOT_HEADS = words(
    """기술 시대 분야 역량 활용 효과 결과 가능성 기업 사례 정보 방식 수단 기능 관계자 문제
    산업 발전 혁신 트렌드 세상 사회 경쟁력 환경 생태계 강국 전문가 인재 업체 회사 재단
    병원 대학교 대학 공사 공단 협회 기관 경찰서 소방서 구청 시청 청장 구청장 시장 위원장
    대표 기자 교수 주민 시민 구민 어르신 직원 공무원 부서 국 실 원 진흥원 연구원 연구소
    센터장 협의회 대상 수 등 곳 개 명 대 건 년 월 일 원 억 만 전 후 중 내 외 이사장 직무대행
    대행 원장 총장 회장 부구청장 국장 과장 팀장 주무관 의원 의장 세계 자료 이미지 사진
    통해 매출액 결과물 이란 성과 실적
    기반 방안 스마트 디지털 데이터 AI 도약 장려 효율화 일환 계기 목적"""
)
ORG_TAIL = re.compile(
    r"(?:재단|병원|대학교|대학|공사|공단|협회|경찰서|소방서|연구원|진흥원|㈜|주식회사|"
    r"은행|그룹|전자|통신|텔레콤|청)$"
)
# Words that open a phrase without belonging to the name.
LEAD_WORDS = words(
    """지난달 이번달 다음달 그동안 올해 내년 지난해 작년 이번 최근 향후 당시 현재 기존 신규 총 약 각 전 모든 해당 관내
    지역 구 서울 서울시 서울특별시 국내 전국 본격 첫 우리 자체 이 그 이를 이와 다음 달 지난
    오는 내달 이달 올 상반기 하반기 연내 연말 경우 만 및 등 중 또 또한 특히 가운데 한편
    바로 이후 이전 당초 앞서 최초"""
)
# Alone, these name a field, not a programme: kept only when nothing better is told.
GENERIC = words(
    """ai 인공지능 스마트 디지털 데이터 빅데이터 플랫폼 cctv 딥러닝 앱 애플리케이션 챗봇 로봇
    시스템 서비스 gpt 스마트도시 디지털전환 ai서비스 ai시스템 ai로봇 ai기술 스마트행정
    디지털행정 ai교육 ai전략 ai행정 스마트서비스 ai플랫폼 지능형행정"""
)
# CCTV counts are not AI policy; a camera needs an AI word to count.
CAMERA_ONLY = re.compile(r"CCTV|카메라|폐쇄회로")
SMART_CAMERA = re.compile(
    r"(?<![A-Za-z])AI|인공\s?지능|지능형|스마트|딥\s?러닝|선별|고속검색|영상분석"
)
# A quote holding these is a clause or a slogan, not a name.
CLAUSE_TAGS = frozenset(
    {
        "JKS",
        "JKO",
        "JX",
        "JKB",
        "JKG",
        "EF",
        "EC",
        "ETM",
        "VCP",
        "VV",
        "VA",
        "XSV",
        "XSA",
    }
)
# `AI 기술 기업 가온데이터`: an organisation named after what it is.
COMPANY = re.compile(r"(?:기업|업체|회사|스타트업|벤처|법인)\s+\S")
# `개별 AI 서비스`, `챗봇 시스템`, `AI 모델`: a field word and a generic head, which
# could name anything digital.
GENERIC_PAIR = re.compile(
    r"^(?:(?:개별|외부|내부|기존|각종|다양한|구민|주민|맞춤형|편의|사무실|관련)\s?)*"
    r"(?:AI|인공\s?지능|생성형\s?AI|스마트|디지털|데이터|빅\s?데이터|챗봇|온라인|스마트폰|관제)?"
    r"\s?(?:편의\s?)?(?:서비스|시스템|플랫폼|모델|분석|기술|앱|솔루션|기기|도구)$"
)
SEOUL_WORDS = frozenset({"서울", "서울시", "서울특별시"})
# `AI 관련 사업`: something about AI, not a programme.
RELATED = re.compile(r"관련\s?(?:사업|정책|서비스|기술|예산|분야)$")
QUOTED = re.compile(r"[‘“「『《][^’”」』》]{2,40}[’”」』》]|'[^']{2,40}'")
QUOTES = re.compile(r"[‘’'“”\"「」『』《》〈〉<>]")
ACTION_TAILS = words(
    """구축 도입 설치 운영 시범운영 추진 확대 조성 개최 시행 실시 완료 보급 배포 개발
    마련 지원 선정 확충 제공 활용 개소 개관 신설 출범 시작 강화 교체 확산 접목 적용 구현
    이용 도약 장려"""
)
# Where, not what: `AI 실증 시설 한곳에` ends at 시설.
PLACE_TAILS = words("한곳 곳곳 일대 일원 전역 일부 전체 모두 각각 현장 인근 주변")
DISTRICT_NAME = re.compile(r"^[가-힣]{1,4}구$")
