"""Store what the pure pipeline makes of a document: one transaction per article.

Every item is a row (IngestItem) before any task runs, so the database, not the
broker, is the record of pending work. Uniqueness is left to the database
(RawDocument.sha256, Article.raw, Article.url, Article.body_hash): two workers racing
on the same story produce one article, and the loser reports a duplicate.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tracker.ingest import leases, problems, rules, uploads
from tracker.ingest.articles import save_article
from tracker.ingest.copies import exact_copy
from tracker.ingest.copies import find as find_copies
from tracker.ingest.fetch import FetchError, fetch
from tracker.ingest.queue import enqueue
from tracker.ingest.rules import catalogue, kinds  # noqa: F401 (evaluate_corpus)
from tracker.models import (
    Article,
    IngestItem,
    IngestRun,
    RawDocument,
)
from tracker.models.ingestion import url_too_long
from tracker.reading.extract import ExtractionError
from tracker.reading.pipeline import Analysis, Hints, analyse

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BACKOFF = 30
# Below the Redis transport's visibility timeout (1 hour), past which Redis would
# hand a waiting retry to a second worker.
RETRY_BACKOFF_MAX = 600
Status = IngestItem.Status


class RetryLater(Exception):
    """A passing network failure: the task should try the item again later."""

    def __init__(self, reason: str, seconds: float) -> None:
        super().__init__(reason)
        self.seconds = seconds


@dataclass
class Outcome:
    status: str  # an IngestItem.Status value
    article: Article | None = None
    reason: str = ""
    # Already on the item's row (saved with the article): no need to write it again.
    recorded: bool = False


NOT_READ = object()  # the article of an item's bytes, before anyone looked


# --- Runs and items -------------------------------------------------------------


def start_run(origin: str, label: str = "", user=None, source=None) -> IngestRun:
    # A label only names the run in lists; a long one is shortened visibly.
    if len(label) > 300:
        label = label[:299] + "…"
    return IngestRun.objects.create(
        origin=origin, label=label, created_by=user, source=source
    )


def store_raw(
    content: bytes, *, file_name: str = "", origin_url: str = "", content_type: str = ""
) -> RawDocument:
    """Keep the exact bytes before anything parses them; the same bytes are kept once."""
    raw, _ = RawDocument.objects.get_or_create(
        sha256=hashlib.sha256(content).hexdigest(),
        defaults={
            "content": content,
            "size": len(content),
            # The name alone: a server path would reach whoever uploads these bytes next.
            "file_name": uploads.base_name(file_name)[:300],
            "origin_url": origin_url,
            "content_type": content_type[:100],
        },
    )
    return raw


def add_file(run: IngestRun, name: str, content: bytes) -> IngestItem:
    """An item for a file's bytes; an oversized file is refused and recorded, not stored."""
    if len(content) > settings.INGEST_MAX_BYTES:
        reason = uploads.too_large(len(content), settings.INGEST_MAX_BYTES)
        return add_failed(run, IngestItem.Kind.FILE, name, reason)
    raw = store_raw(content, file_name=name)
    return IngestItem.objects.create(
        run=run, kind=IngestItem.Kind.FILE, locator=name, raw=raw
    )


def add_upload(
    run: IngestRun, name: str, size: int, read: Callable[[], bytes]
) -> list[IngestItem]:
    """Items for one uploaded file: its articles (a zip may hold several), or one
    failed item when it is of the wrong type, empty or too large (not read then)."""
    problem = uploads.format_problem(name) or uploads.size_problem(
        name, size, settings.INGEST_MAX_BYTES
    )
    if problem:
        return [add_failed(run, IngestItem.Kind.FILE, name, problem)]
    items = []
    for part in uploads.expand(name, read(), max_bytes=settings.INGEST_MAX_BYTES):
        if part.content is None:
            items.append(add_failed(run, IngestItem.Kind.FILE, part.name, part.error))
        else:
            items.append(add_file(run, part.name, part.content))
    return items


def add_failed(run: IngestRun, kind: str, locator: str, reason: str) -> IngestItem:
    """Record input we could not even read, so the run's report explains it."""
    return IngestItem.objects.create(
        run=run,
        kind=kind,
        locator=locator,
        status=Status.FAILED,
        error=reason,
        finished_at=timezone.now(),
    )


