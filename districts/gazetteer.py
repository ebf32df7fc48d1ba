"""Find which Seoul districts a news article is about.

Plain functions over plain data: `Gazetteer.from_records()` compiles every alias into
one trie-shaped regular expression, and `Gazetteer.link()` scans an article once and
then reasons about each hit with a few context rules (see DESIGN.md, "Hard cases"):

- a hit glued to the syllable before it (자치구로) or to a word after it that is not
  a particle (강서경찰서, 구로세관) is part of another name and is dropped;
- names that are ambiguous alone (강남, 강서, 신사동), landmarks and photo credits
  only back a district that a safe name establishes;
- 중구 and 강서구 of other cities are recognised by a city prefix, by a dong the
  Seoul district does not have, or by an article about that city;
- a district is primary when it acts: named in the headline, as the subject or
  topic of a sentence (금천구는, 강서구(구청장 …)가, 은평구에는, in a roundup
  '관악구, 종로구 등이'), or through its mayor (금천구청장); otherwise it is
  mentioned;
- a line that only enumerates districts ('자치구 소식: 종로구 중구 … 강동구', a
  menu left in the text) says nothing about any of them: none is linked.

Only `load_gazetteer()` touches the database.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


def _words(text: str) -> list[str]:
    return text.split()


PRIMARY = "primary"
MENTIONED = "mentioned"

SCOPE_DISTRICT = "district"
SCOPE_CITYWIDE = "citywide"
SCOPE_OUT = "out"
SCOPE_UNKNOWN = "unknown"

# Kinds that name the district itself, so they can make it the actor of a story.
# Dongs and landmarks are places inside it: they show a link, never who acts.
NAME_KINDS = frozenset({"name", "short", "english", "title"})
PLACE_KINDS = frozenset({"dong", "legal_dong", "landmark"})
DONG_KINDS = frozenset({"dong", "legal_dong"})
_KIND_RANK = {
    "name": 0,
    "title": 0,
    "short": 1,
    "english": 1,
    "dong": 2,
    "legal_dong": 2,
    "landmark": 3,
}


@dataclass(frozen=True)
class AliasRecord:
    slug: str
    text: str
    kind: str
    is_safe_alone: bool


@dataclass
class DistrictMatch:
    slug: str
    role: str
    mentions: int
    confidence: float
    evidence: str
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class LinkResult:
    matches: list[DistrictMatch]
    scope: str

    def primary(self) -> list[str]:
        return [m.slug for m in self.matches if m.role == PRIMARY]

    def mentioned(self) -> list[str]:
        return [m.slug for m in self.matches if m.role == MENTIONED]


# --- Korean context rules ---

# Particles and endings that may follow a place name inside the same word (어절).
# Anything else glued to the name makes it part of a longer word: 강서경찰서,
# 구로세관, 자치구로 (the last is caught by the check on the preceding syllable).
# 고, 서, 초 and 중 are left out on purpose: 강서고, 강서서, 강서초 are a school and a
# police station.
PARTICLES = _words(
    "은 는 이 가 을 를 의 에 에서 에게 에게서 께 께서 와 과 도 만 로 으로 부터 까지 "
    "보다 처럼 같이 이나 나 랑 이랑 하고 엔 에선 야 이야 란 이란 라는 이라는 만큼 마다 "
    "조차 마저 뿐 밖에 이다 이며 이고 이었다 였다 으로서 로서 으로써 로써 에의 에서의 "
    "과의 와의 로의 으로의 만의 까지의 부터의"
)

# Words that may be glued to a district's full name and still mean the district:
# its residents (구민), its style (구로형), its office, council and health centre.
GU_SUFFIXES = _words(
    "민 민들 형 내 청 청장 의회 측 보건소 청사 전역 일대 관내 소속 차원 지역 쪽"
)
SHORT_SUFFIXES = _words("형 지역 일대 쪽")
DONG_SUFFIXES = _words("주민센터 행정복지센터 일대 일원 주민 주민들 지역 쪽")
DONG_TAILS = frozenset(PARTICLES + DONG_SUFFIXES)
LANDMARK_SUFFIXES = _words("일대 일원 내 지역 쪽")

# A district name written just before one of these words names an institution or a
# site (서울 강서 경찰서, 구로 세관), even with a space between.
INSTITUTION_WORDS = _words(
    "경찰서 소방서 세무서 세관 교육지원청 교육청 병원 세브란스 대학교 대학 캠퍼스 "
    "초등학교 중학교 고등학교 우체국 등기소 법원 지방법원 검찰청 지청 역 "
    "데이터센터 협회 협의회 운전면허시험장 출입국"
)

# Where the particle is when it does not follow the name directly:
# '강서구(구청장 박서진)는', '강남구, 서초구 등 2개 구가', '… 동남권 4개 구는',
# '관악구, 종로구 등이'.
AFTER_NAME = re.compile(
    r"(?:\([^()\n]{0,40}\)|\s*등\s*(?:[가-힣]{1,4}\s)?\d+\s*개\s*(?:자치)?구(?:청)?|"
    r"\s*등(?=[가-힣]))"
    r"([가-힣]*)"
)
ACCORDING_TO = re.compile(r"\s*따르면")
# Particles after which the district is the grammatical subject or topic of its
# sentence: 금천구는, 강서구(구청장 …)가, 은평구에는 (roundups), 송파구도, and
# '강서구에 따르면' (the district reporting its own work).
SUBJECT_TAILS = frozenset(
    _words("는 은 가 이 도 께서 께서는 에서는 에서도 에는 에도 에선 만") + ["에 따르면"]
)

# A line that only lists districts ('자치구 소식: 종로구 중구 … 강동구', a menu)
# names none of them: at least this many names and next to no other words.
ENUMERATION_NAMES = 4
ENUMERATION_OTHER_LETTERS = 12
PREDICATE = re.compile(r"(?:다|요|까|죠|했|한다|된다|됐|겠)[.!?…\"'”’)]*(?:\s|$)")

# List separators: '강동·양천·은평구', '강남구, 서초구와 송파구는'.
LIST_GAP = re.compile(r"\s*(?:[·ㆍ・,/]|와|과|및|그리고)\s*")

# Metropolitan cities that have their own 중구 or 강서구 (Busan, Daegu, Incheon,
# Daejeon, Ulsan; Gwangju is listed for its 동구/서구/남구/북구 neighbours' articles).
OTHER_CITIES = ("부산", "대구", "인천", "대전", "울산", "광주")
OTHER_CITY_PREFIX = re.compile(
    r"(?:^|[^가-힣])(?:" + "|".join(OTHER_CITIES) + r")(?:광역시|시)?\s*$"
)
SEOUL_PREFIX = re.compile(r"(?:^|[^가-힣])서울(?:특별시|시)?\s*$")
# A city name written as a word of its own (부산시는, 울산 중구), not inside another
# word (대구경북과학기술원) or a weather widget (구름조금부산).
OTHER_CITY_WORD = re.compile(
    r"(?<![가-힣])(?:" + "|".join(OTHER_CITIES) + r")(?:광역시|시)?"
    r"(?:[은는이가의에와과도를을로]|에서|시는|\s|[^가-힣]|$)"
)
SEOUL_WORD = re.compile(r"(?<![가-힣])서울(?:특별시|시)?(?![가-힣]{3})")
# The city government as the actor of a story.
SEOUL_CITY_ACTOR = re.compile(
    r"(?<![가-힣])(?:서울(?:특별)?시(?:장|청|의회)?|서울디지털재단)"
    r"(?:는|가|은|이|도|와|과|의|에서|\s|$)"
)
# Full district names that other cities use as well.
SHARED_GU_NAMES = ("중구", "강서구")

# The dong written right after a full name tells which city's district it is
# (부산 강서구 명지동). Words that merely end in 동 are not dong names.
DONG_WORD = re.compile(r"\s+([가-힣]{1,5}(?:제?\d+)?동)([가-힣]*)")
OFFICIAL_NUMBER = re.compile(r"제(\d)")
NOT_DONG_WORDS = frozenset(
    _words(
        "공동 활동 운동 행동 이동 자동 협동 노동 합동 연동 작동 가동 발동 출동 변동 "
        "감동 진동 소동 파동 난동 충동 폭동 기동 유동 수동 능동 역동 주민동"
    )
)

# Photo credits and press-release credits name the district that sent the release:
# enough to back a link, not enough to make one.
CREDIT_BEFORE = re.compile(r"(?:사진|자료|제공|출처)\s*[=/:]\s*$")
CREDIT_AFTER = re.compile(r"\s*(?:청\s*)?제공")

# Two-syllable dong names that are also ordinary words (중동 the Middle East, 합동
# joint, 초동 first response, 능동 active, 본동 main building): never evidence.
COMMON_WORD_DONGS = frozenset({"중동", "합동", "초동", "능동", "본동", "화동", "정동"})

HANGUL_RUN = re.compile(r"[가-힣]*")
SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?。])[\"'”’)\]]*\s+")
LEAD_CHARS = 400


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _segments(tail: str, pieces: frozenset[str]) -> bool:
    """Whether `tail` splits entirely into allowed pieces (particles, suffixes)."""
    ok = [True] + [False] * len(tail)
    for end in range(1, len(tail) + 1):
        for start in range(max(0, end - 6), end):
            if ok[start] and tail[start:end] in pieces:
                ok[end] = True
                break
    return ok[-1]


def _before_institution(text: str, end: int) -> bool:
    following = text[end : end + 12]
    if not following[:1].isspace():
        return False
    word = following.lstrip()
    return any(word.startswith(w) for w in INSTITUTION_WORDS)


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literals, shaped as a trie so matching stays linear-ish.

    Python's `re` tries the branches of a flat alternation one by one; nesting them by
    common prefix means each position in the text costs a few character tests.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends_here = "" in node
        branches = [
            re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch
        ]
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends_here else group

    return build(trie)


@dataclass(frozen=True)
class _Entry:
    slug: str
    kind: str
    safe: bool


@dataclass(frozen=True)
class _AliasInfo:
    entries: tuple[_Entry, ...]
    pieces: frozenset[str]
    hangul_start: bool
    ascii_start: bool
    ascii_end: bool
    hangul_end: bool
    institution_check: bool
    shared_gu: str | None  # 중구, 강서구: names other cities use too


@dataclass
class _Hit:
    start: int
    end: int
    text: str
    entries: tuple[_Entry, ...]
    tail: str = ""
    gu: str | None = None
    particle: str = ""
    credit: bool = False
    seoul_prefix: bool = False
    other_prefix: bool = False
    foreign: bool = False
    in_list_closed_by_gu: bool = False


@dataclass
class _Evidence:
    spans: list[tuple[int, int]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    in_title: bool = False
    subject_at: list[int] = field(default_factory=list)
    mayor_at: list[int] = field(default_factory=list)
    safe_at: list[int] = field(default_factory=list)


class Gazetteer:
    def __init__(
        self,
        entries: dict[str, tuple[_Entry, ...]],
        dongs: dict[str, set[str]] | None = None,
    ):
        self._entries = entries
        # Every dong name of each district, including those too ambiguous to match
        # (정동): they still show that '중구 정동' is Seoul's 중구.
        self._dongs = dongs or {}
        self._gu_names = {
            text: e.slug
            for text, items in entries.items()
            for e in items
            if e.kind == "name"
        }
        # Greedy `?` in the trie already prefers the longest alias at a position;
        # single-syllable aliases (중) would match everywhere, so they are left out.
        words = [w for w in entries if len(w) >= 2]
        self._pattern = re.compile(_trie_pattern(words)) if words else None

    @classmethod
    def from_records(cls, records: Iterable[AliasRecord]) -> Gazetteer:
        grouped: dict[str, dict[str, _Entry]] = defaultdict(dict)
        dongs: dict[str, set[str]] = defaultdict(set)
        for record in records:
            text = record.text.strip()
            if not text:
                continue
            safe = record.is_safe_alone
            if record.kind in DONG_KINDS:
                dongs[record.slug].add(text)
                if text in COMMON_WORD_DONGS:
                    continue
                if len(text) <= 2:
                    safe = False
            kind = record.kind
            previous = grouped[text].get(record.slug)
            # The same text under two kinds (성수동 as dong and landmark): keep the
            # safer reading and the kind that says most (name, then dong, then place).
            if previous is not None:
                safe = safe or previous.safe
                kind = min(kind, previous.kind, key=_KIND_RANK.get)
            grouped[text][record.slug] = _Entry(record.slug, kind, safe)
        entries: dict[str, tuple[_Entry, ...]] = {}
        for text, by_slug in grouped.items():
            items = tuple(by_slug.values())
            if len(items) > 1:
                # A name shared by several districts (G밸리, 신사동) only backs a link
                # that something else established.
                items = tuple(_Entry(e.slug, e.kind, False) for e in items)
            entries[text] = items
        return cls(entries, dict(dongs))

    # --- scanning ---

    @functools.cached_property
    def _alias_info(self) -> dict[str, _AliasInfo]:
        info = {}
        for text, items in self._entries.items():
            kinds = frozenset(e.kind for e in items)
            pieces = set(PARTICLES)
            if kinds & {"name", "title"}:
                pieces.update(GU_SUFFIXES)
            if "short" in kinds:
                pieces.update(SHORT_SUFFIXES)
            if kinds & DONG_KINDS:
                pieces.update(DONG_SUFFIXES)
            if "landmark" in kinds:
                pieces.update(LANDMARK_SUFFIXES)
            info[text] = _AliasInfo(
                entries=items,
                pieces=frozenset(pieces),
                hangul_start=_is_hangul(text[0]),
                ascii_start=_is_ascii_word(text[0]),
                ascii_end=_is_ascii_word(text[-1]),
                hangul_end=_is_hangul(text[-1]),
                # Only short forms and places: '강서구 보건소' is the district's own.
                institution_check=kinds <= {"short"} | PLACE_KINDS,
                shared_gu=next(
                    (
                        name
                        for name in SHARED_GU_NAMES
                        if text.startswith(name) and kinds & {"name", "title"}
                    ),
                    None,
                ),
            )
        return info

    def _scan(self, text: str) -> list[_Hit]:
        hits: list[_Hit] = []
        if self._pattern is None:
            return hits
        alias_info = self._alias_info
        size = len(text)
        for m in self._pattern.finditer(text):
            start, end, alias = m.start(), m.end(), m.group()
            info = alias_info[alias]
            before = text[start - 1] if start else ""
            if before and (
                (info.hangul_start and _is_hangul(before))
                or (info.ascii_start and _is_ascii_word(before))
            ):
                continue  # 자치구로, 강서양천: the name is the end of another word
            if info.ascii_end and end < size and _is_ascii_word(text[end]):
                continue
            tail = HANGUL_RUN.match(text, end).group() if info.hangul_end else ""
            if tail and not _segments(tail, info.pieces):
                continue  # 강서경찰서, 구로세관, 마곡입주기업협의회
            if info.institution_check and not tail and _before_institution(text, end):
                continue  # 구로 세관
            hit = _Hit(start, end, alias, info.entries, tail=tail, gu=info.shared_gu)
            hit.particle = self._particle(text, hit)
            window = text[max(0, start - 12) : start]
            hit.credit = bool(
                CREDIT_BEFORE.search(window) or CREDIT_AFTER.match(text, end, end + 8)
            )
            if info.shared_gu:
                hit.seoul_prefix = bool(SEOUL_PREFIX.search(window))
                hit.other_prefix = bool(OTHER_CITY_PREFIX.search(window))
            hits.append(hit)
        return hits

    @staticmethod
    def _particle(text: str, hit: _Hit) -> str:
        if hit.tail == "에" and ACCORDING_TO.match(text, hit.end + 1):
            return "에 따르면"
        if hit.tail:
            return hit.tail
        m = AFTER_NAME.match(text, hit.end)
        return m.group(1) if m else ""

    # --- context over the whole text ---

    def _mark_lists(self, text: str, hits: list[_Hit]) -> None:
        """Give every member of a list the particle of its last member.

        '강동·양천·은평구는' makes all three the subject; a list that ends in a full
        name shows its short members are district names even when ambiguous alone.
        """
        i = 0
        while i < len(hits):
            j = i
            while j + 1 < len(hits) and self._joined(text, hits[j], hits[j + 1]):
                j += 1
            if j > i:
                last = hits[j]
                closed = any(e.kind == "name" for e in last.entries)
                for hit in hits[i:j]:
                    hit.particle = last.particle
                    hit.in_list_closed_by_gu = closed
            i = j + 1

    @staticmethod
    def _joined(text: str, a: _Hit, b: _Hit) -> bool:
        """Whether `b` follows `a` in a list.

        '강동·양천', '강남구, 서초구', '강남구와 서초구'.
        """
        names = NAME_KINDS.intersection
        if not names(e.kind for e in a.entries) or not names(e.kind for e in b.entries):
            return False
        if not a.tail:
            return bool(LIST_GAP.fullmatch(text, a.end, b.start))
        return (
            a.tail in ("와", "과") and not text[a.end + len(a.tail) : b.start].strip()
        )

    def _mark_foreign(self, text: str, hits: list[_Hit]) -> None:
        """Mark hits that name another city's 중구 or 강서구.

        A hit says which city it means by a prefix ('울산 중구', '서울 중구') or by
        the dong written after it (강서구 명지동 is Busan's: Seoul's 강서구 has no
        명지동; 중구 정동 is Seoul's). Hits that say nothing follow the last hit of
        the same name that did, or the first one if none came before. If no hit
        says anything, an article that names the other city twice and Seoul never is
        about that city.
        """
        decided: dict[str, bool] = {}
        undecided: dict[str, list[_Hit]] = defaultdict(list)
        for hit in hits:
            if hit.gu is None:
                continue
            own = self._says_foreign(text, hit)
            if own is not None:
                if hit.gu not in decided:
                    for earlier in undecided.pop(hit.gu, []):
                        earlier.foreign = own
                decided[hit.gu] = own
            if hit.gu in decided:
                hit.foreign = decided[hit.gu]
            else:
                undecided[hit.gu].append(hit)
        if undecided:
            about_other_city = len(
                OTHER_CITY_WORD.findall(text)
            ) >= 2 and not SEOUL_WORD.search(text)
            for waiting in undecided.values():
                for hit in waiting:
                    hit.foreign = about_other_city

    def _says_foreign(self, text: str, hit: _Hit) -> bool | None:
        """True for another city, False for Seoul, None when the hit does not say."""
        if hit.seoul_prefix:
            return False
        if hit.other_prefix:
            return True
        if hit.tail:
            return None
        known = self._dongs.get(self._gu_names.get(hit.gu or "", ""), set())
        m = DONG_WORD.match(text, hit.end)
        if not known or not m or m.group(1) in NOT_DONG_WORDS:
            return None
        if m.group(2) and not _segments(m.group(2), DONG_TAILS):
            return None  # 공동체, 동아리: a longer word, not a dong
        # The official spelling (가양제1동) names the same dong as 가양1동.
        return OFFICIAL_NUMBER.sub(r"\1", m.group(1)) not in known

    # --- linking ---

    def link(self, title: str, body: str) -> LinkResult:
        title = title or ""
        body = body or ""
        text = f"{title}\n\n{body}" if title else body
        title_end = len(title)
        body_start = title_end + 2 if title else 0

        hits = _without_enumerations(text, self._scan(text))
        self._mark_lists(text, hits)
        self._mark_foreign(text, hits)

        evidence: dict[str, _Evidence] = defaultdict(_Evidence)
        foreign_hits = 0
        for hit in hits:
            if hit.foreign:
                foreign_hits += 1
                continue
            if len(hit.entries) > 1:
                # A place shared by several districts (G밸리) says nothing about which
                # one the story is about, so it is neither a mention nor a span.
                continue
            (entry,) = hit.entries
            ev = evidence[entry.slug]
            # Landmarks (마곡, 김포공항) are places, not names of the district: they
            # back a link and count as mentions, but never make one alone. Credits
            # ('사진=강남구') likewise only back a link the story itself makes.
            safe = (
                (entry.safe or hit.in_list_closed_by_gu)
                and not hit.credit
                and entry.kind != "landmark"
            )
            ev.spans.append((hit.start, hit.end))
            ev.kinds.add(entry.kind)
            if safe:
                ev.safe_at.append(hit.start)
            if not safe or entry.kind not in NAME_KINDS:
                continue
            if hit.start < title_end:
                ev.in_title = True
            elif entry.kind == "title" and hit.text.endswith("청장"):
                ev.mayor_at.append(hit.start)
            elif hit.particle in SUBJECT_TAILS:
                ev.subject_at.append(hit.start)

        sentences = _sentence_starts(text)
        matches: list[DistrictMatch] = []
        for slug, ev in evidence.items():
            if not ev.safe_at:
                continue  # only names that are ambiguous alone (강남, 신사동)
            name_hit = bool(ev.kinds & NAME_KINDS)
            primary = name_hit and bool(ev.in_title or ev.mayor_at or ev.subject_at)
            mentions = len(ev.spans)
            strong = sorted(ev.mayor_at + ev.subject_at)
            in_lead = any(body_start <= s < body_start + LEAD_CHARS for s in strong)
            if primary:
                confidence = 0.6
                confidence += 0.2 if ev.in_title else 0.0
                confidence += 0.1 if in_lead else 0.0
                confidence += 0.05 if "name" in ev.kinds or "title" in ev.kinds else 0.0
                confidence += min(0.1, 0.02 * (mentions - 1))
                confidence = min(confidence, 0.99)
            else:
                confidence = 0.45 if name_hit else 0.25
                confidence += min(0.1, 0.03 * (mentions - 1))
            if strong:
                anchor = strong[0]
            else:
                # Prefer a sentence of the body that names the district safely.
                in_body = [s for s in ev.safe_at if s >= body_start]
                anchor = (in_body or ev.safe_at)[0]
            matches.append(
                DistrictMatch(
                    slug=slug,
                    role=PRIMARY if primary else MENTIONED,
                    mentions=mentions,
                    confidence=round(confidence, 2),
                    evidence=_sentence_at(text, sentences, anchor),
                    spans=sorted(ev.spans),
                )
            )
        matches.sort(key=lambda m: (m.role != PRIMARY, -m.confidence, m.spans[0]))
        # Dong names repeat across Korea (중앙동): a district known only by its dongs
        # needs something else pointing at Seoul, and none in a story set elsewhere.
        named = [m for m in matches if evidence[m.slug].kinds & NAME_KINDS]
        if not (named or SEOUL_WORD.search(text)):
            matches = named
        scope = self._scope(text, matches, foreign_hits)
        if scope == SCOPE_OUT:
            matches = named
        return LinkResult(matches=matches, scope=scope)

    @staticmethod
    def _scope(text: str, matches: list[DistrictMatch], foreign_hits: int) -> str:
        if any(m.role == PRIMARY for m in matches):
            return SCOPE_DISTRICT
        other_city = len(OTHER_CITY_WORD.findall(text))
        seoul = len(SEOUL_WORD.findall(text))
        if foreign_hits or other_city > seoul:
            return SCOPE_OUT
        if SEOUL_CITY_ACTOR.search(text):
            return SCOPE_CITYWIDE
        if matches:
            return SCOPE_DISTRICT
        return SCOPE_UNKNOWN


def _without_enumerations(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Drop hits on lines that only enumerate districts (menus, tag lists).

    Such a line says nothing about what any district did, and in a page it is
    usually navigation: none of its names is linked, not even as a mention.
    """
    by_line: dict[int, list[_Hit]] = defaultdict(list)
    for hit in hits:
        if any(e.kind in NAME_KINDS for e in hit.entries):
            by_line[text.rfind("\n", 0, hit.start) + 1].append(hit)
    dropped: set[int] = set()
    for start, line_hits in by_line.items():
        if len(line_hits) < ENUMERATION_NAMES:
            continue
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        rest = line
        for hit in line_hits:
            rest = rest.replace(hit.text + hit.tail, " ", 1)
        letters = len(re.findall(r"[가-힣A-Za-z]", rest))
        if letters <= ENUMERATION_OTHER_LETTERS and not PREDICATE.search(line):
            dropped.update(id(h) for h in line_hits)
    return [h for h in hits if id(h) not in dropped]


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]


