"""Who holds an item, for how long, and which items to send again.

A task message can vanish: a worker killed mid-item, Redis restarted without its
data, PostgreSQL gone while a task ran. The item row stays, so the database can
tell which items nobody answers for:

- a holder takes an item with `claim()` and keeps a lease on it (`holding()`
  renews it from a heartbeat thread); a lease that runs out means the holder died;
- an item waiting in the queue has no lease; if its message is not in the broker
  any more, it is lost (`broker.waiting_item_ids()` tells which ones are there).

`sweep()` gives each such item a new task id and hands it back to be sent; the old
message, should it ever turn up, no longer matches the item and does nothing. An
item whose holder is alive is never sent again.
"""

import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from tracker.ingest import heartbeat
from tracker.models import Article, IngestItem, RawDocument

log = logging.getLogger(__name__)
Status = IngestItem.Status
ACTIVE = (Status.PENDING, Status.PROCESSING)

# A message sent this recently may still be on its way to the broker's list.
SEND_GRACE = timedelta(seconds=10)
# When the broker cannot be read, only the age of a waiting item says it is lost.
LOST_WITHOUT_BROKER = timedelta(minutes=15)


def lease_length() -> timedelta:
    return timedelta(seconds=settings.INGEST_LEASE_SECONDS)


def new_token() -> str:
    return uuid.uuid4().hex


def claim(item_id: int, token: str | None, *, resume: bool = False) -> bool:
    """Take the item for the message `token` if nobody else holds it; True when taken.

    A message may take the item it was sent with (`token` equal to its task id)
    while it is pending, or once a holder's lease ran out; `resume` (Celery's retry
    or a redelivery of the same message after its worker died) also while its own
    lease runs. `token` None is a direct call (tests, the command line, a request
    without a worker): any item nobody holds. The new holder's id is returned
    through the row: `held(item_id, token)`.
    """
    now = timezone.now()
    items = IngestItem.objects.filter(pk=item_id, status__in=ACTIVE)
    free = Q(status=Status.PENDING) | Q(lease_until__isnull=True)
    free |= Q(lease_until__lt=now)
    if token is not None:
        items = items.filter(Q(task_id=token) | Q(task_id=""))
        if resume:
            free |= Q(task_id=token)
    taken = items.filter(free).update(
        status=Status.PROCESSING,
        task_id=token if token is not None else F("task_id"),
        lease_until=now + lease_length(),
        attempts=F("attempts") + 1,
    )
    return bool(taken)


def held(item_id: int, token: str):
    """The item while `token` still holds it (for an update in the same breath)."""
    return IngestItem.objects.filter(
        pk=item_id, task_id=token, status=Status.PROCESSING
    )


def holding(item_id: int, token: str):
    """Renew the lease from the process's heartbeat thread (tracker/ingest/heartbeat.py)
    while the caller works on the item.

    Renewal stops with the block; if the process dies, the lease runs out and the
    sweeper sends the item again.
    """
    return _renewing(lambda: held(item_id, token), f"item {item_id}")


def holding_all(items: list[IngestItem]):
    """holding() for several items at once: one renewal statement for them all."""
    ids, tokens = [item.pk for item in items], [item.task_id for item in items]
    return _renewing(
        lambda: IngestItem.objects.filter(
            pk__in=ids, task_id__in=tokens, status=Status.PROCESSING
        ),
        f"{len(items)} items",
    )


@contextmanager
def _renewing(rows, what: str) -> Iterator[None]:
    def renew() -> None:
        try:
            rows().update(lease_until=timezone.now() + lease_length())
        except DatabaseError as error:  # the lease runs out; that is the point
            log.warning("Could not renew the lease on %s: %s", what, error)

    with heartbeat.beating(renew, settings.INGEST_LEASE_SECONDS / 3):
        yield


def hold_for_retry(item_id: int, token: str, delay: timedelta, reason: str) -> None:
    """Back to pending until the retry's time; its message holds it till then."""
    held(item_id, token).update(
        status=Status.PENDING,
        error=reason,
        lease_until=timezone.now() + delay + lease_length(),
    )


def hold_batch(item_ids: Iterable[int]) -> None:
    """Items a web request is about to run in process (no worker): held by it."""
    IngestItem.objects.filter(pk__in=list(item_ids), status=Status.PENDING).update(
        lease_until=timezone.now() + lease_length()
    )


def hold_run(run_id: int) -> None:
    """A command's pending items, held by it while it lives (as a web request holds
    its batch): the sweeper sends them elsewhere only once the command is gone."""
    IngestItem.objects.filter(run_id=run_id, status=Status.PENDING).update(
        lease_until=timezone.now() + lease_length()
    )


def unsent(run_id: int):
    """The run's items nobody holds or was sent for: a backfill's workers take these."""
    return IngestItem.objects.filter(run_id=run_id, status=Status.PENDING, task_id="")


