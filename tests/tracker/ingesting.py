"""Helpers for the ingestion service tests (test_ingestion_items.py and
test_ingestion_races_and_reruns.py): process a file the way a worker would, and a
stand-in for fetch() that answers from a dict of pages. The `run` fixture they share
is in tests/tracker/conftest.py."""

from tracker.ingest import service
from tracker.ingest.fetch import Fetched, FetchError
from tracker.models import IngestItem, IngestRun


def ingest_file(run: IngestRun, name: str, content: bytes) -> IngestItem:
    """Add a file to the run and process it the way a worker would."""
    item = service.add_file(run, name, content)
    service.process_item(item.pk)
    item.refresh_from_db()
    return item


def serve(pages: dict[str, bytes], calls: list[str] | None = None):
    """A stand-in for fetch(): answers from `pages`, 404 for anything else."""

    def fetcher(url, **kwargs):
        if calls is not None:
            calls.append(url)
        if url not in pages:
            raise FetchError(f"{url} answered 404 Not Found.", retryable=False)
        return Fetched(
            url=url,
            final_url=url,
            status=200,
            content=pages[url],
            content_type="text/html; charset=utf-8",
        )

    return fetcher
