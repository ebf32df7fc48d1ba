"""Korean news texts written for the benchmarks: fictional programmes, people and papers.

Every text is distinct (its own numbers, place, programme and reporter), laid out
as the pages we ingest: headline, dateline with the reporter, body, copyright line.
"""

from __future__ import annotations

import random

DISTRICTS = [
    "종로구",
    "중구",
    "용산구",
    "성동구",
    "광진구",
    "동대문구",
    "중랑구",
    "성북구",
    "강북구",
    "도봉구",
    "노원구",
    "은평구",
    "서대문구",
    "마포구",
    "양천구",
    "강서구",
    "구로구",
    "금천구",
    "영등포구",
    "동작구",
    "관악구",
    "서초구",
    "강남구",
    "송파구",
    "강동구",
]
PROGRAMMES = [
    ("AI 돌봄 스피커", "홀몸 어르신 가구에 보급한다"),
    ("스마트 횡단보도", "초등학교 앞에 설치한다"),
    ("생성형 AI 민원 상담원", "구청 민원 창구에 도입한다"),
    ("디지털 배움터", "주민센터에 연다"),
    ("AI 주차 안내 시스템", "전통시장 공영주차장에 들인다"),
    ("인공지능 악취 감시망", "하천 산책로에 설치한다"),
    ("AI 보행 안전 카메라", "어린이 보호구역에 단다"),
    ("데이터 기반 폭염 쉼터 지도", "누리집에 공개한다"),
]
PAPERS = ["가온일보", "한빛신문", "누리통신", "새벽뉴스", "다솜경제"]
SURNAMES = [
    "김",
    "이",
    "박",
    "최",
    "정",
    "강",
    "조",
    "윤",
    "장",
    "임",
    "한",
    "오",
    "서",
    "신",
    "권",
    "황",
]
GIVEN = [
    "하늘",
    "서준",
    "도윤",
    "하린",
    "지우",
    "예준",
    "시아",
    "주원",
    "나래",
    "바다",
    "솔",
    "가람",
    "은별",
    "태오",
]
PLACES = [
    "행정복지센터",
    "구립도서관",
    "복합문화센터",
    "청소년수련관",
    "보건지소",
    "구민체육센터",
]
SENTENCES = [
    "구는 {month}월까지 시범 운영을 마치고 주민 의견을 모아 대상을 넓힐 계획이다.",
    "사업비 {budget}만 원은 구비와 시비로 마련했다.",
    "운영 결과는 {month}월 구정 보고회에서 공개된다.",
    "{place} {count}곳에서 먼저 시작하고 이용 기록을 분석해 보완한다.",
    '구 관계자는 "주민이 체감하는 변화를 만들겠다"고 말했다.',
    "참여를 원하는 주민은 {month}월 말까지 {place}에 신청하면 된다.",
    "구는 관련 조례를 고쳐 개인정보 보호 기준도 함께 마련했다.",
    "협약에 참여한 기업 {count}곳은 장비와 기술 교육을 맡는다.",
]


def article(n: int, seed: int = 0) -> str:
    rng = random.Random(seed * 100_003 + n)
    gu = DISTRICTS[n % len(DISTRICTS)]
    name, action = PROGRAMMES[(n // len(DISTRICTS)) % len(PROGRAMMES)]
    reporter = rng.choice(SURNAMES) + rng.choice(GIVEN)
    values = {
        "month": rng.randint(1, 12),
        "budget": 1000 + 37 * n + rng.randint(0, 30),
        "place": rng.choice(PLACES),
        "count": rng.randint(2, 40),
    }
    body = [
        f"[서울={rng.choice(PAPERS)}] {reporter} 기자 = 서울 {gu}는 {name}을(를) "
        f"{action}고 {rng.randint(1, 28)}일 밝혔다.",
        f"이번 사업은 {gu}의 {n + 1}번째 인공지능(AI) 시범사업으로, "
        f"{values['place']} {values['count']}곳과 주민 {100 + 7 * n}명이 참여한다.",
        *(s.format(**values) for s in rng.sample(SENTENCES, 4)),
        f"ⓒ {rng.choice(PAPERS)} 무단전재 및 재배포 금지 (기사번호 {seed}-{n:05d})",
    ]
    return "\n".join([f"{gu}, {name} {action.split()[-1]} ({seed}-{n})", *body]) + "\n"


def batch(size: int, seed: int) -> list[tuple[str, bytes]]:
    """`size` distinct (file name, UTF-8 bytes) pairs."""
    return [
        (f"synthetic-{seed}-{n:04d}.txt", article(n, seed).encode())
        for n in range(size)
    ]
