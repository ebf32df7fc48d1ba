"""A backfill shared by several workers (`manage.py ingest DIR --workers N`): whichever
worker takes which item, every document is stored once, copies are recognised across
workers, and what a worker that died was holding is finished after its lease."""

import threading
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    GEUMCHEON_AI_CENTRE_SYNDICATED,
    NOWON_CIVIL_SERVICE_AI,
)
from tests.tracker.archive import added, assert_each_document_stored_once
from tracker.ingest import backfill, batches, leases, service, upkeep
from tracker.models import Article, DedupeKey, IngestItem, IngestRun

pytestmark = pytest.mark.django_db
Status = IngestItem.Status


def test_the_items_of_a_folder_are_added_in_order_with_their_bytes_kept_once(archive):
    run = added(archive)

    items = list(run.items.order_by("pk"))
    assert [Path(item.locator).name for item in items] == sorted(
        path.name for path in archive.iterdir()
    )
    assert {item.status for item in items} == {Status.PENDING}
    assert items[0].raw_id == items[7].raw_id  # 01 and 08 hold the same bytes
    assert items[0].raw.file_name == "01 금천.txt"
    assert bytes(items[1].raw.content) == GANGSEO_CARE_SPEAKERS.encode()


def test_two_workers_taking_turns_store_each_document_once(archive):
    run = added(archive)
    taken: dict[str, list[int]] = {"a": [], "b": []}

    while True:
        took = False
        for worker in ("a", "b"):
            pk = leases.take_next(run.pk, f"backfill-{worker}-")
            if pk is not None:
                backfill.work_on(pk)
                taken[worker].append(pk)
                took = True
        if not took:
            break

    assert len(taken["a"]) == len(taken["b"]) == 5
    assert set(taken["a"]).isdisjoint(taken["b"])
    assert_each_document_stored_once(run)
    holders = dict(run.items.values_list("pk", "task_id"))
    assert all(holders[pk] == f"backfill-a-{pk}" for pk in taken["a"])


def fields(instance) -> dict:
    return {
        f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
    }


def test_a_worker_takes_its_next_item_as_claimed_items_reads_it(archive):
    run = added(archive)
    first = leases.take_next_item(run.pk, "backfill-a-")
    backfill.work_on(first.pk, first)
    # 01 and 08 hold the same bytes: once the first is stored, they have an article.
    IngestItem.objects.filter(run=run).exclude(
        locator__endswith="08 금천 사본.txt"
    ).update(task_id="elsewhere")

    taken = leases.take_next_item(run.pk, "backfill-b-")

    read = service.claimed_items().get(pk=taken.pk)
    assert taken.locator.endswith("08 금천 사본.txt")
    assert fields(taken) == fields(read)
    assert (taken.status, taken.task_id) == (
        Status.PROCESSING,
        f"backfill-b-{taken.pk}",
    )
    assert fields(taken.raw) == fields(read.raw)
    assert bytes(taken.raw.content) == GEUMCHEON_AI_CENTRE.encode()
    stored = IngestItem.objects.get(pk=first.pk).article_id
    assert stored is not None
    assert taken.raw_article_id == read.raw_article_id == stored


def test_an_item_held_by_a_worker_is_not_taken_by_another(archive):
    run = added(archive)
    first = leases.take_next(run.pk, "backfill-a-")

    second = leases.take_next(run.pk, "backfill-b-")

    assert second != first
    assert IngestItem.objects.get(pk=first).task_id == f"backfill-a-{first}"
    assert IngestItem.objects.get(pk=first).status == Status.PROCESSING


def test_what_a_dead_worker_held_is_finished_once_its_lease_ran_out(archive):
    run = added(archive)
    orphan = leases.take_next(run.pk, "backfill-dead-")  # and then it died
    backfill.drain(run.pk)  # the other worker does the rest
    assert IngestItem.objects.get(pk=orphan).status == Status.PROCESSING

    IngestItem.objects.filter(pk=orphan).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert backfill.finish_leftovers(run.pk) == 1

    assert_each_document_stored_once(run)


