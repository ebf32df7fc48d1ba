"""A backfill's documents stored a batch at a time (backfill.drain).

One at a time, storing a document took ten round trips and a commit, each commit
waiting milliseconds for the disk: most of a worker's time, and why a worker stored
under fifty documents a second. Here a worker reads a batch of documents first (pure
work), then stores them all in one transaction with one insert per table, so
queries and commits are paid per batch, not per document.

The outcome is what storing them one by one in order gives (service.ingest_raw): a
document repeating an earlier one of its batch is that one's duplicate or near copy;
a discovery names the initiative an earlier document of the batch suggested. Should
the batch conflict with another process's writes (the same address or text stored,
a slug taken meanwhile), the transaction is rolled back and its items are stored one
by one, where each conflict has its answer.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from concurrent.futures import Future
from dataclasses import dataclass

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from tracker import figures
from tracker.ingest import (
    articles,
    batch_tags,
    copies,
    leases,
    lookahead,
    problems,
    rules,
    service,
)
from tracker.ingest.batch_doc import Doc
from tracker.ingest.bulk import update_each
from tracker.ingest.understanding import district_links
from tracker.models import (
    Article,
    DedupeKey,
    DistrictLink,
    IngestItem,
    RawDocument,
)
from tracker.reading import dedupe
from tracker.reading.pipeline import Analysis

log = logging.getLogger(__name__)
Status = IngestItem.Status
# Large enough that a commit and a query per table are a small share of each
# document's time, small enough that a conflict costs little to redo.
SIZE = 25


def work_on(items: list[IngestItem]) -> list[IngestItem]:
    """Store the documents of items this process holds; returns those left to work on
    one at a time (to fetch, given up on, or in a batch that conflicted twice)."""
    return _store_held(read_batch(items))


@dataclass(eq=False)
class Read:
    """A batch read, to be stored (store_later): its items held while it was read,
    the others (to work on alone), and the documents of the held ones."""

    held: list[IngestItem]
    alone: list[IngestItem]
    docs: list[Doc]

    def forget_copies(self) -> None:
        """Drop the copies looked up ahead: stored meanwhile, an item of the batch
        before may be one they missed. The batch looks them up itself."""
        for doc in self.docs:
            doc.lookup = doc.copies = None


def read_batch(items: list[IngestItem]) -> Read:
    """work_on's reading: the documents, their copies under way (lookahead)."""
    held = [item for item in items if ready(item)]
    with leases.holding_all(held):
        docs = read_all(held)
    return Read(held, [item for item in items if not ready(item)], docs)


def store_later(batch: Read) -> Future:
    """work_on's storing, on the lookahead thread (lookahead.after) once what was
    asked of it before is done: the future of the items left to work on alone."""
    return lookahead.after(_store_held, batch)


def _store_held(batch: Read) -> list[IngestItem]:
    with leases.holding_all(batch.held):
        return batch.alone + store_all(batch.docs)


def read_all(items: list[IngestItem]) -> list[Doc]:
    """Read each item's document; their copies are looked up on the lookahead thread
    meanwhile, where it is available."""
    ahead = lookahead.available()
    docs = []
    for item in items:
        docs.append(doc := read(item))
        if ahead and doc.analysis is not None:
            doc.lookup = lookahead.find(doc.analysis)
    return docs


def store_all(docs: list[Doc]) -> list[IngestItem]:
    """Store read documents in one transaction; the items left to work on one at a
    time (a batch that conflicted twice)."""
    # Waited for here, not in the transaction: it holds its locks the shorter.
    for doc in docs:
        if doc.lookup is not None:
            doc.copies = doc.lookup.result()
    for _ in range(2) if docs else ():
        try:
            with transaction.atomic():
                store(docs)
            return []
        except (IntegrityError, OperationalError) as error:
            if not conflicted(error):
                raise
            log.info("A batch conflicted (%s)", error)
            docs = [as_read(doc) for doc in docs]
    if docs:
        log.info("A batch conflicted twice: storing its documents one by one")
    return [doc.item for doc in docs]


