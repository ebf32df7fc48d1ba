"""A folder of articles ingested by one or several worker processes, each document
stored once (`manage.py ingest FOLDER --workers N`).

    files -> add_files(): a pending item per file, a batch of files to a few queries
          -> drain() here, or in each of N spawned processes (tracker/ingest/worker.py):
             take the run's next free item, work on it, until none is left
          -> finish_leftovers(): what a worker that died held, once its lease ran out

Every item exists before any worker starts, as with the queue: the run is the record
of the work. A worker takes the run's next free item under its own task id
(leases.take_next) and processes it as a Celery task does (service.work_on): the
article and the item's outcome commit together, and two workers storing copies of
one story leave one article, as the database's unique keys decide. While the command
lives it holds the run's pending items under a lease (leases.hold_run), so a sweeper
leaves them to it; should the command die, the sweeper hands what is left to Celery.
"""

import hashlib
import logging
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import wait
from pathlib import Path

from django.conf import settings
from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.db.models import Max, Min
from django.utils import timezone

from tracker.ingest import batches, leases, lookahead, service, uploads, worker
from tracker.models import IngestItem, IngestRun, RawDocument

log = logging.getLogger(__name__)
Status = IngestItem.Status
BATCH = 200
# What a worker writes on an item its code failed on (the log has the traceback).
INTERNAL_ERROR = (
    "처리 중 오류가 났습니다 (internal error while processing; see the command's log)."
)


# --- Items --------------------------------------------------------------------------


def add_files(run: IngestRun, paths: list[Path], *, batch: int = BATCH) -> int:
    """A pending item per file, in order, `batch` files at a time; a file that cannot
    be read or is too large gets a failed item with the reason. Returns how many wait."""
    waiting = 0
    for start in range(0, len(paths), batch):
        waiting += _add_batch(run, paths[start : start + batch])
    return waiting


def _add_batch(run: IngestRun, paths: list[Path]) -> int:
    items: list[IngestItem] = []
    contents: dict[int, tuple[Path, bytes]] = {}  # by position among `items`
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError as error:
            items.append(_failed(run, path, f"읽을 수 없습니다: {error}"))
            continue
        if len(content) > settings.INGEST_MAX_BYTES:
            reason = uploads.too_large(len(content), settings.INGEST_MAX_BYTES)
            items.append(_failed(run, path, reason))
            continue
        contents[len(items)] = (path, content)
        items.append(IngestItem(run=run, kind=IngestItem.Kind.FILE, locator=str(path)))
    raws = raw_documents(list(contents.values()))
    for position, (_, content) in contents.items():
        items[position].raw = raws[hashlib.sha256(content).hexdigest()]
    IngestItem.objects.bulk_create(items)
    return len(contents)


def _failed(run: IngestRun, path: Path, reason: str) -> IngestItem:
    return IngestItem(
        run=run,
        kind=IngestItem.Kind.FILE,
        locator=str(path),
        status=Status.FAILED,
        error=reason,
        finished_at=timezone.now(),
    )


def raw_documents(files: list[tuple[Path, bytes]]) -> dict[str, RawDocument]:
    """The stored raw document of each file's bytes by SHA-256, stored now when new
    (as service.store_raw does, a batch in one insert)."""
    wanted: dict[str, tuple[Path, bytes]] = {}
    for path, content in files:
        wanted.setdefault(hashlib.sha256(content).hexdigest(), (path, content))
    found = RawDocument.objects.defer("content").in_bulk(
        list(wanted), field_name="sha256"
    )
    new = [
        RawDocument(
            sha256=sha,
            content=content,
            size=len(content),
            file_name=uploads.base_name(str(path))[:300],
        )
        for sha, (path, content) in wanted.items()
        if sha not in found
    ]
    try:
        with transaction.atomic():
            RawDocument.objects.bulk_create(new)
    except IntegrityError:
        # Another process stored some of the same bytes meanwhile: one at a time.
        new = [
            service.store_raw(
                wanted[raw.sha256][1], file_name=str(wanted[raw.sha256][0])
            )
            for raw in new
        ]
    if any(raw.pk is None for raw in new):  # a backend that returns no ids
        new = list(
            RawDocument.objects.defer("content").filter(
                sha256__in=[r.sha256 for r in new]
            )
        )
    return found | {raw.sha256: raw for raw in new}


# --- Workers ------------------------------------------------------------------------


def drain(
    run_id: int,
    *,
    hold: bool = False,
    on_item: Callable[[], None] | None = None,
    start: int = 0,
) -> int:
    """Work on the run's free items, a batch after another, until none is left;
    returns how many. `hold`: keep the run's pending items held meanwhile; `start`:
    this worker's part of the run begins at this id (then it helps with the rest)."""
    try:
        return _drain(run_id, hold, on_item or (lambda: None), start)
    finally:
        lookahead.close()


def _drain(run_id: int, hold: bool, on_item: Callable[[], None], start: int) -> int:
    prefix = f"backfill-{leases.new_token()[:12]}-"
    done = 0
    held_at = 0.0
    size = 1  # the first document shows progress at once (below); then full batches
    batches_ = _Pipeline() if lookahead.available() else _OneAfterAnother()
    while True:
        if hold and time.monotonic() - held_at > settings.INGEST_LEASE_SECONDS / 3:
            leases.hold_run(run_id)
            held_at = time.monotonic()
        items = leases.take_next_items(run_id, prefix, size, start)
        size = min(size * 2, batches.SIZE)
        if not items and start:
            start = 0  # its own part is done or taken: on to what is left
            continue
        finished = batches_.add(items) if items else batches_.wait()
        if not done:
            # The first document shows progress at once.
            finished = finished + batches_.wait()
        done += len(finished)
        for _ in finished:
            on_item()
        if not items:
            if not leases.unsent(run_id).exists():
                return done
            time.sleep(0.01)  # all locked this instant (renewed by the command)


