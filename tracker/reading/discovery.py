"""Find every initiative an article reports, in any district, catalogue or not.

    sentences with an AI/digital cue -> morphemes -> noun phrases and quoted names
      -> keep names whose head is a programme, system, plan, body or agreement
      -> the district that carries it out -> kind, stage, date, partners, money
      -> one mention per initiative (wordings of one name fold together)

Plain functions over plain data. The article's district links (from the gazetteer)
say where each district is named; the initiative belongs to the acting district
named last before it, or to the city when `서울시는` stands closer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.reading import details, morphology
from tracker.reading.event_dates import event_date
from tracker.reading.kinds import TYPOLOGY, KindSpec, classify
from tracker.reading.mentions import STAGES, Mention
from tracker.reading.morphology import words
from tracker.reading.names import flat, key, same_initiative
from tracker.reading.phrases import Phrase, noun_phrases, quoted_phrases, split_lists
from tracker.reading.stages import stage_of

MAX_MENTIONS = 12

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
    모니터링 분석 설계 시범사업 관리 알림 알리미 서비스로봇 인프라 거점"""
)
# Phrases that are not initiatives even with a cue: topics, people, organisations.
NOT_HEADS = words(
    """기술 시대 분야 역량 활용 효과 결과 가능성 기업 사례 정보 방식 수단 기능 관계자 문제
    산업 발전 혁신 트렌드 세상 사회 경쟁력 환경 생태계 강국 전문가 인재 업체 회사 재단
    병원 대학교 대학 공사 공단 협회 기관 경찰서 소방서 구청 시청 청장 구청장 시장 위원장
    대표 기자 교수 주민 시민 구민 어르신 직원 공무원 부서 국 실 원 진흥원 연구원 연구소
    센터장 협의회 대상 수 등 곳 개 명 대 건 년 월 일 원 억 만 전 후 중 내 외 이사장 직무대행
    대행 원장 총장 회장 부구청장 국장 과장 팀장 주무관 의원 의장 세계 자료 이미지 사진
    기반 방안 스마트 디지털 데이터 AI 도약 장려 효율화 일환 계기 목적"""
)
ORG_TAIL = re.compile(
    r"(?:재단|병원|대학교|대학|공사|공단|협회|경찰서|소방서|연구원|진흥원|㈜|주식회사|"
    r"은행|그룹|전자|통신|텔레콤|청)$"
)
# Words that open a phrase without belonging to the name.
LEAD_WORDS = words(
    """올해 내년 지난해 작년 이번 최근 향후 당시 현재 기존 신규 총 약 각 전 모든 해당 관내
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
_CAMERA_ONLY = re.compile(r"CCTV|카메라|폐쇄회로")
_SMART_CAMERA = re.compile(
    r"(?<![A-Za-z])AI|인공\s?지능|지능형|스마트|딥\s?러닝|선별|고속검색|영상분석"
)
# A quote holding these is a clause or a slogan, not a name.
_CLAUSE_TAGS = frozenset({"JKS", "JKO", "JX", "JKB", "EF", "EC", "VCP"})
# `AI 관련 사업`: something about AI, not a programme.
_RELATED = re.compile(r"관련\s?(?:사업|정책|서비스|기술|예산|분야)$")
_QUOTED = re.compile(r"[‘“「『《][^’”」』》]{2,40}[’”」』》]|'[^']{2,40}'")
_QUOTES = re.compile(r"[‘’'“”\"「」『』《》〈〉<>]")
ACTION_TAILS = words(
    """구축 도입 설치 운영 시범운영 추진 확대 조성 개최 시행 실시 완료 보급 배포 개발
    마련 지원 선정 확충 제공 활용 개소 개관 신설 출범 시작 강화 교체 확산 접목 적용 구현
    이용 도약 장려"""
)
# Where, not what: `AI 실증 시설 한곳에` ends at 시설.
PLACE_TAILS = words("한곳 곳곳 일대 일원 전역 일부 전체 모두 각각 현장 인근 주변")
# Stages an article can report ahead of time; an agreement or award is done when told.
_MAY_BE_AHEAD = frozenset({"announced", "launched", "pilot", "expanded"})
# How much a stage tells: announced says least, a plan a little, events more.
_STAGE_RANK = {"announced": 0, "planned": 1} | {
    stage: 2 + i
    for i, stage in enumerate(STAGES)
    if stage not in ("announced", "planned")
}
_SENTENCE = re.compile(r"\n+|(?<=[.!?。])[\"'”’)\]]*\s+")
_DISTRICT_NAME = re.compile(r"^[가-힣]{1,4}구$")
# The city acts itself (서울시는 …), not through a contest the districts run.
_SEOUL_ACTOR = re.compile(
    r"서울(?:특별)?시(?:는|가)\s|서울[가-힣A-Z]{0,8}(?:재단|공단|공사|연구원)(?:은|는|이|가)\s"
)


@dataclass(frozen=True)
class _Candidate:
    phrase: Phrase
    name: str
    district: str
    sentence: str
    sentence_start: int
    score: float
    in_title: bool


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _trim(
    phrase: Phrase, sentence: str, district_names: set[str]
) -> tuple[str, int, str]:
    """The name without leading dates, district names or trailing action words.

    Returns (name, start offset in the sentence, district named at its front).
    """
    parts = list(phrase.morphemes)
    named = ""
    # A phrase that starts inside a word (kiwi split 이며 into 이 + 며) loses that piece.
    if parts and parts[0].start > 0 and sentence[parts[0].start - 1].isalnum():
        parts.pop(0)
    while parts:
        first = parts[0]
        word = first.text
        spaced = len(parts) > 1 and parts[1].start > first.end
        counted = len(parts) > 1 and parts[1].start == first.end
        if first.tag == "SN" and counted and not re.fullmatch(r"(?:19|20)\d{2}", word):
            if len(parts) > 1 and parts[1].start == first.end and parts[1].tag == "SL":
                break  # 3D, 5G: a number that is part of a word
            parts.pop(0)
            # and its counter: 19일, 2개월간, 30개
            while parts and (
                parts[0].tag in ("NNB", "NR", "XSN")
                or (parts[0].tag == "NNG" and len(parts[0].text) == 1)
            ):
                parts.pop(0)
            continue
        if spaced and (word in district_names or _DISTRICT_NAME.match(word)):
            named = named or word
            if phrase.quoted:
                break  # ‘마포 척척 챗봇’: the district's name is part of the programme's
            parts.pop(0)
            continue
        if word in LEAD_WORDS and spaced:
            parts.pop(0)
            continue
        break
    if phrase.quoted:
        # A quoted name ends where its quote does, particles and all (효손이).
        parts = parts or list(phrase.morphemes)
        start = parts[0].start if parts else phrase.start
        return _QUOTES.sub("", sentence[start : phrase.end]).strip(), start, named
    while len(parts) > 1 and (
        parts[-1].text in ACTION_TAILS
        or parts[-1].text in PLACE_TAILS
        or (parts[-1].tag in ("SN", "NNB") and parts[-2].end < parts[-1].start)
        or (parts[-1].tag == "NNB" and parts[-2].tag == "SN")
    ):
        parts.pop()
        while len(parts) > 1 and parts[-1].tag == "SN":
            parts.pop()
    while parts and parts[-1].tag not in {
        "NNG",
        "NNP",
        "SL",
        "SN",
        "SH",
        "XSN",
        "XR",
        "SSC",
    }:
        parts.pop()
    if not parts:
        return "", phrase.start, named
    start, end = parts[0].start, parts[-1].end
    return _QUOTES.sub("", sentence[start:end]).strip(), start, named


def _head(name: str) -> str:
    """The last word, parentheses aside: `로봇(리쿠)` is a robot."""
    words = re.findall(r"[가-힣]+|[A-Za-z]+", re.sub(r"\([^()]*\)", "", name))
    return words[-1] if words else ""


def _is_initiative(name: str, phrase: Phrase, sentence: str) -> float:
    """A score above zero when the name looks like a programme, system, plan or body.

    0.3 marks a generic name (`AI 교육`), kept only where the article names nothing
    more specific for its district.
    """
    flat_name = flat(name)
    if len(flat_name) < 2 or len(flat_name) > 45:
        return 0.0
    head = _head(name)
    if head in NOT_HEADS or ORG_TAIL.search(name):
        return 0.0
    cue = bool(NAME_CUE.search(name))
    if _CAMERA_ONLY.search(name) and not _SMART_CAMERA.search(name):
        return 0.0
    # `지능형 폐쇄회로텔레비전(CCTV)`: a Latin label in the last parentheses names it too.
    label = re.search(r"\(([A-Za-z]+)\)$", name)
    known_head = (
        head in HEADS
        or any(name.endswith(h) for h in HEADS if len(h) > 1)
        or (label is not None and label.group(1) in HEADS)
    )
    if phrase.quoted:
        # A particle glued last is often the name's own syllable: 효손이, 초롱이.
        inner = phrase.morphemes[:-1] if phrase.morphemes else ()
        tags = {m.tag for m in phrase.morphemes}
        if {m.tag for m in inner} & _CLAUSE_TAGS and not known_head:
            return 0.0
        if key(name) in GENERIC:
            return 0.3
        if cue or known_head:
            return 0.9
        proper = tags & {"NNP", "SL"} or len(name.split()) >= 2
        return 0.6 if proper and CUE.search(sentence) else 0.0
    content = [m for m in phrase.morphemes if m.tag in ("NNG", "NNP", "SL", "SN", "XR")]
    if not cue or len(name.split()) > 7 or len(content) < 2:
        return 0.0
    if key(name) in GENERIC or flat_name in GENERIC or _RELATED.search(name):
        return 0.3
    if known_head:
        return 0.7
    # A cue and a head we do not know (중심지, 육성도시): only longer, specific names.
    return 0.45 if len(name.split()) >= 3 and head not in ACTION_TAILS else 0.0


def _actor_before(
    position: int, actors: list[tuple[int, str]], default: str
) -> str | None:
    """The acting district (or "" for the city) named last before `position`.

    Before any actor is named, the article's main district acts, unless several
    districts act (a roundup's headline names no one's initiative): then nobody.
    """
    best = None
    for at, slug in actors:
        if at <= position:
            best = slug
    if best is not None:
        return best
    return None if len({slug for _, slug in actors if slug}) > 1 else default


def _actors(text: str, districts) -> tuple[list[tuple[int, str]], str, set[str]]:
    """Where each primary district (and the city) is named, the main one, their names."""
    primary = [m for m in districts.matches if m.role == "primary"]
    actors = [(start, m.slug) for m in primary for start, _ in m.spans]
    names = {text[s:e] for m in primary for s, e in m.spans}
    actors += [(m.start(), "") for m in _SEOUL_ACTOR.finditer(text)]
    main = primary[0].slug if primary else ""
    return sorted(actors), main, names | {"서울", "서울시", "서울특별시"}


def discover(
    title: str,
    body: str,
    *,
    districts,  # districts.gazetteer.LinkResult of the same title and body
    published: date | None,
    kinds: tuple[KindSpec, ...] = TYPOLOGY,
) -> list[Mention]:
    """The initiatives the article reports, one Mention each, in reading order."""
    title, body = title or "", body or ""
    text = f"{title}\n\n{body}"
    actors, main, district_names = _actors(text, districts)
    # No acting district: only a story where the city itself acts (서울시는 …) has
    # initiatives; a hospital's or a company's AI news does not.
    if not main and (districts.scope != "citywide" or not actors):
        return []
    # Sentences that say something digital, or quote a name.
    spans = [
        (s, e)
        for s, e in _sentences(text)
        if CUE.search(text[s:e]) or _QUOTED.search(text[s:e])
    ]
    analysed = morphology.analyse([text[s:e] for s, e in spans])
    candidates: list[_Candidate] = []
    for (start, end), morphemes in zip(spans, analysed, strict=True):
        sentence = text[start:end]
        phrases = quoted_phrases(sentence, morphemes)
        quoted_at = [(p.start, p.end) for p in phrases]
        phrases += [
            p
            for p in split_lists(sentence, noun_phrases(sentence, morphemes))
            if not any(qs <= p.start and p.end <= qe for qs, qe in quoted_at)
        ]
        phrases.sort(key=lambda p: p.start)
        for index, phrase in enumerate(phrases):
            name, name_start, named = _trim(phrase, sentence, district_names)
            score = _is_initiative(name, phrase, sentence)
            if score <= 0 or (index and _describes(phrase, morphemes)):
                continue
            position = start + name_start
            district = _district_for(named, position, actors, main, text, districts)
            if district is None:
                continue
            candidates.append(
                _Candidate(
                    phrase,
                    name,
                    district,
                    sentence,
                    start,
                    score + (0.05 if start < len(title) else 0.0),
                    start < len(title),
                )
            )
    return _fold(candidates, published, kinds)


def _describes(phrase: Phrase, morphemes) -> bool:
    """`‘강동이지’는 … 챗봇 시스템이다`: a phrase before the copula describes the name
    the sentence opened with; it is not another initiative."""
    after = next((m for m in morphemes if m.start >= phrase.end), None)
    return not phrase.quoted and after is not None and after.tag == "VCP"


def _district_for(
    named: str, position: int, actors, main: str, text: str, districts
) -> str | None:
    """A district written at the front of the name owns it (`강남구 민원안내 로봇`),
    even one the article only mentions; otherwise the actor named last before it."""
    if named in ("서울", "서울시", "서울특별시"):
        return ""
    if named:
        for match in districts.matches:
            if any(text.startswith(named, start) for start, _ in match.spans):
                return match.slug
    return _actor_before(position, actors, main)


def _fold(
    candidates: list[_Candidate], published: date | None, kinds: tuple[KindSpec, ...]
) -> list[Mention]:
    """One mention per initiative: wordings of one name in one district fold together."""
    groups: list[list[_Candidate]] = []
    for candidate in candidates:
        for group in groups:
            if group[0].district == candidate.district and any(
                _same_in_article(candidate.name, other.name) for other in group
            ):
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    # A headline abbreviates what the body names in full: a name only the headline
    # uses gives way when the body names something for the same district.
    told = {g[0].district for g in groups if any(not c.in_title for c in g)}
    groups = [
        g
        for g in groups
        if any(not c.in_title or c.phrase.quoted for c in g)
        or g[0].district not in told
    ]
    mentions = [_mention(group, published, kinds) for group in groups]
    # Generic names only where the district has nothing better; unknown heads, a few.
    strong = {m.district for m in mentions if m.confidence >= 0.45}
    mentions = [m for m in mentions if m.confidence >= 0.45 or m.district not in strong]
    mentions.sort(key=lambda m: -m.confidence)
    kept = sorted(mentions[:MAX_MENTIONS], key=lambda m: m.span[0])
    return kept


def _same_in_article(a: str, b: str) -> bool:
    """Within one article a shorter wording inside a longer one is the same thing:
    `챗봇 서비스` after `생성형 AI 기반 홈페이지 챗봇 서비스`."""
    if same_initiative(a, b):
        return True
    x, y = sorted((key(a), key(b)), key=len)
    return len(x) >= 4 and x in y


def _event(candidate: _Candidate, published: date | None):
    """(candidate, stage, date, precision) its sentence reports."""
    stage = stage_of(candidate.sentence, candidate.phrase.end)
    day, precision = event_date(candidate.sentence, stage.at, published)
    name = stage.stage
    if day and published and day > published and name in _MAY_BE_AHEAD:
        name = "planned"  # dated after the article: it has not happened yet
    return candidate, name, day, precision


def _mention(
    group: list[_Candidate], published: date | None, kinds: tuple[KindSpec, ...]
) -> Mention:
    # The body names it in full; a headline abbreviates.
    best = max(
        group,
        key=lambda c: (
            c.phrase.quoted,
            round(c.score - 0.05 * c.in_title, 2),
            len(c.name),
        ),
    )
    # The body tells what happened (a headline only names it); of its sentences,
    # the one reporting the furthest stage says where the initiative stands.
    told_in = [c for c in group if not c.in_title] or group
    told, stage_name, day, precision = max(
        (_event(c, published) for c in told_in),
        key=lambda e: (_STAGE_RANK[e[1]], -e[0].phrase.start - e[0].sentence_start),
    )
    sentence, name_end = told.sentence, told.phrase.end
    # Told again and again, a name is surer; a generic one stays generic.
    repeats = 0.05 * (len(group) - 1) if best.score >= 0.45 else 0.0
    confidence = min(0.95, best.score + repeats)
    start = best.sentence_start + best.phrase.start
    return Mention(
        name_ko=best.name,
        district=best.district,
        kind=classify(best.name, sentence, kinds),
        stage=stage_name,
        evidence=sentence.strip(),
        span=(start, start + len(best.phrase.text)),
        evidence_span=(told.sentence_start, told.sentence_start + len(sentence)),
        event_date=day,
        date_precision=precision,
        partners=details.partners(sentence) if stage_name == "agreement" else (),
        amount_won=details.amount_near(sentence, name_end),
        confidence=round(confidence, 2),
    )
