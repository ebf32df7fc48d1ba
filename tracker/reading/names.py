"""When do two wordings name the same initiative? Keys and similarity of names.

Used twice: evaluation scores a reported name against a label with the issue's rule
(character-bigram Dice over Hangul, Latin letters and digits, or containment of 4+
characters), and resolution decides whether a new mention is an initiative the
district already has. Resolution first maps synonyms (인공지능 -> AI, 체계 -> 시스템),
so `AI 산불감시 시스템` and `인공지능 산불 감시체계` share one key.
"""

from __future__ import annotations

import functools
import re

_KEEP = re.compile(r"[^0-9A-Za-z가-힣]+")

# Same thing, other words: mapped before comparing for resolution.
SYNONYMS = (
    (re.compile(r"인공\s*지능"), "AI"),
    (re.compile(r"에이아이"), "AI"),
    (re.compile(r"챗\s*지피티|챗\s*GPT|Chat\s*GPT", re.I), "GPT"),
    (re.compile(r"체계"), "시스템"),
    (re.compile(r"씨씨티비|폐쇄회로\s*\(?TV\)?|폐쇄회로텔레비전"), "CCTV"),
    (re.compile(r"업무\s*협약|협약식|MOU", re.I), "협약"),
    (re.compile(r"어르신|노인"), "어르신"),
    (re.compile(r"홀몸|독거"), "홀몸"),
    (re.compile(r"스마트\s*시티"), "스마트도시"),
    (re.compile(r"애플리케이션|어플리케이션|어플"), "앱"),
    (re.compile(r"\(AI\)|\(인공지능\)"), ""),
)

# Words that say what is done to an initiative, not what it is.
_ACTION_TAIL = re.compile(
    r"(?:구축|도입|운영|설치|확대|추진|조성|시행|시범운영|시범|개소|개관|실시|사업)+$"
)


def flat(text: str) -> str:
    """Hangul, Latin letters and digits only, Latin lower-cased (the scoring rule)."""
    return _KEEP.sub("", text or "").lower()


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    """Character-bigram Dice coefficient of two already flattened strings."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 1.0 if a and a == b else 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def label_found(label: str, name: str) -> bool:
    """The evaluation rule: Dice >= 0.5, or one contains the other (4+ characters)."""
    a, b = flat(label), flat(name)
    if not a or not b:
        return False
    if dice(a, b) >= 0.5:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and shorter in longer


@functools.lru_cache(maxsize=4096)
def key(name: str) -> str:
    """The wording reduced for resolution: synonyms mapped, action words off the end."""
    text = name or ""
    for pattern, replacement in SYNONYMS:
        text = pattern.sub(replacement, text)
    text = flat(text)
    core = _ACTION_TAIL.sub("", text)
    return core if len(core) >= 2 else text


def same_initiative(a: str, b: str, threshold: float = 0.6) -> bool:
    """Do two wordings name one initiative of one district? (Keys, not raw names.)"""
    x, y = key(a), key(b)
    if not x or not y:
        return False
    if x == y or dice(x, y) >= threshold:
        return True
    shorter, longer = sorted((x, y), key=len)
    # A short, distinctive name inside a longer wording (성북GPT in 성북GPT 전면 도입).
    return len(shorter) >= 4 and shorter in longer and len(shorter) * 2 >= len(longer)