def add_url(run: IngestRun, url: str, hints: dict | None = None) -> IngestItem:
    """An item for a URL, stored whole; one too long to store is refused with why."""
    kind = IngestItem.Kind.FEED_ENTRY if hints else IngestItem.Kind.URL
    if problem := url_too_long(url):
        return add_failed(run, kind, url, problem)
    return IngestItem.objects.create(run=run, kind=kind, locator=url, hints=hints or {})


# --- Processing one item ----------------------------------------------------------


def process_item(
    item_id: int,
    *,
    fetcher: Callable | None = None,
    token: str | None = None,
    resume: bool = False,
) -> Outcome:
    """Fetch if needed, analyse and store one item; safe to call again for the same item.

    `token` is the task message's id (None: a direct call). An item another holder
    has (see leases.claim) or that is finished is left alone: its state is returned.
    """
    if not leases.claim(item_id, token, resume=resume):
        item = IngestItem.objects.select_related("article").get(pk=item_id)
        return Outcome(item.status, item.article, item.error)
    return work_on(claimed_items().get(pk=item_id), fetcher=fetcher)


def claimed_items():
    """Items as their holder reads them (see leases.claimed)."""
    return leases.claimed()


def work_on(item: IngestItem, *, fetcher: Callable | None = None) -> Outcome:
    """Process an item this call holds (claimed under `item.task_id`)."""
    # Looked up per call, not bound as a default, so patching service.fetch reaches tasks.
    fetcher = fetcher or fetch
    token = item.task_id  # this message's id, or the row's own for a direct call
    if item.attempts > MAX_ATTEMPTS:
        # Redelivered again and again: its worker dies on it (time limit, memory).
        outcome = Outcome(Status.FAILED, reason=gave_up(MAX_ATTEMPTS))
        finish(item, outcome, token)
        return outcome
    with leases.holding(item.pk, token):
        try:
            if item.raw is None:
                item.raw = fetch_raw(item, fetcher)
                item.raw_article_id = NOT_READ
                IngestItem.objects.filter(pk=item.pk).update(raw=item.raw)
            outcome = ingest_raw(item, token)
        except FetchError as error:
            if not (error.retryable and item.attempts < MAX_ATTEMPTS):
                outcome = Outcome(Status.FAILED, reason=str(error))
            else:
                delay = retry_delay(item.attempts)
                reason = f"{error} (시도 {item.attempts}회, 재시도 예정)"
                leases.hold_for_retry(item.pk, token, delay, reason)
                raise RetryLater(str(error), delay.total_seconds()) from error
        if not outcome.recorded:
            finish(item, outcome, token)
    return outcome


def gave_up(attempts: int) -> str:
    return f"{attempts}번 시도했지만 끝나지 않았습니다 (gave up after {attempts} attempts)."


def fetch_limits() -> dict:
    """The settings every fetch of ours runs under: pages and feeds alike."""
    return {
        "timeout": settings.FETCH_TIMEOUT_SECONDS,
        "max_bytes": settings.INGEST_MAX_BYTES,
        "allow_loopback": settings.FETCH_ALLOW_LOOPBACK,
    }


def fetch_raw(item: IngestItem, fetcher: Callable) -> RawDocument:
    fetched = fetcher(item.locator, **fetch_limits())
    if problem := url_too_long(fetched.final_url):
        raise FetchError(f"리다이렉트된 주소: {problem}", retryable=False)
    return store_raw(
        fetched.content,
        origin_url=fetched.final_url,
        content_type=fetched.content_type,
    )


