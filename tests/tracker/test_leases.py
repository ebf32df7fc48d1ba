"""Lost tasks come back, held items are left alone, outcomes survive a database failure.

What it proves: which message may run an item (claim), that the sweeper re-sends an
item whose holder's lease ran out or whose message the broker lost, and never one a
live holder keeps; that a saved article and its item's outcome commit together, so a
database failure mid-item ends in *created*, not a duplicate of itself; and that
without a worker (eager tasks) retries end, in a bounded time, in an outcome.
"""

import json
import os
import time
import uuid
from base64 import b64encode
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    IngestItemFactory,
    IngestRunFactory,
    RawDocumentFactory,
    StaffFactory,
    html_page,
)
from tracker.ingest import broker, leases, queue, service
from tracker.ingest.fetch import Fetched, FetchError
from tracker.models import Article, IngestItem, IngestRun
from tracker.tasks import process_item_task, sweep_stale_items

pytestmark = pytest.mark.django_db
Status = IngestItem.Status
MAX = service.MAX_ATTEMPTS


def sent_item(content: str = GEUMCHEON_AI_CENTRE, **fields) -> IngestItem:
    """A file item as enqueue() leaves it: pending, with the id of its message."""
    fields.setdefault("task_id", "message-1")
    return IngestItemFactory(raw=RawDocumentFactory(content=content.encode()), **fields)


def ago(**delta) -> timezone.datetime:
    return timezone.now() - timedelta(**delta)


# --- Who may run an item ----------------------------------------------------------------


def test_only_the_items_own_message_or_a_direct_call_may_take_it():
    item = sent_item()

    assert leases.claim(item.pk, "message-0") is False  # sent before a re-send
    assert leases.claim(item.pk, "message-1") is True
    item.refresh_from_db()
    assert (item.status, item.attempts) == (Status.PROCESSING, 1)
    assert item.lease_until > timezone.now()
    # Held now: neither a second copy of the message nor a direct call takes it.
    assert leases.claim(item.pk, "message-1") is False
    assert leases.claim(item.pk, None) is False
    # The same message coming back (Celery's retry, a redelivery) picks it up again.
    assert leases.claim(item.pk, "message-1", resume=True) is True


def test_a_stale_message_does_nothing_to_the_item():
    item = sent_item(task_id="send-abc-1")

    outcome = service.process_item(item.pk, token="an-older-message")

    item.refresh_from_db()
    assert outcome.status == Status.PENDING
    assert (item.status, item.attempts, item.article) == (Status.PENDING, 0, None)
    assert Article.objects.count() == 0


def test_the_heartbeat_renews_the_lease_while_the_holder_works(
    transactional_db, settings
):
    settings.INGEST_LEASE_SECONDS = 3  # beats every second
    item = sent_item()
    assert leases.claim(item.pk, "message-1")
    first = IngestItem.objects.get(pk=item.pk).lease_until

    with leases.holding(item.pk, "message-1"):
        time.sleep(2.5)
        renewed = IngestItem.objects.get(pk=item.pk).lease_until

    assert renewed > first


def test_a_batch_renews_the_leases_of_the_items_it_still_holds_only(
    transactional_db, settings
):
    settings.INGEST_LEASE_SECONDS = 3  # beats every second
    mine = sent_item(task_id="batch-1")
    taken = sent_item(GANGSEO_CARE_SPEAKERS, task_id="batch-2")
    assert leases.claim(mine.pk, "batch-1") and leases.claim(taken.pk, "batch-2")
    items = list(IngestItem.objects.filter(pk__in=[mine.pk, taken.pk]))
    first = {item.pk: item.lease_until for item in items}
    # The sweeper gave the second one to another message meanwhile.
    IngestItem.objects.filter(pk=taken.pk).update(task_id="another-message")

    with leases.holding_all(items):
        time.sleep(2.5)
        now = dict(IngestItem.objects.values_list("pk", "lease_until"))

    assert now[mine.pk] > first[mine.pk]
    assert now[taken.pk] == first[taken.pk]


# --- The sweeper --------------------------------------------------------------------------


def test_an_item_whose_holder_died_is_sent_again_with_a_new_message_id():
    dead = sent_item(status=Status.PROCESSING, attempts=1, lease_until=ago(seconds=1))
    alive = sent_item(
        GANGSEO_CARE_SPEAKERS,
        status=Status.PROCESSING,
        attempts=1,
        lease_until=timezone.now() + timedelta(seconds=15),
        # Sent long ago and not in the queue: only its live lease keeps it.
        enqueued_at=ago(hours=2),
    )

    [(pk, task_id)] = leases.sweep(timezone.now(), set(), max_attempts=MAX)

    assert pk == dead.pk and task_id.startswith("sweep-")
    dead.refresh_from_db()
    assert (dead.status, dead.task_id, dead.lease_until) == (
        Status.PENDING,
        task_id,
        None,
    )
    alive.refresh_from_db()
    assert (alive.status, alive.task_id) == (Status.PROCESSING, "message-1")
    # The dead holder's message, should the broker hand it out again, is stale now.
    assert leases.claim(dead.pk, "message-1", resume=True) is False
    assert leases.claim(dead.pk, task_id) is True


