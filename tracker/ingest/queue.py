"""Hand pending items to a worker once the rows that describe them are committed.

The task is looked up by name in Celery's registry instead of imported, so the
storing code (service, sources) never imports tracker.tasks, which imports them:
imports run one way, from tasks down to services.

Each item gets the id of the one message that may run it (leases.claim checks it).
Without a broker (zero-setup mode, tasks eager) the web request runs the items
itself, holding them under a lease, with a bounded time for retries.
"""

import functools
import logging
import time
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from kombu.exceptions import KombuError, OperationalError

from tracker.ingest import leases
from tracker.models import IngestItem

log = logging.getLogger(__name__)

PROCESS_ITEM = "tracker.tasks.process_item_task"


@functools.cache
def registry():
    """Celery's tasks, with tracker.tasks imported: a web process never imports it
    otherwise (autodiscovery waits for a worker to import the default modules)."""
    current_app.loader.import_default_modules()
    return current_app.tasks


def enqueue(items: Iterable[IngestItem]) -> None:
    """Send each pending item to a worker after the commit (a rollback sends nothing)."""
    pks = [item.pk for item in items if item.status == IngestItem.Status.PENDING]
    if not pks:
        return
    if current_app.conf.task_always_eager:
        transaction.on_commit(lambda: run_here(pks))
        return
    prefix = f"send-{leases.new_token()[:16]}-"
    IngestItem.objects.filter(pk__in=pks).update(
        task_id=Concat(Value(prefix), Cast("pk", output_field=CharField())),
        enqueued_at=timezone.now(),
    )
    transaction.on_commit(lambda: send([(pk, f"{prefix}{pk}") for pk in pks]))


def send(messages: list[tuple[int, str]]) -> int:
    """Publish (item id, task id) messages; returns how many went out. When the
    broker is down the rest stay pending, and the sweeper sends them once it is back."""
    task = registry()[PROCESS_ITEM]
    for sent, (pk, task_id) in enumerate(messages):
        try:
            task.apply_async((pk,), task_id=task_id)
        except (KombuError, OperationalError, OSError) as error:
            log.warning(
                "Broker unreachable (%s): %d items wait for the sweeper.",
                error,
                len(messages) - sent,
            )
            return sent
    return len(messages)


def run_here(pks: list[int]) -> None:
    """Zero-setup mode: run the items in this process, one after another.

    They are held under a lease meanwhile (renewed before each item), so a page
    that sees one whose lease ran out knows the request died with it. Retries
    share one time budget, so a batch of failing URLs cannot hold a request long.
    """
    task = registry()[PROCESS_ITEM]
    retry_until = time.time() + settings.INGEST_INLINE_RETRY_SECONDS
    renewed = 0.0
    for index, pk in enumerate(pks):
        if time.monotonic() - renewed > settings.INGEST_LEASE_SECONDS / 3:
            leases.hold_batch(pks[index:])
            renewed = time.monotonic()
        task.apply(args=(pk,), kwargs={"retry_until": retry_until})
