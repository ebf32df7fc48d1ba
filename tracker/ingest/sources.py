"""Polling RSS/Atom sources: new entries become items of a feed run.

A source that fails SOURCE_MAX_FAILURES times in a row stops being polled until an
admin re-enables it, so one dead feed does not keep costing a fetch a minute.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from tracker.ingest import queue, service
from tracker.ingest.feeds import FeedError, discover_feed_url, parse_feed
from tracker.ingest.fetch import FetchError, fetch
from tracker.models import Article, IngestItem, IngestRun, Source


def due_sources(
    now: datetime, claim_for: timedelta = timedelta(minutes=10)
) -> list[int]:
    """Sources to poll now, pushed `claim_for` ahead so a backlog cannot send them twice;
    poll_source() then sets the real next poll time."""
    with transaction.atomic():
        due = list(
            Source.objects.due(now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Source.objects.filter(pk__in=due).update(next_poll_at=now + claim_for)
    return due


def poll_source(
    source_id: int, *, now: datetime, fetcher: Callable | None = None
) -> IngestRun | None:
    """Fetch a source's feed and queue its new entries; returns the run, if any entry was new."""
    fetcher = fetcher or fetch  # looked up per call so tests can patch sources.fetch
    source = Source.objects.get(pk=source_id)
    source.last_polled_at = now
    source.next_poll_at = now + timedelta(minutes=source.poll_interval_minutes)
    try:
        entries, fetched = read_feed(source, fetcher)
    except (FetchError, FeedError) as error:
        record_failure(source, str(error))
        return None
    source.consecutive_failures = 0
    source.last_error = ""
    source.last_success_at = now
    if fetched is not None:
        source.etag, source.last_modified = fetched.etag, fetched.last_modified
    source.save()
    return queue_new_entries(source, entries)


def read_feed(source: Source, fetcher: Callable):
    fetched = fetcher(
        source.url,
        etag=source.etag,
        last_modified=source.last_modified,
        **service.fetch_limits(),
    )
    if fetched.not_modified:
        return [], None
    try:
        return parse_feed(
            fetched.content,
            base_url=fetched.final_url,
            max_bytes=settings.INGEST_MAX_BYTES,
        ), fetched
    except FeedError:
        # A site's home page: follow the feed it advertises, once.
        feed_url = discover_feed_url(fetched.content, fetched.final_url)
        if not feed_url:
            raise
        fetched = fetcher(feed_url, **service.fetch_limits())
        # The feed's validators must not be sent to the page next time: the page
        # could answer 304 to the feed's Last-Modified and hide new entries.
        return parse_feed(
            fetched.content,
            base_url=fetched.final_url,
            max_bytes=settings.INGEST_MAX_BYTES,
        ), None


def record_failure(source: Source, reason: str) -> None:
    source.consecutive_failures += 1
    source.last_error = reason
    if source.consecutive_failures >= settings.SOURCE_MAX_FAILURES:
        source.is_active = False
        source.last_error = (
            f"{reason} — {source.consecutive_failures}번 연속 실패로 수집을 멈췄습니다. "
            f"Stopped after {source.consecutive_failures} failures in a row; "
            f"re-enable it in admin."
        )
    source.save()


def queue_new_entries(source: Source, entries) -> IngestRun | None:
    urls = [entry.url for entry in entries]
    known = set(Article.objects.filter(url__in=urls).values_list("url", flat=True))
    known |= set(
        IngestItem.objects.filter(locator__in=urls, run__source=source).values_list(
            "locator", flat=True
        )
    )
    new = [entry for entry in entries if entry.url not in known]
    if not new:
        return None
    with transaction.atomic():
        run = service.start_run(IngestRun.Origin.FEED, source.name, source=source)
        items = [
            service.add_url(
                run,
                entry.url,
                hints={
                    "title": entry.title,
                    "published_at": entry.published_at.isoformat()
                    if entry.published_at
                    else "",
                    "guid": entry.guid,
                },
            )
            for entry in {e.url: e for e in new}.values()
        ]
        queue.enqueue(items)
    return run


def reenable(source: Source) -> None:
    source.is_active = True
    source.consecutive_failures = 0
    source.next_poll_at = None
    source.last_error = ""  # otherwise the list still says polling was stopped
    source.save(
        update_fields=[
            "is_active",
            "consecutive_failures",
            "next_poll_at",
            "last_error",
        ]
    )
