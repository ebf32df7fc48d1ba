"""A stream of Korean news pages for the ingestion benchmark, written from templates.

Everything here is made up for the benchmark (outlets, reporters, programmes and
numbers): nothing comes from the corpus. The mix is shaped like a real archive:

- most pages report a district's AI programme (care speakers, chatbots, CCTV, ...),
  and each (district, programme) pair returns in later articles at a later stage,
  so discovery keeps meeting initiatives it already recorded;
- some name what the shipped catalogue knows (AI 특화도시, G밸리 AI혁신센터),
  some are Seoul city-wide, some are other district news with no AI in them;
- a few repeat: the same bytes sent twice, the same story under another outlet's
  header (same body), and a syndicated copy with the dateline and a sentence changed
  (a near duplicate);
- about half are HTML pages with meta tags and menus, the rest plain text.

`documents(n, seed)` yields (file name, bytes) pairs; the same arguments give the
same pages.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from datetime import date, timedelta

from districts.seoul import GU

# Busier districts appear more often, as in the real corpus.
WEIGHTS = {"gangseo": 5, "geumcheon": 5, "gangnam": 3, "mapo": 3, "seongdong": 3}
OUTLETS = ["가온일보", "한빛신문", "누리통신", "새벽뉴스", "다솜경제", "마루타임즈"]
REPORTERS = ["김하늘", "이서준", "박도윤", "최하린", "정지우", "강예준", "윤시아"]
# (programme, what it does, where): districts run these under their own names.
PROGRAMMES = [
    ("AI 돌봄 스피커", "홀몸 어르신 가구에 보급한다", "가구"),
    ("생성형 AI 민원 상담 챗봇", "구청 누리집과 민원실에 도입한다", "창구"),
    ("AI 방범 CCTV", "골목길과 공원에 설치한다", "곳"),
    ("AI 스마트 횡단보도", "초등학교 앞에 설치한다", "곳"),
    ("AI 디지털 배움터", "주민센터에 문을 연다", "곳"),
    ("AI 주차 안내 시스템", "전통시장 공영주차장에 들인다", "면"),
    ("AI 침수 예측 시스템", "저지대 주택가에 구축한다", "곳"),
    ("AI 돌봄 로봇", "경로당과 복지관에 배치한다", "대"),
    ("인공지능 기본조례", "구의회에서 제정했다", "조"),
    ("AI 교육 거점 센터", "구립도서관 안에 조성한다", "곳"),
]
STAGES = [
    "추진한다고 {day}일 밝혔다",
    "시범 운영을 시작했다고 {day}일 밝혔다",
    "예산 {money}억 원을 확보했다고 {day}일 밝혔다",
    "{partners}와 업무협약을 맺었다고 {day}일 밝혔다",
    "정식 운영에 들어갔다고 {day}일 밝혔다",
    "{n}곳으로 운영을 넓혔다고 {day}일 전했다",
    "이용자가 {n}천 명을 넘었다고 {day}일 발표했다",
    "올해 성과를 {day}일 구정 보고회에서 공개했다",
]
PARTNERS = ["한국인공지능협회", "서울디지털재단", "구립복지관", "지역 대학", "통신사"]
CATALOGUE = {  # what the shipped catalogue's terms catch, in our own sentences
    "gangseo": "강서구는 사람 중심의 AI 특화도시를 만들기 위해 AI 전문 도서관 건립도 준비한다.",
    "geumcheon": "금천구는 G밸리 옛 세관 부지에 AI혁신센터를 세우는 계획도 함께 설명했다.",
}
OFF_TOPIC = [
    ("가을 축제", "{gu} 한마당 축제가 {day}일 구민운동장에서 열린다."),
    ("도로 정비", "{gu}는 노후 보도블록 {n}곳을 다음 달까지 교체한다."),
    ("김장 나눔", "{gu} 새마을부녀회가 김장김치 {n}상자를 이웃에 전했다."),
    ("체육대회", "{gu}청 직원 체육대회가 {day}일 구민체육센터에서 열렸다."),
]
# Sentences built from parts, so that two pages rarely share more than a phrase
# (shared sentences would make every page a near-duplicate candidate of every other).
SPEAKERS = [
    "구 관계자는",
    "구청장은",
    "담당 과장은",
    "주민자치회장은",
    "한 주민은",
    "자문위원장은",
    "구의회 의장은",
    "복지관장은",
    "센터장은",
    "동장은",
]
AIMS = [
    "주민 편의를",
    "행정 효율을",
    "안전 사각지대를",
    "돌봄 공백을",
    "민원 대기 시간을",
    "디지털 격차를",
    "지역 상권을",
    "청년 일자리를",
    "골목 안전을",
    "어르신 고립을",
    "에너지 낭비를",
    "교통 혼잡을",
]
HOWS = [
    "꾸준히",
    "빠르게",
    "차근차근",
    "적극적으로",
    "세심하게",
    "끝까지",
    "과감하게",
    "착실히",
    "꼼꼼하게",
    "한발 앞서",
]
DOES = [
    "줄이겠다",
    "넓히겠다",
    "채우겠다",
    "살피겠다",
    "높이겠다",
    "메우겠다",
    "되살리겠다",
    "늘리겠다",
    "지키겠다",
    "덜겠다",
]
SITES = [
    "행정복지센터",
    "구립도서관",
    "복합문화센터",
    "청소년수련관",
    "보건지소",
    "구민체육센터",
    "경로당",
    "작은도서관",
    "육아종합지원센터",
    "평생학습관",
    "전통시장 고객센터",
    "공영주차장",
    "주민자치회관",
    "마을활력소",
    "청년센터",
]
WHOM = [
    "어르신",
    "청소년",
    "1인 가구",
    "장애인",
    "소상공인",
    "다문화 가족",
    "맞벌이 가정",
    "경로당 회원",
    "취약계층",
    "학부모",
    "외국인 주민",
    "구직자",
]
ACTIVITIES = [
    "체험 교실",
    "활용 교육",
    "상담 주간",
    "현장 점검",
    "만족도 조사",
    "시연회",
    "설명회",
    "찾아가는 강좌",
    "사용 안내",
    "의견 수렴",
]
FUNDS = [
    "구비",
    "시비와 구비",
    "국비 공모 사업비",
    "특별교부금",
    "민간 기부금",
    "주민참여예산",
]
CHANNELS = ["동 주민센터", "구청 누리집", "전화", "모바일 앱", "우편", "방문 접수"]
CHECKS = [
    "이용률",
    "응답 정확도",
    "주민 만족도",
    "처리 시간",
    "오작동 건수",
    "개인정보 보호 실태",
    "운영 비용",
    "재이용 의향",
]
FILLER = [
    '{speaker} "{aim} {how} {does}"고 말했다.',
    '{speaker} "앞으로도 {aim} {how} {does}"며 협조를 당부했다.',
    "{speaker} {aim} {how} {does}는 뜻을 거듭 밝혔다.",
    "{site}에서는 {month}월부터 {whom} {n}명을 대상으로 {activity}을(를) 연다.",
    "{month}월 {site}에서 {whom} 대상 {activity}이(가) 열린다.",
    "{whom} {n}명은 지난달 {site}에 모여 {activity}에 참석했다.",
    "사업비 {money}억 {k}천만 원은 {fund}(으)로 마련했다.",
    "예산은 {fund} {money}억 원이 들어간다.",
    "{fund}에서 {money}억 원을 확보해 장비를 들였다.",
    "참여를 원하는 {whom}은(는) {month}월 {day}일까지 {channel}(으)로 신청하면 된다.",
    "신청은 {month}월 {day}일 마감이며 {channel} 접수만 받는다.",
    "{channel}에서 {whom} 신청을 받고 있다.",
    "구는 {k}분기에 {site} {n}곳으로 대상을 넓히고 {check}을(를) 함께 살핀다.",
    "내년 {k}분기부터는 {site}까지 넓힐 예정이다.",
    "{check} 결과에 따라 {site} 확대 여부를 정한다.",
    "{whom} {n}명이 참여한 {activity}에서는 {check}이(가) 가장 많이 거론됐다.",
    "지난 {activity} 때 {whom}의 {check} 점수는 {n}점이었다.",
    "{check} 지표는 분기마다 {channel}에 공개된다.",
]
MENU = " ".join(gu.name_ko for gu in GU)


def documents(n: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """`n` pages: (file name, bytes). About 3 % repeat earlier bytes, 4 % repeat a
    body under another header, 4 % are near copies."""
    rng = random.Random(seed)
    weights = [WEIGHTS.get(gu.slug, 1) for gu in GU]
    seen: dict[tuple[str, int], int] = {}  # how often each programme was reported
    recent: list[tuple[str, dict]] = []  # a few earlier stories to repeat
    start = date(2023, 1, 1)
    for number in range(n):
        name = f"b{seed}-{number:06d}"
        roll = rng.random()
        if recent and roll < 0.03:
            old_name, story = rng.choice(recent)
            yield f"{name}-resent{suffix(story)}", render(story)
            continue
        if recent and roll < 0.11:
            story = dict(rng.choice(recent)[1])
            story["outlet"] = rng.choice(OUTLETS)
            story["number"] = number
            story["seed"] = seed
            story["html"] = not story["html"]
            if roll >= 0.07:  # syndicated: the copy rewrites its lead and drops a line
                story["lead"] = story["lead"].replace("밝혔다", "전했다")
                story["body"] = story["body"][:-1]
            yield f"{name}-copy{suffix(story)}", render(story)
            continue
        gu = rng.choices(GU, weights)[0]
        day = start + timedelta(days=rng.randrange(3 * 365))
        story = write(rng, gu, day, seen, number) | {"seed": seed}
        if len(recent) < 50:
            recent.append((name, story))
        else:
            recent[rng.randrange(50)] = (name, story)
        yield name + suffix(story), render(story)


def suffix(story: dict) -> str:
    return ".html" if story["html"] else ".txt"


def write(rng: random.Random, gu, day: date, seen: dict, number: int) -> dict:
    values = {
        "gu": gu.name_ko,
        "day": day.day,
        "month": rng.randint(1, 12),
        "n": rng.randint(2, 60),
        "money": rng.randint(1, 90),
        "partners": rng.choice(PARTNERS),
    }

    def filler(count: int) -> list[str]:
        # One variant of each kind of sentence at most, in a random order.
        kinds = rng.sample(range(0, len(FILLER), 3), count)
        return [fill(rng, FILLER[k + rng.randrange(3)], values) for k in kinds]

    kind = rng.random()
    if kind < 0.15:  # district news with no AI in it
        topic, line = rng.choice(OFF_TOPIC)
        title = f"{gu.name_ko}, {topic} 소식 ({values['n']})"
        lead = line.format(**values)
        body = filler(3)
    elif kind < 0.25:  # Seoul city-wide
        programme, action, unit = rng.choice(PROGRAMMES)
        title = f"서울시, 25개 자치구에 {programme} 확대"
        lead = (
            f"서울시는 {programme}을(를) 25개 자치구 전체로 넓혀 "
            f"{action.split()[-1]}고 {values['day']}일 밝혔다."
        )
        body = filler(4)
    else:  # a district's AI programme, at the next stage each time it returns
        index = rng.randrange(len(PROGRAMMES))
        programme, action, unit = PROGRAMMES[index]
        times = seen.get((gu.slug, index), 0)
        seen[gu.slug, index] = times + 1
        stage = STAGES[min(times, 4) + (rng.randrange(4) if times >= 4 else 0)]
        stage = stage.format(**values)
        title = f"{gu.name_ko}, {programme} {action.split()[-1]}"
        lead = f"서울 {gu.name_ko}는 {programme}을(를) {action}며 {stage}."
        body = [
            f"{programme}은(는) {gu.name_ko}가 {values['n']}{unit} 규모로 시작하는 "
            "인공지능(AI) 사업이다.",
            *filler(4),
        ]
        if gu.slug in CATALOGUE and rng.random() < 0.5:
            body.insert(1, CATALOGUE[gu.slug])
    return {
        "title": title,
        "lead": lead,
        "body": body,
        "day": day,
        "outlet": rng.choice(OUTLETS),
        "reporter": rng.choice(REPORTERS),
        "number": number,
        "html": rng.random() < 0.5,
    }


def fill(rng: random.Random, template: str, values: dict) -> str:
    return template.format(
        **values,
        speaker=rng.choice(SPEAKERS),
        aim=rng.choice(AIMS),
        how=rng.choice(HOWS),
        does=rng.choice(DOES),
        site=rng.choice(SITES),
        whom=rng.choice(WHOM),
        activity=rng.choice(ACTIVITIES),
        fund=rng.choice(FUNDS),
        channel=rng.choice(CHANNELS),
        check=rng.choice(CHECKS),
        k=rng.randint(1, 4),
    )


def render(story: dict) -> bytes:
    """The story as a page: HTML with meta tags and a menu, or a saved text page."""
    day, outlet = story["day"], story["outlet"]
    byline = f"[서울={outlet}] {story['reporter']} 기자 = "
    paragraphs = [byline + story["lead"], *story["body"]]
    stamp = f"ⓒ {outlet} 무단전재 및 재배포 금지 (기사번호 {story['number']})"
    if not story["html"]:
        lines = [
            "전체기사 최신뉴스 로그인",
            story["title"],
            f"입력 {day:%Y.%m.%d} 10:{story['number'] % 60:02d}",
            *paragraphs,
            stamp,
        ]
        return ("\n".join(lines) + "\n").encode()
    e = html.escape
    url = f"https://news.example/{story['seed']}/{story['number']}"
    page = [
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">',
        f"<title>{e(story['title'])} | {e(outlet)}</title>",
        f'<meta property="og:title" content="{e(story["title"])}">',
        f'<meta property="og:site_name" content="{e(outlet)}">',
        f'<meta property="article:published_time" content="{day:%Y-%m-%d}T10:00:00+09:00">',
        f'<link rel="canonical" href="{url}">',
        f"</head><body><nav>홈 | 사회 | 자치구: {MENU}</nav><article>",
        f"<h1>{e(story['title'])}</h1>",
        *(f"<p>{e(p)}</p>" for p in paragraphs),
        f"<p>{e(stamp)}</p></article>",
        f"<footer>Copyright © {e(outlet)}</footer></body></html>",
    ]
    return "\n".join(page).encode()
