"""The pure steps from bytes to an analysed article: no ORM, no network.

extract -> dedupe keys -> link districts -> judge relevance -> tag initiatives.
The service in tracker/ingest/service.py stores the result in one transaction.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from districts.gazetteer import (
    SCOPE_CITYWIDE,
    SCOPE_DISTRICT,
    Gazetteer,
    LinkResult,
    link_districts,
)
from tracker.reading import dedupe
from tracker.reading.discovery import discover
from tracker.reading.extract import Extracted, extract
from tracker.reading.kinds import TYPOLOGY, KindSpec
from tracker.reading.relevance import judge_relevance
from tracker.reading.tagging import (
    CatalogueEntry,
    Tagging,
    merge_catalogue,
    tag_initiatives,
)

SEOUL = ZoneInfo("Asia/Seoul")


@dataclass
class Hints:
    """What the source said about an item, used only where the page says nothing."""

    url: str = ""
    title: str = ""
    published_at: datetime | None = None
    # When the bytes were fetched: the only clock a '6시간 전' stamp can be read by.
    fetched_at: datetime | None = None


@dataclass
class Analysis:
    extracted: Extracted
    url: str
    title: str
    published_at: datetime | None
    date_source: str
    body_hash: str
    sketch: list[int]
    links: LinkResult
    is_relevant: bool
    relevance: float
    tagging: Tagging = field(default_factory=Tagging)


def analyse(
    raw: bytes,
    *,
    hints: Hints | None = None,
    content_type: str = "",
    file_name: str = "",
    max_bytes: int,
    gazetteer: Gazetteer | None = None,
    catalogue: list[CatalogueEntry] = (),
    kinds: tuple[KindSpec, ...] = TYPOLOGY,
) -> Analysis:
    """Run every pure step on one document; raises ExtractionError for bad input."""
    hints = hints or Hints()
    extracted = extract(
        raw,
        url=hints.url,
        content_type=content_type,
        file_name=file_name,
        max_bytes=max_bytes,
        fetched_at=hints.fetched_at,
    )
    title = extracted.title or hints.title
    published_at, date_source = extracted.published_at, extracted.date_source
    if published_at is None and hints.published_at is not None:
        published_at, date_source = hints.published_at, "feed"
    links, is_relevant, relevance, tagging = understand(
        title,
        extracted.body,
        published_at,
        subtitle=extracted.subtitle,
        gazetteer=gazetteer,
        catalogue=catalogue,
        kinds=kinds,
    )
    return Analysis(
        extracted=extracted,
        url=hints.url,
        title=title,
        published_at=published_at,
        date_source=date_source if published_at else "",
        body_hash=dedupe.body_hash(extracted.body),
        sketch=dedupe.sketch(extracted.body),
        links=links,
        is_relevant=is_relevant,
        relevance=relevance,
        tagging=tagging,
    )


def understand(
    title: str,
    body: str,
    published_at: datetime | None,
    *,
    subtitle: str = "",
    gazetteer: Gazetteer | None = None,
    catalogue: list[CatalogueEntry] = (),
    kinds: tuple[KindSpec, ...] = TYPOLOGY,
) -> tuple[LinkResult, bool, float, Tagging]:
    """Districts, relevance and initiatives for clean text: also used to re-tag.

    The deck (subtitle) sits under the headline and says who acts as plainly
    as the headline does, so the linker and the relevance judge read both.
    """
    links = link_districts(title, body, gazetteer, deck=subtitle)
    headline = f"{title}\n{subtitle}" if title and subtitle else title or subtitle
    is_relevant, relevance = judge_relevance(headline, body)
    published = published_at.astimezone(SEOUL).date() if published_at else None
    tagging = tag_initiatives(
        title,
        body,
        list(catalogue),
        {m.slug for m in links.matches},
        published=published,
    )
    if is_relevant and links.scope in (SCOPE_DISTRICT, SCOPE_CITYWIDE):
        found = discover(
            title,
            body,
            deck=subtitle,
            districts=links,
            published=published,
            kinds=tuple(kinds),
        )
        text = f"{title}\n\n{body}"
        tagging.mentions = merge_catalogue(
            found, tagging.tags, list(catalogue), {m.slug for m in links.matches}, text
        )
    return links, is_relevant, relevance, tagging