def take_next(run_id: int, prefix: str, start: int = 0) -> int | None:
    """Claim the run's first unsent item, as a worker of a backfill
    (tracker/ingest/backfill.py) whose task ids are `prefix` + the item's id; None
    when there is none, or all were locked at that moment (ask unsent() which).

    Workers taking items at the same moment pass each other's row (SKIP LOCKED)
    instead of queueing for it, and the claim's own conditions still decide: an item
    is never taken twice. On PostgreSQL that is one statement; SQLite has one writer
    at a time and no row locks.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _TAKE_SQL.format(table=IngestItem._meta.db_table, returning="id"),
                _take_params(run_id, prefix, 1, start),
            )
            row = cursor.fetchone()
        return row[0] if row else None
    with transaction.atomic():
        free = unsent(run_id).filter(pk__gte=start).order_by("pk")
        for pk in free.values_list("pk", flat=True)[:10]:
            if claim(pk, f"{prefix}{pk}"):
                return pk
    return None


# What claim() writes, on the rows a locking subquery picks (Django cannot return
# an updated row's columns).
_TAKE_SQL = (
    "UPDATE {table} SET status = %s, task_id = %s || id::text, "
    "lease_until = %s, attempts = attempts + 1 "
    "WHERE id IN (SELECT id FROM {table} WHERE run_id = %s AND status = %s "
    "AND task_id = '' AND id >= %s ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED) "
    "RETURNING {returning}"
)


def _take_params(run_id: int, prefix: str, count: int, start: int) -> list:
    return [
        Status.PROCESSING,
        prefix,
        timezone.now() + lease_length(),
        run_id,
        Status.PENDING,
        start,
        count,
    ]


def take_next_item(run_id: int, prefix: str) -> IngestItem | None:
    """take_next, returning the item as its holder reads it (see take_next_items)."""
    items = take_next_items(run_id, prefix, 1)
    return items[0] if items else None


def take_next_items(
    run_id: int, prefix: str, count: int, start: int = 0
) -> list[IngestItem]:
    """Up to `count` of the run's first unsent items, claimed as take_next claims
    one, in order, as their holder reads them: with their bytes and the id of the
    article those bytes already gave (`raw_article_id`), as service.claimed_items()
    does; on PostgreSQL in the claim's own round trip. `start`: none before this id
    (a worker's own part of the run, see backfill.in_processes)."""
    if connection.vendor != "postgresql":
        taken = []
        while len(taken) < count and (pk := take_next(run_id, prefix, start)):
            taken.append(pk)
        return list(claimed().filter(pk__in=taken).order_by("pk"))
    item_fields = IngestItem._meta.concrete_fields
    raw_fields = RawDocument._meta.concrete_fields
    taken = _TAKE_SQL.format(
        table=IngestItem._meta.db_table,
        returning=", ".join(f.column for f in item_fields),
    )
    raws, articles = RawDocument._meta.db_table, Article._meta.db_table
    sql = (
        f"WITH taken AS ({taken}) SELECT taken.*, "
        + ", ".join(f"r.{f.column}" for f in raw_fields)
        + f", (SELECT a.id FROM {articles} a WHERE a.raw_id = taken.raw_id LIMIT 1) "
        f"FROM taken LEFT JOIN {raws} r ON r.id = taken.raw_id ORDER BY taken.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, _take_params(run_id, prefix, count, start))
        rows = cursor.fetchall()
    split = len(item_fields)
    items = []
    for row in rows:
        item = _from_row(IngestItem, item_fields, row[:split])
        if item.raw_id is not None:
            item.raw = _from_row(RawDocument, raw_fields, row[split:-1])
        item.raw_article_id = row[-1]
        items.append(item)
    return items


def claimed():
    """Items as their holder reads them: with their bytes, and the id of the article
    those bytes already gave, if any (`raw_article_id`), in one query."""
    return IngestItem.objects.select_related("raw").annotate(
        raw_article_id=Subquery(
            Article.objects.filter(raw=OuterRef("raw_id")).values("pk")[:1]
        )
    )


def _from_row(model, fields, values):
    """A model instance from a plain cursor row, converted as a queryset would."""
    converted = [
        f.from_db_value(v, None, connection) if hasattr(f, "from_db_value") else v
        for f, v in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def give_up(item_id: int, reason: str) -> None:
    """A request without a worker ends an item it cannot finish."""
    IngestItem.objects.filter(pk=item_id, status__in=ACTIVE).update(
        status=Status.FAILED, error=reason, finished_at=timezone.now()
    )


def sweep(
    now: datetime, waiting: set[int] | None, *, max_attempts: int
) -> list[tuple[int, str]]:
    """Items to send again, as (id, new task id); items tried too often fail.

    `waiting` holds the ids with a message in the broker, or None when the broker
    cannot be read (then only a long wait counts as lost).
    """
    lost = IngestItem.objects.lease_expired(now)
    if waiting is None:
        lost |= IngestItem.objects.waiting_since(now - LOST_WITHOUT_BROKER)
    else:
        unsent = IngestItem.objects.waiting_since(now - SEND_GRACE)
        lost |= unsent.exclude(pk__in=_subset(unsent, waiting))
    tired = lost.filter(attempts__gte=max_attempts)
    tired.update(
        status=Status.FAILED,
        finished_at=now,
        error=(
            f"{max_attempts}번 시도했지만 끝나지 않았습니다 "
            f"(gave up after {max_attempts} attempts)."
        ),
    )
    # One statement re-checks every condition, so an item a worker took a moment
    # ago keeps its holder; each item gets its own id (prefix + pk).
    prefix = f"sweep-{uuid.uuid4().hex[:16]}-"
    lost.filter(attempts__lt=max_attempts).update(
        status=Status.PENDING,
        task_id=Concat(Value(prefix), Cast("pk", output_field=models.CharField())),
        lease_until=None,
        enqueued_at=now,
    )
    return list(
        IngestItem.objects.filter(task_id__startswith=prefix, status=Status.PENDING)
        .order_by("pk")
        .values_list("pk", "task_id")
    )


def _subset(items, ids: set[int]) -> list[int]:
    """The ids in `ids` that are among `items` (keeps the SQL IN list small)."""
    return [pk for pk in items.values_list("pk", flat=True) if pk in ids]


def orphans(now: datetime, *, reason: str) -> int:
    """Without a worker nothing comes back for an item whose request stopped: fail
    those (lease run out, or waiting long past any request) with the reason."""
    stopped = IngestItem.objects.lease_expired(now) | IngestItem.objects.waiting_since(
        now - LOST_WITHOUT_BROKER
    )
    return stopped.update(status=Status.FAILED, error=reason, finished_at=now)