def hints_for(item: IngestItem) -> Hints:
    published = item.hints.get("published_at")
    url = (
        item.locator
        if item.kind in (IngestItem.Kind.URL, IngestItem.Kind.FEED_ENTRY)
        else ""
    )
    return Hints(
        url=url or (item.raw.origin_url if item.raw else ""),
        title=item.hints.get("title", ""),
        published_at=parse_datetime(published) if published else None,
        # Fetched by us just now; an uploaded file was saved at an unknown time.
        fetched_at=item.raw.received_at if item.raw and url else None,
    )


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 30 s, 1, 2, 4 minutes ..."""
    return timedelta(
        seconds=min(RETRY_BACKOFF * 2 ** (attempts - 1), RETRY_BACKOFF_MAX)
    )


def finish(item: IngestItem, outcome: Outcome, token: str | None = None) -> bool:
    """Record the outcome once, and only while `token` holds the item: a second
    delivery that ran alongside, or a holder the sweeper gave up on, changes nothing.
    True when recorded."""
    items = IngestItem.objects.filter(pk=item.pk, status=Status.PROCESSING)
    if token is not None:
        items = items.filter(task_id=token)
    return bool(
        items.update(
            status=outcome.status,
            article=outcome.article,
            error=outcome.reason,
            finished_at=timezone.now(),
            lease_until=None,
        )
    )


def ingest_raw(item: IngestItem, token: str) -> Outcome:
    """Analyse the item's stored bytes and save the article; failures stay on the raw
    document. A saved article and its item's outcome commit together."""
    analysis = read_item(item)
    if isinstance(analysis, Outcome):
        if analysis.status == Status.FAILED:
            RawDocument.objects.filter(pk=item.raw_id).update(
                extraction_error=analysis.reason
            )
        elif analysis.article is not None:  # read whole for the caller
            analysis.article = Article.objects.get(pk=analysis.article.pk)
        return analysis
    raw = item.raw
    found = find_copies(analysis)
    if found.exact:
        return Outcome(
            Status.DUPLICATE, Article.objects.get(pk=found.exact), same_as(found.exact)
        )
    try:
        with transaction.atomic():
            article = save_article(raw, analysis, original=found.near)
            outcome = saved_outcome(article, problems.title_note(analysis, raw))
            # The outcome, written only while this token holds the item, locks its
            # row until the commit: the sweeper cannot hand it on past this point.
            if not finish(item, outcome, token):
                # The sweeper gave the item to another message while we worked.
                transaction.set_rollback(True)
                return Outcome(Status.PROCESSING)
            outcome.recorded = True
            # In the same breath: one commit per document.
            RawDocument.objects.filter(pk=raw.pk).update(
                extraction_error="", encoding=analysis.extracted.encoding[:20]
            )
    except IntegrityError:
        # Another worker stored the same URL or text between our check and insert.
        copy = exact_copy(analysis)
        if copy is None:
            raise
        return Outcome(Status.DUPLICATE, copy, same_as(copy.pk))
    return outcome


def read_item(item: IngestItem) -> Analysis | Outcome:
    """What the item's stored bytes say, or its outcome when there is nothing to
    store: the same bytes gave an article already, or they cannot be read (the
    reason is for the raw document too)."""
    raw = item.raw
    existing = getattr(item, "raw_article_id", NOT_READ)
    if existing is NOT_READ:
        existing = Article.objects.filter(raw=raw).values_list("pk", flat=True).first()
    if existing:
        # Not this item's: an item that saved its article is already finished.
        return Outcome(Status.DUPLICATE, Article(pk=existing), SAME_BYTES)
    reading = rules.current()
    try:
        return analyse(
            bytes(raw.content),
            hints=hints_for(item),
            content_type=raw.content_type,
            file_name=own_name(item),
            max_bytes=settings.INGEST_MAX_BYTES,
            catalogue=reading.catalogue,
            kinds=reading.kinds,
        )
    except ExtractionError as error:
        return Outcome(
            Status.FAILED, reason=problems.explain(error, bytes(raw.content))
        )


SAME_BYTES = "같은 파일을 이미 수집했습니다 (same bytes)."


def same_as(pk: int) -> str:
    return f"이미 있는 기사와 같습니다 (same as #{pk})."


def near_copy_of(pk: int) -> str:
    return f"#{pk} 기사의 전재로 보입니다 (near-duplicate)."


def saved_outcome(article: Article, note: str) -> Outcome:
    if article.duplicate_of_id:
        return Outcome(
            Status.DUPLICATE,
            article,
            near_copy_of(article.duplicate_of_id),
        )
    return Outcome(Status.CREATED, article, note)


def own_name(item: IngestItem) -> str:
    """The file name this item's uploader gave (the raw document is shared by hash:
    its stored name may be another upload's, and must not reach this user)."""
    if item.kind == IngestItem.Kind.FILE:
        return uploads.base_name(item.locator)
    if item.kind == IngestItem.Kind.RAW:  # stored before names lost their paths
        return uploads.base_name(item.raw.file_name)
    return ""


# --- Re-extraction ------------------------------------------------------------------


def reextract(raw_ids: Iterable[int], user=None) -> IngestRun:
    """A run that tries extraction again on stored documents (after a fix to the rules)."""
    run = start_run(IngestRun.Origin.REEXTRACT, "재추출 (re-extraction)", user=user)
    items = [
        IngestItem.objects.create(
            run=run, kind=IngestItem.Kind.RAW, locator=str(raw), raw=raw
        )
        for raw in RawDocument.objects.filter(
            pk__in=list(raw_ids), article__isnull=True
        )
    ]
    enqueue(items)
    return run
