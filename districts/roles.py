"""Who acts in an article: each district's role, confidence and evidence, and the scope.

A district is primary when it acts: named in the headline, as the subject or
topic of a sentence, or through its mayor; otherwise it is mentioned. Names on
a line that only enumerates districts (a menu left in the text) are dropped
before anything is decided. The scope says whether the story is about a
district, the city, another city, or nowhere known.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

from districts.korean import (
    ENUMERATION_NAMES,
    ENUMERATION_OTHER_LETTERS,
    LEAD_CHARS,
    OTHER_CITY_WORD,
    PREDICATE,
    SENTENCE_BREAK,
    SEOUL_CITY_ACTOR,
    SEOUL_WORD,
    SUBJECT_TAILS,
)
from districts.matches import (
    MENTIONED,
    NAME_KINDS,
    PRIMARY,
    SCOPE_CITYWIDE,
    SCOPE_DISTRICT,
    SCOPE_OUT,
    SCOPE_UNKNOWN,
    DistrictMatch,
    Hit,
    LinkResult,
)


@dataclass
class Evidence:
    spans: list[tuple[int, int]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    in_title: bool = False
    subject_at: list[int] = field(default_factory=list)
    mayor_at: list[int] = field(default_factory=list)
    safe_at: list[int] = field(default_factory=list)


def decide(
    text: str, hits: list[Hit], title_end: int, deck_start: int | None = None
) -> LinkResult:
    """Roles and scope from the marked hits of `text`.

    `text` is the headline, a blank line and the body, then (from `deck_start`)
    the deck; a safe name in the headline or the deck makes its district primary.
    """
    body_start = title_end + 2 if title_end else 0
    evidence: dict[str, Evidence] = defaultdict(Evidence)
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
        if hit.start < title_end or (
            deck_start is not None and hit.start >= deck_start
        ):
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
    scope = _scope(text, matches, foreign_hits)
    if scope == SCOPE_OUT:
        matches = named
    return LinkResult(matches=matches, scope=scope)


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


ENUMERATION_LINE_CHARS = 600


def without_enumerations(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop hits on lines that only enumerate districts (menus, tag lists).

    Such a line says nothing about what any district did, and in a page it is
    usually navigation: none of its names is linked, not even as a mention.
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    by_line: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits:
        if any(e.kind in NAME_KINDS for e in hit.entries):
            by_line[bisect.bisect_right(line_starts, hit.start) - 1].append(hit)
    dropped: set[int] = set()
    for index, line_hits in by_line.items():
        if len(line_hits) < ENUMERATION_NAMES:
            continue
        start = line_starts[index]
        end = line_starts[index + 1] - 1 if index + 1 < len(line_starts) else len(text)
        # A menu or a tag list is a short line; a long one is running text.
        if end - start > ENUMERATION_LINE_CHARS:
            continue
        line = text[start:end]
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
