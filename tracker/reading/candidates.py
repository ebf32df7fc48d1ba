"""Is a noun phrase the name of an initiative? Trim it to the name, then weigh it.

`서울 마포구 AI 위험 감지 CCTV 설치` names `AI 위험 감지 CCTV` (the district and the
action are said elsewhere); `AI 기술` names a field, `가온로보틱스` a company. The
score says how sure we are: 0.9 a quoted name with a cue, 0.7 a known head, 0.45 a
longer name with an unknown head, 0.3 a generic one kept only when nothing better is
told.
"""

from __future__ import annotations

import re

from tracker.reading.lexicon import (
    ACTION_TAILS,
    CAMERA_ONLY,
    CLAUSE_TAGS,
    COMPANY,
    CUE,
    DISTRICT_NAME,
    GENERIC,
    GENERIC_PAIR,
    HEADS,
    LEAD_WORDS,
    NAME_CUE,
    NOT_HEADS,
    ORG_TAIL,
    PLACE_TAILS,
    QUOTES,
    RELATED,
    SEOUL_WORDS,
    SMART_CAMERA,
)
from tracker.reading.names import flat, key
from tracker.reading.phrases import Phrase


def trim(
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
            # and its counter, glued to it: 19일, 2개월간, 30개, 2세대
            while parts and (
                parts[0].tag in ("NNB", "NR", "XSN", "SP", "SN")
                or (parts[0].tag == "NNG" and len(parts[0].text) == 1)
                or (parts[0].start == first.end and parts[0].tag == "NNG")
            ):
                first = parts.pop(0)
            continue
        if spaced and (word in district_names or DISTRICT_NAME.match(word)):
            # `서울특별시 용산구 …`: the district, not the city, is the one named.
            if not named or named in SEOUL_WORDS:
                named = word
            if phrase.quoted:
                # ‘마포 척척 챗봇’: the district's name is part of the programme's; in
                # ‘서울특별시 광진구 … 조례’ the district after the city is who it is.
                following = parts[1].text if len(parts) > 1 else ""
                if word in SEOUL_WORDS and DISTRICT_NAME.match(following):
                    named = following
                break
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
        return QUOTES.sub("", sentence[start : phrase.end]).strip(), start, named
    while len(parts) > 1 and (
        parts[-1].text in ACTION_TAILS
        or parts[-1].text in PLACE_TAILS
        or (parts[-1].tag in ("SN", "NNB") and parts[-2].end < parts[-1].start)
        or (parts[-1].tag == "NNB" and parts[-2].tag == "SN")
        # a counter glued to its number: 20곳, 30개소
        or (parts[-2].tag == "SN" and parts[-2].end == parts[-1].start)
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
    return QUOTES.sub("", sentence[start:end]).strip(), start, named


# Heads of two syllables or more, which may end a name glued to the word before.
_LONG_HEADS = tuple(sorted(h for h in HEADS if len(h) > 1))


def _head(name: str) -> str:
    """The last word, parentheses aside: `로봇(리쿠)` is a robot."""
    words = re.findall(r"[가-힣]+|[A-Za-z]+", re.sub(r"\([^()]*\)", "", name))
    return words[-1] if words else ""


def score(name: str, phrase: Phrase, sentence: str) -> float:
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
    if CAMERA_ONLY.search(name) and not SMART_CAMERA.search(name):
        return 0.0
    # `지능형 폐쇄회로텔레비전(CCTV)`: a Latin label in the last parentheses names it too.
    label = re.search(r"\(([A-Za-z]+)\)$", name)
    known_head = (
        head in HEADS
        or name.endswith(_LONG_HEADS)
        or (label is not None and label.group(1) in HEADS)
    )
    if COMPANY.search(name):
        return 0.0  # `AI 기술 기업 가온데이터`: a company, not a programme
    if phrase.quoted:
        # A particle glued last is often the name's own syllable: 효손이, 초롱이.
        inner = phrase.morphemes[:-1] if phrase.morphemes else ()
        tags = {m.tag for m in phrase.morphemes}
        if {m.tag for m in inner} & CLAUSE_TAGS:
            return (
                0.0  # a slogan or a goal (`모두의 삶이 편해지는 AI 도시`), not a name
            )
        if key(name) in GENERIC:
            return 0.3
        if cue or known_head:
            return 0.9
        proper = tags & {"NNP", "SL"} or len(name.split()) >= 2
        return 0.6 if proper and CUE.search(sentence) else 0.0
    content = [m for m in phrase.morphemes if m.tag in ("NNG", "NNP", "SL", "SN", "XR")]
    if not cue or len(name.split()) > 7 or len(content) < 2:
        return 0.0
    if (
        key(name) in GENERIC
        or flat_name in GENERIC
        or RELATED.search(name)
        or GENERIC_PAIR.match(name)
    ):
        return 0.3
    if known_head:
        return 0.7
    # A cue and a head we do not know (중심지, 육성도시): only longer, specific names
    # whose last word is a plain noun.
    last = next((m for m in reversed(phrase.morphemes) if m.text in name), None)
    plain_noun = last is not None and last.tag in ("NNG", "NNP", "SSC")
    return 0.45 if len(name.split()) >= 3 and plain_noun else 0.0
