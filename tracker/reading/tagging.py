"""Which catalogue initiatives an article names, by the terms curators keep.

Pure functions over plain data. A curator edits an initiative's match terms: plain
phrases (matched with flexible spacing, so "AI 도서관" also finds "AI도서관") or
regular expressions written between slashes (/AI.{0,10}업무협약/). The stage and date
of what the article reports are read as for discovered initiatives (stages.py,
event_dates.py), so both kinds of tag tell their events the same way.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date

from tracker.reading import sentences
from tracker.reading.event_dates import event_date
from tracker.reading.mentions import Mention
from tracker.reading.names import same_initiative
from tracker.reading.stages import stage_of

# How much a stage tells, as in discovery: the furthest reported is the event.
_TELLS = ("announced", "planned")


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
    date_precision: str = ""


@dataclass
class Tagging:
    tags: list[Tag] = field(default_factory=list)
    # Every initiative the article reports, catalogue or not (reading/discovery.py).
    mentions: list[Mention] = field(default_factory=list)


def term_pattern(term: str) -> re.Pattern:
    """A curator's term as a pattern; raises re.error for a broken /regex/."""
    term = term.strip()
    if len(term) > 2 and term.startswith("/") and term.endswith("/"):
        return re.compile(term[1:-1])
    # Korean news writes compounds with and without spaces: "AI 도서관" finds AI도서관.
    return re.compile(r"\s?".join(re.escape(word) for word in term.split()))


def _event(text: str, spans, hits) -> tuple[str, int, int]:
    """(stage, sentence start, predicate offset in it) of the furthest stage the
    article reports about the hits; announced when it reports none."""
    best = None
    for hit_start, hit_end, _ in hits:
        start, _end = sentences.bounds(spans, hit_start)
        hit = stage_of(text[start:_end], hit_end - start, hit_start - start)
        rank = _TELLS.index(hit.stage) if hit.stage in _TELLS else len(_TELLS)
        # A predicate after the name reads surest; one before it may be another's.
        candidate = (hit.after, rank, -hit_start, hit.stage, start, hit.at)
        best = max(best, candidate) if best else candidate
    return best[3], best[4], best[5]


def tag_initiatives(
    title: str,
    body: str,
    catalogue: list[CatalogueEntry],
    districts: set[str],
    *,
    published: date | None = None,
) -> Tagging:
    """Tags for the catalogue initiatives the article names, with their events.

    `districts` are the article's linked district slugs; an initiative bound to
    districts is only tagged when one of them is linked (Gangnam's AI library is not
    Gangseo's).
    """
    text = f"{title}\n\n{body}"
    spans = sentences.spans(text)
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
        evidence = sentences.at(spans, text, hits[0][0])
        stage, sentence_start, at = _event(text, spans, hits)
        sentence = text[sentence_start : sentences.bounds(spans, sentence_start)[1]]
        day, precision = event_date(sentence, at, published)
        tags.append(
            Tag(
                slug=entry.slug,
                confidence=round(min(confidence, 0.97), 2),
                evidence=evidence,
                spans=[(start, end) for start, end, _ in hits],
                event=stage,
                event_date=day,
                date_precision=precision,
            )
        )
    return Tagging(tags=tags)


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
                evidence_span=sentences.bounds(sentences.spans(text), start),
                event_date=tag.event_date,
                date_precision=tag.date_precision,
                confidence=tag.confidence,
                catalogue_slug=tag.slug,
            )
        )
    return sorted(merged, key=lambda m: m.span[0])