def test_an_item_missing_from_the_broker_is_sent_again_but_not_one_in_the_queue():
    lost = sent_item(enqueued_at=ago(seconds=30))
    queued = sent_item(GANGSEO_CARE_SPEAKERS, enqueued_at=ago(minutes=30))
    just_sent = sent_item(GANGSEO_CARE_SPEAKERS + " ", enqueued_at=ago(seconds=2))

    again = leases.sweep(timezone.now(), {queued.pk}, max_attempts=MAX)

    assert [pk for pk, _ in again] == [lost.pk]
    # Sent again, it is fresh: the next sweep leaves it alone.
    assert leases.sweep(timezone.now(), {queued.pk}, max_attempts=MAX) == []
    assert IngestItem.objects.get(pk=just_sent.pk).task_id == "message-1"


def test_without_a_readable_broker_only_a_long_wait_counts_as_lost():
    old = sent_item(enqueued_at=ago(minutes=16))
    sent_item(GANGSEO_CARE_SPEAKERS, enqueued_at=ago(minutes=5))

    assert [pk for pk, _ in leases.sweep(timezone.now(), None, max_attempts=MAX)] == [
        old.pk
    ]


def test_a_retry_waiting_for_its_time_is_held_and_swept_only_past_it():
    waiting = sent_item(lease_until=timezone.now() + timedelta(seconds=40))

    assert leases.sweep(timezone.now(), set(), max_attempts=MAX) == []
    later = timezone.now() + timedelta(seconds=41)
    assert [pk for pk, _ in leases.sweep(later, set(), max_attempts=MAX)] == [
        waiting.pk
    ]


def test_the_sweeper_gives_up_on_an_item_after_the_last_attempt():
    tired = IngestItemFactory(
        kind=IngestItem.Kind.URL,
        locator="https://garam.example/news/1005",
        status=Status.PROCESSING,
        attempts=MAX,
        lease_until=ago(minutes=1),
    )

    assert sweep_stale_items() == 0

    tired.refresh_from_db()
    assert tired.status == Status.FAILED
    assert f"gave up after {MAX} attempts" in tired.error
    assert tired.finished_at is not None


def test_the_sweep_task_runs_a_lost_item_to_its_article():
    lost = sent_item(status=Status.PROCESSING, attempts=1, lease_until=ago(seconds=5))
    fresh = sent_item(GANGSEO_CARE_SPEAKERS, enqueued_at=timezone.now())

    assert sweep_stale_items() == 1  # eager: the task runs right here

    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (Status.CREATED, 2)
    assert lost.article.title == "금천구, G밸리에 인공지능 실증 센터 연다"
    assert lost.lease_until is None
    fresh.refresh_from_db()
    assert fresh.status == Status.PENDING


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


# --- Reading the broker's queue ------------------------------------------------------------


def message(task: str, args: list, base64: bool = True) -> bytes:
    body = json.dumps([args, {}, {"callbacks": None}]).encode()
    return json.dumps(
        {
            "body": b64encode(body).decode() if base64 else body.decode(),
            "headers": {"task": task, "id": "abc"},
            "properties": {"body_encoding": "base64" if base64 else "utf-8"},
        }
    ).encode()


def test_a_queued_message_names_its_item_and_other_messages_are_ignored():
    assert broker.item_of(message(queue.PROCESS_ITEM, [42]), queue.PROCESS_ITEM) == 42
    assert (
        broker.item_of(message(queue.PROCESS_ITEM, [7], False), queue.PROCESS_ITEM) == 7
    )
    assert (
        broker.item_of(message("tracker.tasks.ping", ["x"]), queue.PROCESS_ITEM) is None
    )
    assert broker.item_of(b"not json", queue.PROCESS_ITEM) is None


def test_without_redis_the_broker_cannot_tell(settings):
    settings.CELERY_BROKER_URL = "memory://"
    assert broker.waiting_item_ids(queue.PROCESS_ITEM) is None


def test_the_task_reports_a_held_item_untouched():
    item = sent_item(
        status=Status.PROCESSING, lease_until=timezone.now() + timedelta(seconds=20)
    )

    result = process_item_task.apply(args=(item.pk,), task_id="message-2")

    assert result.get() == Status.PROCESSING


@pytest.mark.redis
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is unset: no queue to read"
)
def test_the_items_waiting_in_a_redis_queue_are_read_from_it(monkeypatch, settings):
    import redis
    from celery import current_app

    name = f"pytest-queue-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    monkeypatch.setattr(broker, "queue_keys", lambda: [name])
    with current_app.connection_for_write(os.environ["REDIS_URL"]) as connection:
        for item_id in (11, 12):
            current_app.send_task(
                queue.PROCESS_ITEM, args=(item_id,), queue=name, connection=connection
            )
        current_app.send_task(
            "tracker.tasks.ping", args=("x",), queue=name, connection=connection
        )
    try:
        assert broker.waiting_item_ids(queue.PROCESS_ITEM) == {11, 12}
    finally:
        redis.Redis.from_url(os.environ["REDIS_URL"]).delete(name)


def test_an_item_its_workers_keep_dying_on_fails_after_the_last_attempt():
    # Redelivered after each death (time limit, memory): the same message resumes.
    item = sent_item(status=Status.PROCESSING, attempts=MAX, lease_until=timezone.now())

    outcome = service.process_item(item.pk, token="message-1", resume=True)

    item.refresh_from_db()
    assert outcome.status == item.status == Status.FAILED
    assert f"gave up after {MAX} attempts" in item.error
    assert Article.objects.count() == 0