def test_a_second_backfill_of_the_same_folder_adds_nothing(archive):
    call_command("ingest", str(archive), stdout=StringIO(), stderr=StringIO())

    out = StringIO()
    call_command("ingest", str(archive), stdout=out, stderr=StringIO())

    assert "0 created, 10 duplicates, 0 failed." in out.getvalue()
    assert Article.objects.count() == 8


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL takes several workers"
)
def test_several_workers_on_sqlite_are_refused_with_the_reason(archive):
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("ingest", str(archive), "--workers", "2")

    assert IngestRun.objects.count() == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="worker processes need a database other connections see (PostgreSQL)",
)
# Plain transaction=True like the other such tests: restoring serialized data after
# another transactional test's flush (which re-creates the role groups) clashes.
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_store_each_document_once(archive):
    out, err = StringIO(), StringIO()

    call_command("ingest", str(archive), "--workers", "2", stdout=out, stderr=err)

    assert "7 created, 3 duplicates, 0 failed." in out.getvalue()
    assert "10/10" in err.getvalue()
    run = IngestRun.objects.get()
    assert_each_document_stored_once(run)
    # Both processes took items, each under its own task ids.
    workers = {item.task_id.rsplit("-", 1)[0] for item in run.items.all()}
    assert len(workers) == 2
    assert all(worker.startswith("backfill-") for worker in workers)


def vacuumed(test):
    """A test of what a worker vacuums: PostgreSQL, committed for real."""
    postgresql = pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's vacuum"
    )
    return postgresql(pytest.mark.django_db(transaction=True)(test))


@pytest.fixture
def no_autovacuum(monkeypatch):
    monkeypatch.setattr(upkeep, "autovacuum", lambda: False)


@vacuumed
def test_a_backfill_without_autovacuum_keeps_the_key_table_analysed(
    archive, monkeypatch, no_autovacuum
):
    monkeypatch.setattr(upkeep, "EVERY", 4)
    # Only the keys: statistics of a ten-article table would steer other tests'
    # plans on the articles table (which stay as a fresh table has them).
    monkeypatch.setattr(upkeep, "TABLES", (DedupeKey,))

    assert table_rows(DedupeKey)[0] <= 0  # never analysed (-1), or empty

    call_command("ingest", str(archive), stdout=StringIO(), stderr=StringIO())

    assert table_rows(DedupeKey)[0] > 0


