"""Noun phrases that could name an initiative, from one sentence's morphemes.

A phrase is a run of noun-like morphemes written together or one space apart
(`AI CCTV 고속검색시스템`), with glued parentheses (`인공지능(AI)`), hyphens (`Y-GPT`)
and middle dots (`효돌이·효순이`) kept inside. Particles, endings and verbs end it.
Quoted names (`‘한눈에 강동’`) are phrases too, whatever is inside, and join the
noun phrase right before them (`AI 반려로봇 ‘효손이’`) or a head noun right after
them (`‘스마트 로봇존’ 공모사업`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.reading.morphology import Morpheme, words

NOUNISH = frozenset({"NNG", "NNP", "SL", "SN", "SH", "XPN", "XSN", "XR", "NR"})
_INNER = frozenset({"SO", "SP"})  # - ~ · , only when glued on both sides
ORG_NOUN = re.compile(
    r"(?:기업|업체|회사|스타트업|기관|재단|단체|법인|협회|대학교?|병원)$"
)
_MODIFIER_NOUNS = frozenset({"기반", "중심", "전용", "맞춤형", "참여형"})
_OPEN = frozenset("‘'“\"「『《〈<")
_CLOSE = frozenset("’'”\"」』》〉>")
_QUOTE = re.compile(
    r"[‘'“\"「『《〈<]([^‘’'“”\"「」『』《》〈〉<>\n]{2,40}?)[’'”\"」』》〉>]"
)
# A quote of speech, not a name: it ends a sentence.
_SPEECH = re.compile(r"(?:다|요|죠|까)[.!?]?\s*$|[.!?]$")


@dataclass(frozen=True)
class Phrase:
    text: str
    start: int  # offsets in the sentence
    end: int
    morphemes: tuple[Morpheme, ...]
    quoted: bool = False


def _glued(a: Morpheme, b: Morpheme) -> bool:
    return a.end == b.start


def _joinable(sentence: str, a: Morpheme, b: Morpheme) -> bool:
    """One space at most, and no line break, between two morphemes of a phrase."""
    gap = sentence[a.end : b.start]
    return gap in ("", " ", "\u00a0")


def noun_phrases(sentence: str, morphemes: list[Morpheme]) -> list[Phrase]:
    """Maximal runs of noun-like morphemes, in reading order."""
    phrases: list[Phrase] = []
    run: list[Morpheme] = []
    i = 0

    def close() -> None:
        # A closing parenthesis stays when its opening one is in the phrase: 도시(안).
        while (
            run
            and run[-1].tag not in NOUNISH
            and not (run[-1].tag == "SSC" and any(m.tag == "SSO" for m in run))
        ):
            run.pop()
        if run:
            start, end = run[0].start, run[-1].end
            phrases.append(Phrase(sentence[start:end], start, end, tuple(run)))
        run.clear()

    while i < len(morphemes):
        m = morphemes[i]
        # A bound noun belongs to the phrase after a number (340대) or glued to a noun
        # (보안등); spaced, it means "etc." (CCTV 등).
        bound = m.tag == "NNB" and run and (run[-1].tag == "SN" or _glued(run[-1], m))
        if m.tag in NOUNISH or bound:
            if run and not _joinable(sentence, run[-1], m):
                close()
            run.append(m)
            i += 1
            continue
        # `(AI)` glued to the word before it stays in the phrase.
        if m.tag == "SSO" and run and _glued(run[-1], m):
            j = i + 1
            while j < len(morphemes) and morphemes[j].tag in NOUNISH | _INNER:
                j += 1
            # Only a glued label without spaces: (AI), (EASY); `(구청장 이수희)` is not.
            spaced = (
                " " in sentence[m.start : morphemes[j].end]
                if j < len(morphemes)
                else True
            )
            if (
                j < len(morphemes)
                and morphemes[j].tag == "SSC"
                and j > i + 1
                and not spaced
            ):
                run.extend(morphemes[i : j + 1])
                i = j + 1
                continue
        nxt = morphemes[i + 1] if i + 1 < len(morphemes) else None
        # `AI 기반의 119 종합상황 관리체계`: 의 after 기반 modifies, it does not end.
        if (
            m.tag == "JKG"
            and run
            and run[-1].text in _MODIFIER_NOUNS
            and _glued(run[-1], m)
            and nxt is not None
            and nxt.tag in NOUNISH
            and sentence[m.end : nxt.start] == " "
        ):
            run.append(m)
            i += 1
            continue
        if (
            m.tag in _INNER
            and m.text in "-~·ㆍ・"
            and run
            and nxt is not None
            and nxt.tag in NOUNISH
            and _glued(run[-1], m)
            and _glued(m, nxt)
        ):
            run.append(m)
            i += 1
            continue
        close()
        i += 1
    close()
    return phrases


def split_lists(sentence: str, phrases: list[Phrase]) -> list[Phrase]:
    """`킥보드 보관소·AI CCTV·스마트 횡단보도` is three things; `효돌이·효순이` one name."""
    result = []
    for phrase in phrases:
        dots = [m for m in phrase.morphemes if m.text in "·ㆍ・"]
        pieces, current = [], []
        for m in phrase.morphemes:
            if m in dots:
                pieces.append(current)
                current = []
            else:
                current.append(m)
        pieces.append(current)
        texts = [sentence[p[0].start : p[-1].end] for p in pieces if p]
        if not dots or not all(" " in t for t in texts) or len(texts) != len(pieces):
            result.append(phrase)
            continue
        for piece, text in zip(pieces, texts, strict=True):
            result.append(Phrase(text, piece[0].start, piece[-1].end, tuple(piece)))
    return result


def quoted_phrases(sentence: str, morphemes: list[Morpheme]) -> list[Phrase]:
    """Quoted names, joined to the noun phrase before them or a head noun after."""
    found = []
    nouns = noun_phrases(sentence, morphemes)
    for match in _QUOTE.finditer(sentence):
        inner = match.group(1)
        # Straight quotes pair badly (`다"며 "돌봄`): a name hugs its quote marks.
        if inner != inner.strip() or _SPEECH.search(inner) or len(inner.split()) > 8:
            continue
        start, end = match.start(1), match.end(1)
        inside = tuple(m for m in morphemes if start <= m.start and m.end <= end)
        text = inner
        before = next(
            (p for p in nouns if p.end in (match.start(), match.start() - 1)), None
        )
        after = next(
            (p for p in nouns if p.start in (match.end(), match.end() + 1)), None
        )
        if before is not None and ORG_NOUN.search(before.text):
            continue  # 로봇 기업 ‘가온로보틱스’: a company, not a programme
        if before is not None and len(inner) <= 6:
            # A short quoted name after what it is: AI 반려로봇 ‘효손이’.
            text, start = f"{before.text} {inner}", before.start
            inside = before.morphemes + inside
        if after is not None and after.morphemes[-1].text in QUOTE_HEADS:
            text, end = f"{text} {after.text}", after.end
            inside = inside + after.morphemes
        found.append(Phrase(text, start, end, inside, quoted=True))
    return found


# Nouns that, right after a quoted name, belong to it: ‘스마트 로봇존’ 공모사업.
QUOTE_HEADS = words(
    "사업 공모사업 서비스 시스템 플랫폼 사업단 프로그램 프로젝트 센터 조례 위원회 "
    "추진단 로봇 챗봇 앱 캠페인 아카데미 인증 육성 활성화 유치 조성"
)
