"""Items as the lease tests find them (test_leases_and_sweeper.py and
test_retries_and_failures.py): a file item already sent to the queue, and a time
some way back."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import GEUMCHEON_AI_CENTRE, IngestItemFactory, RawDocumentFactory
from tracker.models import IngestItem


def sent_item(content: str = GEUMCHEON_AI_CENTRE, **fields) -> IngestItem:
    """A file item as enqueue() leaves it: pending, with the id of its message."""
    fields.setdefault("task_id", "message-1")
    return IngestItemFactory(raw=RawDocumentFactory(content=content.encode()), **fields)


def ago(**delta) -> timezone.datetime:
    return timezone.now() - timedelta(**delta)
