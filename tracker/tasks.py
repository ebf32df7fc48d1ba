"""Celery tasks: thin wrappers that take ids, call a service and return a small result."""

import os
import socket
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from tracker.ingest import service
from tracker.ingest.sources import due_sources, poll_source


@shared_task
def ping(value: str) -> dict:
    """Round trip for health checks: proves a worker took the task and stored a result."""
    return {"pong": value, "host": socket.gethostname(), "pid": os.getpid()}


# acks_late + reject_on_worker_lost: a worker killed mid-item hands the item back to
# the broker; the item row is still pending, so the redelivered task finishes it.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(service.RetryLater,),
    retry_backoff=service.RETRY_BACKOFF,
    retry_backoff_max=service.RETRY_BACKOFF_MAX,
    max_retries=service.MAX_ATTEMPTS - 1,
)
def process_item_task(item_id: int) -> str:
    return service.process_item(item_id).status


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


@shared_task
def sweep_stale_items() -> int:
    retry = service.stale_items(
        timezone.now(),
        waited=timedelta(minutes=15),
        ran=timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60),
    )
    for item_id in retry:
        process_item_task.delay(item_id)
    return len(retry)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def retag_initiative_task(initiative_id: int) -> int:
    """Re-tag the articles an initiative could concern after its terms changed."""
    return service.retag_initiative(initiative_id)


# --- Saved-search alerts and source health (beat: CELERY_BEAT_SCHEDULE) ---
@shared_task
def send_alerts_task(frequency: str) -> int:
    from tracker.alerts import send_alerts

    return send_alerts(frequency, now=timezone.now())


@shared_task
def check_sources_task() -> int:
    from tracker.health import check_sources

    return len(check_sources(timezone.now()))