def conflicted(error: Exception) -> bool:
    """Did another worker's writes meet this batch's? The same text or address
    stored meanwhile (a unique key), or two batches waiting on each other's rows
    (PostgreSQL ends one: a deadlock). Once the other commits, its rows are visible
    and the batch, tried again, finds them as copies."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) in DEADLOCKED


DEADLOCKED = ("40P01", "40001")  # deadlock detected, serialization failure


def ready(item: IngestItem) -> bool:
    return item.raw is not None and item.attempts <= service.MAX_ATTEMPTS


def read(item: IngestItem) -> Doc:
    analysis = service.read_item(item)
    if isinstance(analysis, service.Outcome):
        return Doc(
            item,
            status=analysis.status,
            reason=analysis.reason,
            article=analysis.article,
        )
    return Doc(item, analysis)


def as_read(doc: Doc) -> Doc:
    """The document as reading left it, before an attempt to store it that was rolled
    back (its copies looked up again, in the batch's transaction)."""
    if doc.analysis is None:
        return doc  # an outcome of reading: storing added nothing to it
    return Doc(doc.item, doc.analysis)


def store(docs: list[Doc]) -> None:
    docs = still_held(docs)
    new = place([doc for doc in docs if doc.analysis is not None])
    if new:
        insert_articles(new)
        DedupeKey.objects.bulk_create(
            key
            for doc in new
            for key in articles.dedupe_keys(doc.article, doc.analysis)
        )
        district_ids = rules.current().district_ids
        DistrictLink.objects.bulk_create(
            link
            for doc in new
            for link in district_links(doc.article, doc.analysis.links, district_ids)
        )
        batch_tags.tag(new)
        figures.changed()
    finish(docs)
    note_raws(docs)


def still_held(docs: list[Doc]) -> list[Doc]:
    """The documents whose items this process still holds, locked until the commit
    (the sweeper cannot hand them on meanwhile); the others are left to their new
    holders, as service.finish leaves them."""
    held = dict(
        IngestItem.objects.select_for_update()
        .filter(pk__in=[doc.item.pk for doc in docs], status=Status.PROCESSING)
        .order_by("pk")  # locked in one order by every worker
        .values_list("pk", "task_id")
    )
    return [doc for doc in docs if held.get(doc.item.pk) == doc.item.task_id]


def place(docs: list[Doc]) -> list[Doc]:
    """Mark exact copies (of stored articles or of earlier documents here) and find
    near copies' originals; returns the documents that give a new article."""
    by_hash: dict[str, Doc] = {}
    by_url: dict[str, Doc] = {}
    originals: list[Doc] = []
    new, exact = [], []
    for doc in docs:
        analysis = doc.analysis
        # Looked up ahead, or now: inside this transaction, another connection would
        # not see what the caller wrote in it.
        copy = doc.copies or copies.find(analysis)
        # The earliest of those it repeats, by text or address, as the lowest id is
        # one at a time (copies.exact_copy).
        twins = [
            by_hash.get(analysis.body_hash),
            *map(by_url.get, copies.urls(analysis)),
        ]
        twin = min(filter(None, twins), key=new.index, default=None)
        if copy.exact:
            doc.status, doc.reason = Status.DUPLICATE, service.same_as(copy.exact)
            doc.article = Article(pk=copy.exact)
            exact.append(doc)
            continue
        if twin is not None:
            doc.status, doc.twin = Status.DUPLICATE, twin
            continue
        doc.new = True
        doc.article = articles.new_article(doc.item.raw, analysis, copy.near)
        if copy.near is None:
            doc.original = next(
                (o for o in originals if near(o.analysis, analysis)), None
            )
        if doc.original is None and copy.near is None:
            originals.append(doc)
        by_hash[analysis.body_hash] = doc
        for url in {doc.article.url, doc.article.canonical_url} - {""}:
            by_url.setdefault(url, doc)
        new.append(doc)
    same_bytes(exact)
    return new


def same_bytes(docs: list[Doc]) -> None:
    """Copies of the article their own bytes gave say so, as when the item was taken
    after that article was stored (service.read_item): with the batch before stored
    on the lookahead thread, it may have been taken before."""
    raws = dict(
        Article.objects.filter(pk__in=[doc.article.pk for doc in docs]).values_list(
            "pk", "raw_id"
        )
    )
    for doc in docs:
        if raws.get(doc.article.pk) == doc.item.raw_id:
            doc.reason = service.SAME_BYTES


def near(original: Analysis, copy: Analysis) -> bool:
    return dedupe.is_near(copy.sketch, original.sketch)


def insert_articles(docs: list[Doc]) -> None:
    """Originals first: a near copy of an earlier document needs that one's id (so a
    batch's ids are not always in its documents' order, unlike one at a time)."""
    first = [doc for doc in docs if doc.original is None]
    Article.objects.bulk_create([doc.article for doc in first])
    later = [doc for doc in docs if doc.original is not None]
    for doc in later:
        doc.article.duplicate_of_id = doc.original.article.pk
    Article.objects.bulk_create([doc.article for doc in later])


def finish(docs: list[Doc]) -> None:
    """Every item's outcome, as service.finish records it, in one statement."""
    now = timezone.now()
    for doc in docs:
        item = doc.item
        if doc.twin is not None:
            doc.article = doc.twin.article
            same_bytes = doc.twin.item.raw_id == item.raw_id
            doc.reason = (
                service.SAME_BYTES if same_bytes else service.same_as(doc.article.pk)
            )
        elif doc.analysis is not None and not doc.status:
            outcome = service.saved_outcome(
                doc.article, problems.title_note(doc.analysis, item.raw)
            )
            doc.status, doc.reason = outcome.status, outcome.reason
        item.status, item.error = doc.status, doc.reason
        item.article_id = doc.article.pk if doc.article else None
        item.finished_at, item.lease_until = now, None
    update_each(
        [doc.item for doc in docs],
        ["status", "error", "article", "finished_at", "lease_until"],
    )


def note_raws(docs: list[Doc]) -> None:
    """Why bytes could not be read, or their encoding once read (service.ingest_raw)."""
    read_as = defaultdict(list)
    for doc in docs:
        if doc.status == Status.FAILED:
            RawDocument.objects.filter(pk=doc.item.raw_id).update(
                extraction_error=doc.reason
            )
        elif doc.new:
            read_as[doc.analysis.extracted.encoding[:20]].append(doc.item.raw_id)
    for encoding, ids in read_as.items():
        RawDocument.objects.filter(pk__in=ids).update(
            extraction_error="", encoding=encoding
        )
