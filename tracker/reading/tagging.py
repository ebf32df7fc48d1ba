"""Find the initiatives an article reports, the policy events in it, and new candidates.

Pure functions over plain data. A curator edits an initiative's match terms: plain
phrases (matched with flexible spacing, so "AI 도서관" also finds "AI도서관") or
regular expressions written between slashes (/AI.{0,10}업무협약/).
"""

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from tracker.reading.mentions import Mention
from tracker.reading.names import same_initiative

ANNOUNCED = "announced"
AGREEMENT = "agreement"
ORDINANCE = "ordinance"
FUNDED = "funded"
OPENED = "launched"
SCHEDULED = "planned"

# Most specific first: a sentence that signs an MOU also "announces" it.
EVENT_PATTERNS = [
    (ORDINANCE, re.compile(r"조례['’」\"]?[를을]?\s?(제정|공포|시행|통과|의결|만들)")),
    (
        AGREEMENT,
        re.compile(r"업무\s?협약|협약식|MOU|협약을\s?(체결|맺)|협약[을를]?\s?맺"),
    ),
    (OPENED, re.compile(r"개관|개소|개원|준공|문을\s?열|운영을\s?시작|개통")),
    (
        FUNDED,
        re.compile(
            r"예산[을를]?\s?(확보|편성|반영)|국비|시비\s?\d|억\s?원을?\s?(확보|투입)"
        ),
    ),
    (
        SCHEDULED,
        re.compile(
            r"(열|개최할|추진할|도입할|구축할|조성할)\s?(계획|예정)|예정이다|계획이다|오는\s?\d{1,2}월"
        ),
    ),
    (ANNOUNCED, re.compile(r"선언|선포|발표|공개|밝혔|제시")),
]

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")
_UPCOMING_MONTH = re.compile(r"오는\s?(\d{1,2})월(?:\s?(\d{1,2})일)?")
_FULL_DATE = re.compile(r"(20\d{2})[년.\-]\s?(\d{1,2})[월.\-]\s?(\d{1,2})일?")
_PAST_DAY = re.compile(r"지난\s?(\d{1,2})일")

# Phrases that name an AI or digital programme; the capture is a candidate name.
_CANDIDATE = re.compile(
    r"((?:AI|인공지능|스마트|디지털|메타버스|챗GPT|생성형\s?AI|빅데이터|데이터|로봇)"
    r"(?:\([A-Z]+\))?\s?(?:[가-힣A-Za-z]+\s?){0,2}"
    r"(?:센터|플랫폼|서비스|시스템|도서관|스피커|돌봄|행정|검진|교실|단지|도시|조례|사업|"
    r"로봇|키오스크|CCTV|관제|상담|챗봇|앱))"
)


@dataclass(frozen=True)
class CatalogueEntry:
    slug: str
    name_ko: str
    districts: frozenset[str]  # empty for a city-wide initiative
    terms: tuple[str, ...]
    kind: str = ""


@dataclass
class Tag:
    slug: str
    confidence: float
    evidence: str
    spans: list[tuple[int, int]]
    event: str = ""
    event_date: date | None = None


@dataclass
class Suggestion:
    name_ko: str
    district: str
    evidence: str


@dataclass
class Tagging:
    tags: list[Tag] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    # Every initiative the article reports, catalogue or not (reading/discovery.py).
    mentions: list[Mention] = field(default_factory=list)


def term_pattern(term: str) -> re.Pattern:
    """A curator's term as a pattern; raises re.error for a broken /regex/."""
    term = term.strip()
    if len(term) > 2 and term.startswith("/") and term.endswith("/"):
        return re.compile(term[1:-1])
    # Korean news writes compounds with and without spaces: "AI 도서관" finds AI도서관.
    return re.compile(r"\s?".join(re.escape(word) for word in term.split()))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_at(spans: list[tuple[int, int]], text: str, position: int) -> str:
    for start, end in spans:
        if start <= position < end:
            return text[start:end].strip()
    return ""