def _sentence_at(text: str, starts: list[int], pos: int, limit: int = 300) -> str:
    i = bisect.bisect_right(starts, pos) - 1
    start = starts[i]
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    sentence = text[start:end].strip()
    if len(sentence) > limit:
        offset = max(0, pos - start - limit // 2)
        sentence = sentence[offset : offset + limit].strip()
    return sentence


# --- the gazetteer kept in the database ---


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from District and DistrictAlias rows, once per process.

    Saving or deleting an alias in this process clears the cache; other processes
    (workers) see alias changes after `load_gazetteer.cache_clear()` or a restart.
    """
    from django.db.models.signals import post_delete, post_save

    from districts.models import District, DistrictAlias

    for signal in (post_save, post_delete):
        for model in (District, DistrictAlias):
            signal.connect(_forget, sender=model, dispatch_uid=f"gazetteer-{model}")

    records = [
        AliasRecord(slug, text, kind, safe)
        for slug, text, kind, safe in DistrictAlias.objects.values_list(
            "district__slug", "text", "kind", "is_safe_alone"
        )
    ]
    # The district's own names, in case an alias row was deleted by hand.
    for slug, name_ko, name_en in District.objects.values_list(
        "slug", "name_ko", "name_en"
    ):
        records.append(AliasRecord(slug, name_ko, "name", True))
        records.append(AliasRecord(slug, name_en, "english", True))
    return Gazetteer.from_records(records)


def _forget(**kwargs) -> None:
    load_gazetteer.cache_clear()


def link_districts(
    title: str, body: str, gazetteer: Gazetteer | None = None
) -> LinkResult:
    return (gazetteer or load_gazetteer()).link(title, body)
