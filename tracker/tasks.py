"""Celery tasks: thin wrappers that take ids, call a service and return a small result."""

import os
import socket

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from tracker import lockout
from tracker.ingest import broker, inline, leases, queue, service, understanding
from tracker.ingest.sources import due_sources, poll_source
from tracker.models import Tally

DB_RETRY_SECONDS = 5


@shared_task
def ping(value: str) -> dict:
    """Round trip for health checks: proves a worker took the task and stored a result."""
    return {"pong": value, "host": socket.gethostname(), "pid": os.getpid()}


# acks_late + reject_on_worker_lost: a worker killed mid-item hands the message back
# to the broker. The item's lease (tracker/ingest/leases.py) decides who may run it.
# The outcome lives on the item row: no result to store (nor to lose with Redis).
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_item_task(self, item_id: int, retry_until: float | None = None) -> str:
    if self.request.is_eager:
        # No worker will come back for a retry: the request retries, briefly.
        return inline.process(item_id, retry_until=retry_until).status
    again = bool(self.request.retries) or bool(
        (self.request.delivery_info or {}).get("redelivered")
    )
    try:
        return service.process_item(item_id, token=self.request.id, resume=again).status
    except service.RetryLater as later:
        raise self.retry(countdown=later.seconds, max_retries=None) from later
    except (OperationalError, InterfaceError) as error:
        # The database went away mid-item: the same message tries again shortly
        # (the item still carries its id); past that, the sweeper takes over.
        raise self.retry(
            exc=error, countdown=DB_RETRY_SECONDS, max_retries=12
        ) from error


@shared_task(acks_late=True, reject_on_worker_lost=True)
def poll_source_task(source_id: int) -> int | None:
    run = poll_source(source_id, now=timezone.now())
    return run.pk if run else None


@shared_task
def poll_due_sources() -> int:
    due = due_sources(
        timezone.now()
    )  # claims them: the next tick will not send them again
    for source_id in due:
        poll_source_task.delay(source_id)
    return len(due)


@shared_task(ignore_result=True)
def sweep_stale_items() -> int:
    """Send again the items nobody answers for (see tracker/ingest/leases.py)."""
    waiting = broker.waiting_item_ids(queue.PROCESS_ITEM)
    lost = leases.sweep(timezone.now(), waiting, max_attempts=service.MAX_ATTEMPTS)
    return queue.send(lost)


@shared_task
def purge_login_attempts() -> int:
    return lockout.purge(timezone.now())


@shared_task(ignore_result=True)
def refresh_tally() -> int:
    """Recount the days ingestion and curators changed, so that pages rarely wait for
    it; a page that reads kept counts recounts whatever is still noted."""
    return Tally.objects.refresh()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def retag_initiative_task(initiative_id: int) -> int:
    """Re-tag the articles an initiative could concern after its terms changed."""
    return understanding.retag_initiative(initiative_id)


# --- Saved-search alerts and source health (beat: CELERY_BEAT_SCHEDULE) ---
@shared_task
def send_alerts_task(frequency: str) -> int:
    from tracker.alerts import send_alerts

    return send_alerts(frequency, now=timezone.now())


@shared_task
def check_sources_task() -> int:
    from tracker.health import check_sources

    return len(check_sources(timezone.now()))
