"""Lost tasks come back, held items are left alone.

What it proves: which message may run an item (claim), and that a holder's heartbeat
renews its lease; that the sweeper re-sends an item whose holder's lease ran out or
whose message the broker lost, never one a live holder keeps, and gives up after the
last attempt; and how the broker's queue is read to tell which items are waiting.
What a database failure mid-item or a missing worker ends in is in
test_retries_and_failures.py; `sent_item` and `ago` are in tests/tracker/leasing.py.
"""

import json
import os
import time
import uuid
from base64 import b64encode
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import GANGSEO_CARE_SPEAKERS, IngestItemFactory
from tests.tracker.leasing import ago, sent_item
from tracker.ingest import broker, leases, queue, service
from tracker.models import Article, IngestItem
from tracker.tasks import process_item_task, sweep_stale_items

pytestmark = pytest.mark.django_db
Status = IngestItem.Status
MAX = service.MAX_ATTEMPTS


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