def table_rows(model) -> tuple[float, int]:
    """What PostgreSQL last counted of the model's table: rows, and all-visible
    pages (both set by ANALYZE or VACUUM)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples, relallvisible FROM pg_class WHERE relname = %s",
            [model._meta.db_table],
        )
        return cursor.fetchone()


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the lookahead thread needs a database other connections see (PostgreSQL)",
)


def stored_on(monkeypatch) -> list[str]:
    """The threads batches.store runs on, as it is called."""
    threads, store = [], batches.store

    def recording(docs):
        threads.append(threading.current_thread().name)
        return store(docs)

    monkeypatch.setattr(batches, "store", recording)
    return threads


def across_batches(tmp_path, third: str, fourth: str) -> Path:
    """Four files in the batches a worker takes (1, 2, then 4 items): the first alone
    and waited for (it shows progress at once), then the second and `third`, then
    `fourth`, taken and read while the batch before is stored."""
    folder = tmp_path / "pages"
    folder.mkdir()
    texts = [NOWON_CIVIL_SERVICE_AI, GANGSEO_CARE_SPEAKERS, third, fourth]
    for n, text in enumerate(texts, 1):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    return folder


def articles_of(run: IngestRun) -> list[Article]:
    items = run.items.select_related("article")
    return [items.get(locator__endswith=f"{n}.txt").article for n in (1, 2, 3, 4)]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_stores_each_batch_on_its_second_connection_seeing_the_one_before(
    tmp_path, monkeypatch
):
    folder = across_batches(
        tmp_path, GEUMCHEON_AI_CENTRE, GEUMCHEON_AI_CENTRE_SYNDICATED
    )
    threads = stored_on(monkeypatch)
    run = added(folder)

    assert backfill.drain(run.pk) == 4

    assert len(threads) == 3
    assert all(name.startswith("copies-lookahead") for name in threads)
    *_, original, copy = articles_of(run)
    assert original.duplicate_of is None
    assert copy.duplicate_of == original


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_first_document_shows_progress_before_the_next_batch_is_taken(
    archive, monkeypatch
):
    shown, at_each_take = [], []
    take = leases.take_next_items

    def taking(*args, **kwargs):
        at_each_take.append(len(shown))
        return take(*args, **kwargs)

    monkeypatch.setattr(leases, "take_next_items", taking)
    run = added(archive)

    assert backfill.drain(run.pk, on_item=lambda: shown.append(1)) == 10

    assert at_each_take[:2] == [0, 1]  # the first batch (one document) is waited for
    assert len(shown) == 10


def failing_once(monkeypatch, name: str, call: int):
    """batches.<name> raises the `call`th time it is called."""
    real, calls = getattr(batches, name), []

    def failing(*args):
        calls.append(args)
        if len(calls) == call:
            raise RuntimeError(f"a bug in {name}")
        return real(*args)

    monkeypatch.setattr(batches, name, failing)


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("failing", "logged"),
    [
        ("store", "A batch of 2 items failed: working on them one by one"),
        ("read_batch", "Reading a batch of 2 items failed"),
    ],
)
def test_a_batch_that_fails_is_stored_one_by_one_before_the_next_batch(
    tmp_path, monkeypatch, caplog, failing, logged
):
    failing_once(monkeypatch, failing, call=2)  # the second batch
    folder = across_batches(
        tmp_path, GEUMCHEON_AI_CENTRE, GEUMCHEON_AI_CENTRE_SYNDICATED
    )
    run = added(folder)

    assert backfill.drain(run.pk) == 4

    assert logged in caplog.text
    *_, original, copy = articles_of(run)
    # Stored one by one before the next batch: the copy's lookup saw its original.
    assert original.duplicate_of is None
    assert copy.duplicate_of == original


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_bytes_in_the_next_batch_are_said_to_be_so(tmp_path, monkeypatch):
    store = batches.store

    def slow(docs):
        time.sleep(0.3)  # the next batch is taken before this one commits
        return store(docs)

    monkeypatch.setattr(batches, "store", slow)
    run = added(across_batches(tmp_path, GEUMCHEON_AI_CENTRE, GEUMCHEON_AI_CENTRE))

    assert backfill.drain(run.pk) == 4

    third, fourth = (run.items.get(locator__endswith=f"{n}.txt") for n in (3, 4))
    assert fourth.status == Status.DUPLICATE
    assert fourth.error == service.SAME_BYTES
    assert fourth.article_id == third.article_id


@vacuumed
def test_a_backfill_without_autovacuum_vacuums_the_keys_alone_between_analyses(
    archive, monkeypatch, no_autovacuum
):
    monkeypatch.setattr(upkeep, "KEYS_EVERY", 4)

    call_command("ingest", str(archive), stdout=StringIO(), stderr=StringIO())

    rows, visible_pages = table_rows(DedupeKey)
    assert rows > 0 and visible_pages > 0  # vacuumed: its pages marked all-visible
    assert table_rows(Article)[0] <= 0  # neither analysed nor vacuumed: not due


def test_a_worker_starts_on_its_own_part_of_the_run_then_helps_with_the_rest(archive):
    run = added(archive)
    ids = list(run.items.order_by("pk").values_list("pk", flat=True))

    taken = leases.take_next_items(run.pk, "backfill-b-", 3, start=ids[5])

    assert [item.pk for item in taken] == ids[5:8]
    backfill.work_on_batch(taken)
    assert backfill.drain(run.pk, start=ids[5]) == 7  # 8, 9, 10, then 1 to 5
    assert_each_document_stored_once(run)


class _Child:
    def __init__(self, alive: bool):
        self.alive = alive

    def is_alive(self) -> bool:
        return self.alive


def test_workers_start_once_every_one_is_set_up_or_dead():
    ready, go = [threading.Event(), threading.Event()], threading.Event()
    ready[0].set()  # the other died before it was set up

    backfill._start_together([_Child(True), _Child(False)], ready, go)

    assert go.is_set()


def test_workers_wait_for_a_slow_sibling_no_longer_than_they_may(monkeypatch):
    monkeypatch.setattr(backfill.worker, "READY_SECONDS", 0.2)
    ready, go = [threading.Event(), threading.Event()], threading.Event()
    ready[0].set()
    started = time.monotonic()

    backfill._start_together([_Child(True), _Child(True)], ready, go)

    assert go.is_set()
    assert 0.2 <= time.monotonic() - started < 5