class _OneAfterAnother:
    """Each batch read and stored before the next is taken."""

    def add(self, items: list[IngestItem]) -> list[IngestItem]:
        """Work on `items`; the items finished (these)."""
        work_on_batch(items)
        return items

    def wait(self) -> list[IngestItem]:
        return []


class _Pipeline:
    """Each batch stored on the lookahead thread while the worker reads the next: on
    a machine of two cores the database stores one batch as the worker reads the
    next (tracker/ingest/lookahead.py). The next batch's copies are looked up on that
    thread after the batch before it is committed, so they see its articles as if
    stored one after another; should that batch leave items to store alone, they
    are stored before the next batch, which then looks its copies up again."""

    def __init__(self) -> None:
        self.storing: tuple[list[IngestItem], Future] | None = None

    def add(self, items: list[IngestItem]) -> list[IngestItem]:
        """Read `items` and hand them to the lookahead thread to store; the items
        finished (those of the batch before, or these should reading fail)."""
        try:
            read = batches.read_batch(items)
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            read = None
            log.exception("Reading a batch of %s items failed", len(items))
        finished, left = self._wait()
        if read is None:
            _one_by_one(items, lambda: items)
            return finished + items
        if left:
            read.forget_copies()
        self.storing = items, batches.store_later(read)
        return finished

    def wait(self) -> list[IngestItem]:
        """Wait for the batch being stored; its items (now finished)."""
        return self._wait()[0]

    def _wait(self) -> tuple[list[IngestItem], list[IngestItem]]:
        if self.storing is None:
            return [], []
        items, storing = self.storing
        self.storing = None
        return items, _one_by_one(items, storing.result)


def work_on_batch(items: list[IngestItem]) -> None:
    """Items this process holds, stored together (tracker/ingest/batches.py)."""
    _one_by_one(items, lambda: batches.work_on(items))


def _one_by_one(
    items: list[IngestItem], batch: Callable[[], list[IngestItem]]
) -> list[IngestItem]:
    """The items the batch leaves (all, should it fail in our code), one by one,
    read again (a failed batch may have changed them in memory; rare: a folder's
    files need no fetch); returns them."""
    try:
        left = batch()
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        log.exception(
            "A batch of %s items failed: working on them one by one", len(items)
        )
        left = items
    for item in left:
        work_on(item.pk)
    return left


def work_on(pk: int, item: IngestItem | None = None) -> None:
    """One item this process holds (`item`: as it was taken, else read now); a
    failure in our code fails the item, not the run."""
    try:
        service.work_on(item or service.claimed_items().get(pk=pk))
    except (OperationalError, InterfaceError):
        raise  # the database is gone: so is this worker; its lease runs out
    except Exception:
        log.exception("Item %s failed in a backfill worker", pk)
        leases.give_up(pk, INTERNAL_ERROR)


def in_processes(
    run_id: int, workers: int, *, on_progress: Callable[[], None] | None = None
) -> list[int]:
    """Drain the run in `workers` child processes while this one holds its items and
    reports progress; returns the children's exit codes.

    Each worker starts on a part of its own (the run's items in `workers` stretches):
    copies of a story mostly sit next to it (a folder in date order), and two workers
    storing the same story at once conflict and redo their batches (20 of 80 batches
    on 2,000 pages when both took from the front)."""
    context = multiprocessing.get_context("spawn")
    database = connection.settings_dict["NAME"]
    first, last = leases.unsent(run_id).aggregate(Min("pk"), Max("pk")).values()
    span = (last - first + 1) if first is not None else 0
    ready, go = [context.Event() for _ in range(workers)], context.Event()
    children = [
        context.Process(
            target=worker.main,
            args=(
                run_id,
                database,
                first + span * n // workers if span else 0,
                ready[n],
                go,
            ),
            name=f"ingest-worker-{n + 1}",
        )
        for n in range(workers)
    ]
    for child in children:
        child.start()
    held_at = 0.0
    try:
        _start_together(children, ready, go)
        while alive := [child for child in children if child.is_alive()]:
            if time.monotonic() - held_at > settings.INGEST_LEASE_SECONDS / 3:
                leases.hold_run(run_id)
                held_at = time.monotonic()
            if on_progress is not None:
                on_progress()
            wait([child.sentinel for child in alive], timeout=1)
    finally:
        for child in children:
            if child.is_alive():  # this process was interrupted: so are they
                child.terminate()
            child.join()
    return [child.exitcode for child in children]


def _start_together(children, ready, go) -> None:
    """Let the workers take items once every one is set up, has died, or
    worker.READY_SECONDS have passed."""
    deadline = time.monotonic() + worker.READY_SECONDS
    while time.monotonic() < deadline and not all(
        event.is_set() or not child.is_alive()
        for child, event in zip(children, ready, strict=True)
    ):
        time.sleep(0.05)
    go.set()


def finish_leftovers(run_id: int) -> int:
    """Work here on what the workers left: items a worker that died was holding (once
    its lease ran out) or never took. Returns how many."""
    count = 0
    left = IngestItem.objects.filter(run_id=run_id).pending().order_by("pk")
    for pk, lease_until in left.values_list("pk", "lease_until"):
        left_of_lease = (
            (lease_until - timezone.now()).total_seconds() if lease_until else 0
        )
        held = IngestItem.objects.filter(pk=pk, status=Status.PROCESSING).exists()
        if held and left_of_lease > 0:
            time.sleep(left_of_lease + 0.1)
        try:
            service.process_item(pk)
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            log.exception("Item %s failed in a backfill", pk)
            leases.give_up(pk, INTERNAL_ERROR)
        count += 1
    return count
