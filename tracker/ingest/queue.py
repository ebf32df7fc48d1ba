"""Hand pending items to a worker once the rows that describe them are committed.

The task is looked up by name in Celery's registry instead of imported, so the
storing code (service, sources) never imports tracker.tasks, which imports them:
imports run one way, from tasks down to services.
"""

from collections.abc import Iterable

from celery import current_app
from django.db import transaction

from tracker.models import IngestItem

PROCESS_ITEM = "tracker.tasks.process_item_task"


def enqueue(items: Iterable[IngestItem]) -> None:
    """Send each pending item to a worker after the commit (a rollback sends nothing)."""
    task = current_app.tasks[PROCESS_ITEM]
    for item in items:
        if item.status == IngestItem.Status.PENDING:
            transaction.on_commit(lambda pk=item.pk: task.delay(pk), robust=True)
