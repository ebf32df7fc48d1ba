"""A document of a batch on its way from read to stored (batches.py)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

from tracker.ingest import copies
from tracker.models import Article, IngestItem, InitiativeLink
from tracker.reading.pipeline import Analysis


@dataclass(eq=False)
class Doc:
    item: IngestItem
    analysis: Analysis | None = None
    status: str = ""
    reason: str = ""
    article: Article | None = None  # the article it gave or repeats
    twin: Doc | None = None  # an earlier document of the batch it repeats exactly
    original: Doc | None = None  # an earlier one of the batch it nearly repeats
    tags: list[InitiativeLink] = field(default_factory=list)
    new: bool = False  # gives a new article
    copies: copies.Copies | None = None  # as looked up ahead (lookahead.py)
    lookup: Future | None = None  # that lookup, under way
