"""Outcomes survive a database failure, and retries end without a worker.

What it proves: that a saved article and its item's outcome commit together, so a
database failure mid-item ends in *created*, not a duplicate of itself, and a holder
the sweeper replaced saves nothing; and that without a worker (eager tasks) retries
end, in a bounded time, in an outcome, and an item whose request died is failed when
its run is viewed. Claims, leases and the sweeper are in test_leases_and_sweeper.py;
`sent_item` and `ago` are in tests/tracker/leasing.py.
"""

import time
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    IngestRunFactory,
    StaffFactory,
    html_page,
)
from tests.tracker.leasing import ago, sent_item
from tracker.ingest import leases, queue, service
from tracker.ingest.fetch import Fetched, FetchError
from tracker.models import Article, IngestItem, IngestRun

pytestmark = pytest.mark.django_db
Status = IngestItem.Status
MAX = service.MAX_ATTEMPTS


# --- A database failure mid-item --------------------------------------------------------


def test_a_failure_while_saving_leaves_no_article_and_the_retry_creates_it():
    item = sent_item()
    real_finish = service.finish
    calls = []

    def finish_once_broken(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_finish(*args, **kwargs)

    with (
        patch("tracker.ingest.service.finish", finish_once_broken),
        pytest.raises(OperationalError),
    ):
        service.process_item(item.pk, token="message-1")

    # Article and outcome commit together: neither is there.
    assert Article.objects.count() == 0
    assert IngestItem.objects.get(pk=item.pk).status == Status.PROCESSING

    # Celery retries the same message (same id, `resume`).
    outcome = service.process_item(item.pk, token="message-1", resume=True)

    item.refresh_from_db()
    assert outcome.status == Status.CREATED
    assert (item.status, item.error, item.article) == (
        Status.CREATED,
        "",
        Article.objects.get(),
    )


def test_a_failure_after_the_commit_still_ends_as_created_not_a_duplicate_of_itself():
    item = sent_item()

    with (
        patch(
            "tracker.ingest.service.RawDocument.objects.filter",
            side_effect=OperationalError("terminating connection"),
        ),
        pytest.raises(OperationalError),
    ):
        service.process_item(item.pk, token="message-1")

    outcome = service.process_item(item.pk, token="message-1", resume=True)

    item.refresh_from_db()
    assert outcome.status == Status.CREATED
    assert item.status == Status.CREATED
    assert item.article == Article.objects.get()


def test_a_holder_the_sweeper_replaced_does_not_save_its_article():
    item = sent_item()
    assert leases.claim(item.pk, "message-1")
    # The sweeper gave the item to another message meanwhile.
    IngestItem.objects.filter(pk=item.pk).update(task_id="sweep-x-1")
    item.refresh_from_db()

    outcome = service.ingest_raw(item, "message-1")

    assert outcome.status == Status.PROCESSING
    assert Article.objects.count() == 0


# --- Zero-setup mode: no worker, tasks run in the request ------------------------------


def failing_then(page: bytes | None, failures: int, calls: list):
    """A fetch that fails with a passing error `failures` times, then answers."""

    def fetcher(url, **kwargs):
        calls.append(url)
        if len(calls) <= failures or page is None:
            raise FetchError(f"{url} answered 503 Service Unavailable.", retryable=True)
        return Fetched(url, url, 200, page, "text/html; charset=utf-8")

    return fetcher


def enqueue_url(url: str, capture) -> IngestItem:
    with capture(execute=True):
        run = IngestRunFactory(origin=IngestRun.Origin.URLS)
        item = service.add_url(run, url)
        queue.enqueue([item])
    item.refresh_from_db()
    return item


def test_without_a_worker_a_passing_failure_is_retried_in_the_request(
    settings, django_capture_on_commit_callbacks
):
    settings.INGEST_INLINE_RETRY_SECONDS = 10
    calls = []
    web = failing_then(html_page(GANGSEO_CARE_SPEAKERS).encode(), 2, calls)

    with (
        patch("tracker.ingest.service.fetch", web),
        patch("tracker.ingest.inline.time.sleep") as sleep,
    ):
        item = enqueue_url(
            "https://garam.example/news/2001", django_capture_on_commit_callbacks
        )

    assert item.status == Status.CREATED
    assert item.attempts == 3
    assert [c.args[0] for c in sleep.call_args_list] == [1.0, 2.0]


def test_without_a_worker_retries_end_in_failure_with_the_reason(
    settings, django_capture_on_commit_callbacks
):
    settings.INGEST_INLINE_RETRY_SECONDS = 2  # room for one wait of 1 s, not 2 more
    calls = []
    started = time.monotonic()

    with patch("tracker.ingest.service.fetch", failing_then(None, 99, calls)):
        item = enqueue_url(
            "https://garam.example/news/2002", django_capture_on_commit_callbacks
        )

    assert time.monotonic() - started < 5
    assert item.status == Status.FAILED
    assert len(calls) == item.attempts == 2
    assert "503 Service Unavailable" in item.error
    assert "no background worker to retry later" in item.error
    assert item.finished_at is not None


def test_without_a_worker_retries_stop_at_the_last_attempt(
    settings, django_capture_on_commit_callbacks
):
    settings.INGEST_INLINE_RETRY_SECONDS = 3600
    calls = []

    with (
        patch("tracker.ingest.service.fetch", failing_then(None, 99, calls)),
        patch("tracker.ingest.inline.time.sleep"),
    ):
        item = enqueue_url(
            "https://garam.example/news/2003", django_capture_on_commit_callbacks
        )

    assert item.status == Status.FAILED
    assert len(calls) == item.attempts == MAX
    assert (
        item.error
        == "https://garam.example/news/2003 answered 503 Service Unavailable."
    )


def test_without_a_worker_an_unexpected_error_fails_the_item_not_the_batch(
    settings, django_capture_on_commit_callbacks
):
    def broken(url, **kwargs):
        raise RuntimeError("a bug")

    with patch("tracker.ingest.service.fetch", broken):
        item = enqueue_url(
            "https://garam.example/news/2004", django_capture_on_commit_callbacks
        )

    assert item.status == Status.FAILED
    assert "internal error while processing" in item.error


def test_without_a_worker_an_item_whose_request_died_is_failed_when_its_run_is_viewed(
    client, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    stopped = sent_item(
        status=Status.PROCESSING, attempts=1, lease_until=ago(seconds=1)
    )
    working = sent_item(
        GANGSEO_CARE_SPEAKERS,
        run=stopped.run,
        status=Status.PROCESSING,
        lease_until=timezone.now() + timedelta(seconds=20),
    )
    client.force_login(StaffFactory())

    page = client.get(reverse("tracker:run-detail", args=[stopped.run.pk]))

    stopped.refresh_from_db()
    assert stopped.status == Status.FAILED
    assert "처리하던 요청이 끝나기 전에 멈췄습니다" in stopped.error
    assert "처리하던 요청이 끝나기 전에 멈췄습니다" in page.content.decode()
    working.refresh_from_db()
    assert working.status == Status.PROCESSING
