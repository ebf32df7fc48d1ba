"""The article an analysis gives: its row, its dedupe keys, and what reading
understood of it (tracker/ingest/understanding.py), saved in the caller's
transaction. One at a time here (service.ingest_raw); a batch builds the same rows
with new_article() and dedupe_keys() and inserts them together (batches.py)."""

from django.db import connection

from tracker import figures, search
from tracker.ingest import rules
from tracker.ingest.understanding import save_understanding
from tracker.models import Article, DedupeKey, RawDocument
from tracker.models.ingestion import url_too_long
from tracker.reading import dedupe
from tracker.reading.pipeline import Analysis


def save_article(raw: RawDocument, analysis: Analysis, original: int | None) -> Article:
    """The new article (`original`: the id of the one it nearly repeats, if any)."""
    article = new_article(raw, analysis, original)
    article.save(force_insert=True)
    DedupeKey.objects.bulk_create(dedupe_keys(article, analysis))
    save_understanding(article, analysis.links, analysis.tagging, new=True)
    figures.changed()
    return article


def new_article(raw: RawDocument, analysis: Analysis, original: int | None) -> Article:
    """The article an analysis gives, not saved yet."""
    extracted = analysis.extracted
    title = analysis.title[:500]
    return Article(
        raw=raw,
        url=analysis.url,
        # Page metadata, not what anyone gave us: dropped, not cut, when too long.
        canonical_url=""
        if url_too_long(extracted.canonical_url)
        else extracted.canonical_url,
        title=title,
        subtitle=extracted.subtitle[:1000],
        body=extracted.body,
        captions=extracted.captions,
        published_at=analysis.published_at,
        date_source=analysis.date_source,
        publisher=extracted.publisher[:120],
        author=extracted.author[:120],
        author_email=extracted.author_email[:254],
        body_hash=analysis.body_hash,
        sketch=analysis.sketch,
        duplicate_of_id=original,
        scope=analysis.links.scope,
        is_relevant=analysis.is_relevant,
        relevance=analysis.relevance,
        # What is stored is what is found.
        **search.fields(title, extracted.body, _districts(analysis)),
    )


def _districts(analysis: Analysis) -> list[tuple[int, str]]:
    """The district links the article is about to get, for its search pieces: on
    PostgreSQL, whose triggers keep them (migration 0020), so that the links' insert
    finds them there and rewrites nothing."""
    if connection.vendor != "postgresql":
        return []
    ids = rules.current().district_ids
    return [(ids[m.slug], m.role) for m in analysis.links.matches if m.slug in ids]


def dedupe_keys(article: Article, analysis: Analysis) -> list[DedupeKey]:
    return [
        DedupeKey(article=article, key=key)
        for key in dedupe.lookup_keys(analysis.sketch)
    ]