def sentence_bounds(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for start, end in spans:
        if start <= position < end:
            return start, end
    return position, position


def nearest_event(
    text: str, spans: list[tuple[int, int]], hits: list[tuple[int, int, str]]
) -> tuple[str, str]:
    """The event told closest to where the initiative is named, with its sentence.

    A sentence may report two things ("선포·업무협약식"); the event word nearest to the
    initiative's own name is the one about it, and on a tie the more specific wins.
    """
    best = None
    for hit_start, hit_end, _ in hits:
        start, end = sentence_bounds(spans, hit_start)
        sentence = text[start:end]
        for rank, (kind, pattern) in enumerate(EVENT_PATTERNS):
            for match in pattern.finditer(sentence):
                at, until = start + match.start(), start + match.end()
                distance = max(at - hit_end, hit_start - until, 0)
                candidate = (distance, rank, kind, sentence.strip())
                best = min(best, candidate) if best else candidate
    return (best[2], best[3]) if best else ("", "")


def event_date(sentence: str, kind: str, published: date | None) -> date | None:
    """The date a sentence gives its event, read against the article's date; None if unsure."""
    if match := _FULL_DATE.search(sentence):
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    if published is None:
        return None
    if kind == SCHEDULED and (match := _UPCOMING_MONTH.search(sentence)):
        month, day = int(match.group(1)), int(match.group(2) or 1)
        year = published.year + (1 if month < published.month else 0)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if match := _PAST_DAY.search(sentence):
        day = int(match.group(1))
        if day <= published.day:
            return published.replace(day=day)
        return None
    if kind in (ANNOUNCED, AGREEMENT, ORDINANCE, OPENED, FUNDED):
        return published
    return None


def tag_initiatives(
    title: str,
    body: str,
    catalogue: list[CatalogueEntry],
    districts: set[str],
    *,
    published: date | None = None,
    is_relevant: bool = True,
    primary: str = "",
) -> Tagging:
    """Tags for catalogue initiatives the article reports, or suggestions when none fits.

    `districts` are the article's linked district slugs; an initiative bound to
    districts is only tagged when one of them is linked (Gangnam's AI library is not
    Gangseo's).
    """
    text = f"{title}\n\n{body}"
    spans = sentence_spans(text)
    tags = []
    for entry in catalogue:
        if entry.districts and not entry.districts & districts:
            continue
        hits = [
            (m.start(), m.end(), term)
            for term in entry.terms
            for m in term_pattern(term).finditer(text)
        ]
        if not hits:
            continue
        hits.sort()
        distinct = len({term for _, _, term in hits})
        in_title = any(start < len(title) for start, _, _ in hits)
        confidence = (
            0.55
            + 0.12 * min(distinct - 1, 3)
            + (0.1 if in_title else 0)
            + (0.1 if entry.districts else 0)
        )
        evidence = sentence_at(spans, text, hits[0][0])
        kind, event_sentence = nearest_event(text, spans, hits)
        tags.append(
            Tag(
                slug=entry.slug,
                confidence=round(min(confidence, 0.97), 2),
                evidence=evidence,
                spans=[(start, end) for start, end, _ in hits],
                event=kind,
                event_date=event_date(event_sentence, kind, published)
                if kind
                else None,
            )
        )
    suggestions = (
        [] if tags or not is_relevant or not primary else suggest(text, spans, primary)
    )
    return Tagging(tags=tags, suggestions=suggestions)


def suggest(text: str, spans, district: str) -> list[Suggestion]:
    """Candidate names for an AI policy the catalogue does not know yet."""
    found = Counter()
    first = {}
    for match in _CANDIDATE.finditer(text):
        name = re.sub(r"\s+", " ", match.group(1)).strip()
        found[name] += 1
        first.setdefault(name, match.start())
    if not found:
        return []
    # The phrase named most often, earliest on ties: the title usually names it first.
    name = min(found, key=lambda n: (-found[n], first[n]))
    return [
        Suggestion(
            name_ko=name,
            district=district,
            evidence=sentence_at(spans, text, first[name]),
        )
    ]


def merge_catalogue(
    mentions: list[Mention],
    tags: list[Tag],
    catalogue: list[CatalogueEntry],
    districts: set[str],
    text: str,
) -> list[Mention]:
    """Discovered mentions and catalogue tags as one list, each initiative once.

    A mention whose name the catalogue's terms found, or whose wording names a
    catalogue initiative of its district, is that initiative (status `catalogue`);
    a tag no mention covers becomes a mention of its own.
    """
    entries = {entry.slug: entry for entry in catalogue}
    merged, covered = [], set()
    for mention in mentions:
        for tag in tags:
            entry = entries[tag.slug]
            if tag.slug in covered or (
                entry.districts and mention.district not in entry.districts
            ):
                continue
            overlaps = any(
                start < mention.span[1] and mention.span[0] < end
                for start, end in tag.spans
            )
            if overlaps or same_initiative(mention.name_ko, entry.name_ko):
                covered.add(tag.slug)
                mention = replace(mention, catalogue_slug=tag.slug)
                break
        merged.append(mention)
    for tag in tags:
        if tag.slug in covered:
            continue
        entry = entries[tag.slug]
        own = sorted(entry.districts & districts)
        start, end = tag.spans[0]
        merged.append(
            Mention(
                name_ko=entry.name_ko,
                district=own[0] if own else "",
                kind=entry.kind,
                stage=tag.event or "announced",
                evidence=tag.evidence,
                span=(start, end),
                evidence_span=sentence_bounds(sentence_spans(text), start),
                event_date=tag.event_date,
                date_precision="day" if tag.event_date else "",
                confidence=tag.confidence,
                catalogue_slug=tag.slug,
            )
        )
    return sorted(merged, key=lambda m: m.span[0])
