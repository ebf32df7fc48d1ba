"""Is an article about AI, digital or smart-city public policy?

A transparent weighted keyword scorer, tuned on the label conventions in
shared/corpus/README.md:

- smart-city services count even without the word AI (스마트도시 인증, 스마트쉼터);
- AI research by a hospital, university or company is not public AI policy;
- festivals, fairs and other local events are not, even when held on a "platform".

The score is the AI/digital weight, plus a little for a public body acting, minus
what points to research or commerce. A story that names no public body at all (a
hospital's robots, a firm's seminar) stays below the threshold however much AI it
holds. Each table below says why its words are there.
"""

from __future__ import annotations

import math
import re

# (pattern, weight). Counted once per occurrence, each pattern capped at 3 hits so one
# repeated word cannot carry an article on its own.
AI_TERMS: list[tuple[str, float]] = [
    (r"인공\s?지능", 3.0),
    (r"(?<![A-Za-z])AI(?![A-Za-z])", 3.0),
    (r"생성형", 2.0),
    (r"챗\s?GPT|ChatGPT|(?<![A-Za-z])GPT", 2.5),
    (r"딥\s?러닝|머신\s?러닝|거대\s?언어\s?모델|LLM", 2.5),
    (r"빅\s?데이터|데이터\s?기반|공공\s?데이터", 2.0),
    # The Ministry's smart-city programme is digital policy by definition.
    (r"스마트\s?(?:도시|시티|빌리지)", 3.0),
    # 스마트돌봄, 스마트쉼터, 스마트 횡단보도: smart services of a public body.
    (r"스마트\s?(?:돌봄|쉼터|횡단보도|폴|주차|보관소|서비스|복지|관제|행정|기술)", 2.0),
    (r"지능형", 2.0),
    (r"디지털\s?(?:전환|행정|플랫폼|정책|기술|혁신|격차|포용)", 2.0),
    (r"사물\s?인터넷|(?<![A-Za-z])IoT(?![A-Za-z])", 2.0),
    (r"메타버스|자율\s?주행|디지털\s?트윈|챗봇|키오스크|로봇", 1.5),
    (r"(?<![A-Za-z])(?:ICT|DX)(?![A-Za-z])|정보통신기술", 1.5),
    (r"애플리케이션|(?<![가-힣])앱(?![가-힣])|모바일\s?앱", 1.0),
    (r"플랫폼", 0.5),
    (r"(?<![A-Za-z])CCTV", 0.5),
]

# A public body doing something: a district, the city, a ministry, a programme with
# a budget. Needed so that a company's AI product launch does not pass.
PUBLIC_TERMS: list[tuple[str, float]] = [
    (r"구청장|구청|(?<![가-힣])구(?:는|가|민)|자치구", 1.0),
    (r"서울시|서울특별시|(?<![가-힣])시(?:는|가)|광역시|지자체|지방자치단체", 1.0),
    (r"국토교통부|행정안전부|과학기술정보통신부|정부", 0.5),
    (r"조례|예산|공모\s?사업|시범\s?사업|실증|업무\s?협약|협약", 1.0),
    (r"행정|민원|주민|구민|시민|복지|돌봄|안전", 0.5),
]

# AI work whose actor is a hospital, a university lab or a firm: research or
# commerce, not public policy (corpus label convention).
RESEARCH_TERMS: list[tuple[str, float]] = [
    (r"병원|의료원|의과대학|연구팀|연구진|교수|연구교수", 1.5),
    (r"연구\s?개발|R&D|의료\s?기기|임상|논문|학회|특허\s?출원", 1.5),
    (r"주가|코스피|코스닥|종목|매출|영업이익|출시|신제품|투자\s?유치", 1.0),
]

# Local events: festivals and fairs are not AI policy even when a stage is digital.
EVENT_TERMS: list[tuple[str, float]] = [
    (
        r"축제|페스티벌|잔치|음악회|공연|바자회|장터|한마당|노래자랑|경로잔치|체육대회",
        1.5,
    ),
]

# The first sentence's topic tells who acts: '○○병원은', '○○대학교 연구팀이'.
RESEARCH_ACTOR = re.compile(
    r"^[^.\n]{0,40}?(?:병원|의료원|대학교|대학|연구원|연구소|㈜|주식회사|전자|그룹)"
    r"(?:\s?연구팀)?(?:은|는|이|가)\s"
)

# Any public body, named as one: 도봉구는, 성동구에 따르면, 구립 도서관, 양평군청,
# 경기도는, 소방청은, 과기정통부가, 국회, 보건소, 주민센터, 서울교통공사. Generous on
# purpose (일부는 and 사실은 pass too): it only has to be absent from a hospital's or a
# firm's own AI story, and PUBLIC_TERMS' district words miss a body after its name.
PUBLIC_BODY = re.compile(
    r"[가-힣](?:구|시|군|도)(?:청|민|의회|립|는|가|은|이|에|의|와|과|를|\s?관계자)"
    r"|[가-힣](?:부|처|청|위|실)(?:는|가|은|이|와|과|의)\s"
    r"|(?<![가-힣])(?:구|시|군|도)립"
    r"|정부|국회|위원회|보건소|주민센터|복지센터|교육청|공단|공사|진흥원"
)

THRESHOLD = 6.0
# Words at least this heavy say the story is digital; lighter ones only help.
STRONG = 1.5
MAX_HITS = 3


def _weigh(text: str, table: list[tuple[str, float]]) -> float:
    score = 0.0
    for pattern, weight in table:
        hits = len(re.findall(pattern, text))
        score += weight * min(hits, MAX_HITS)
    return score


def relevance_score(title: str, body: str) -> float:
    """The raw score; `judge_relevance` turns it into a verdict and a confidence."""
    title = title or ""
    body = body or ""
    text = f"{title}\n{body}"
    # The headline says what the story is about: count it twice.
    ai = _weigh(title, AI_TERMS) * 2 + _weigh(body, AI_TERMS)
    strong = [(p, w) for p, w in AI_TERMS if w >= STRONG]
    if not _weigh(text, strong):
        # Only weak words (a venue called 플랫폼, a CCTV count): nothing else can make
        # the story AI policy.
        return min(ai, THRESHOLD - 1.0) - THRESHOLD
    public = min(_weigh(text, PUBLIC_TERMS), 6.0)
    research = _weigh(text, RESEARCH_TERMS)
    events = _weigh(title, EVENT_TERMS) * 2 + _weigh(body, EVENT_TERMS)
    lead = body.lstrip()[:200] or title
    if RESEARCH_ACTOR.match(lead) or RESEARCH_ACTOR.match(title):
        research += 8.0
    # Research and event words weigh against the AI words, public ones for them.
    score = ai + public - research - events
    if not public and not PUBLIC_BODY.search(text):
        # Not one public body, programme or public service named (a hospital's robots
        # at its opening, a firm's seminar): however much AI it holds, it is not
        # public policy. Whose AI it is shows mostly past the first sentence, where
        # RESEARCH_ACTOR does not look.
        return min(score, THRESHOLD - 1.0)
    return score


def judge_relevance(title: str, body: str) -> tuple[bool, float]:
    """(is AI/digital/smart-city public policy, confidence 0..1)."""
    score = relevance_score(title, body)
    margin = score - THRESHOLD
    # A logistic on the margin: about 0.5 at the threshold, 0.9 ten points away.
    probability = 1.0 / (1.0 + math.exp(-margin / 4.5))
    relevant = margin >= 0
    confidence = probability if relevant else 1.0 - probability
    return relevant, round(confidence, 2)
