"""A batch among other workers (tracker/ingest/batches.py, lookahead.py): a batch
that conflicted once with another process's article finds it on its second try, one
conflicting twice is stored one document at a time, an item the sweeper gave to
another holder is left alone; copies looked up on a second connection give the same
outcome; a deadlock is a conflict to try again; the lookahead thread gets the
interpreter back soon until closed.

What a batch stores, compared with storing one by one, is in test_batches.py; the
archive and its helpers are in tests/tracker/archive.py.
"""

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, connection

from tests.factories import GANGSEO_CARE_SPEAKERS
from tests.tracker.archive import (
    Status,
    added,
    assert_each_document_stored_once,
    by_name,
)
from tracker.ingest import backfill, batches, copies, leases, lookahead, service
from tracker.models import Article, IngestItem, IngestRun

pytestmark = pytest.mark.django_db


def stored_elsewhere() -> Article:
    """The Gangseo story, as another process stores it after a batch looked for
    copies of its documents (the batch did not see it)."""
    earlier = service.start_run(IngestRun.Origin.COMMAND, "elsewhere")
    item = service.add_file(earlier, "강서.txt", GANGSEO_CARE_SPEAKERS.encode())
    return service.process_item(item.pk).article


def test_a_batch_that_conflicted_once_finds_the_other_process_article(
    archive, monkeypatch
):
    stored = stored_elsewhere()
    blind, retries = [True], []
    find, as_read = copies.find, batches.as_read

    def retried(doc):  # the first attempt conflicted: now the copy is visible
        blind[0] = False
        retries.append(doc)
        return as_read(doc)

    monkeypatch.setattr(
        copies, "find", lambda a: copies.Copies(None, None) if blind[0] else find(a)
    )
    monkeypatch.setattr(batches, "as_read", retried)
    run = added(archive)

    assert batches.work_on(leases.take_next_items(run.pk, "backfill-t-", 25)) == []

    assert len(retries) == 10  # stored on the second try, as a batch
    done = by_name(run)
    assert done["02 강서.txt"].article == stored  # the very same bytes
    # The same story in another layout: what conflicted the first time.
    assert (done["09 강서.html"].status, done["09 강서.html"].article) == (
        Status.DUPLICATE,
        stored,
    )
    assert done["09 강서.html"].error == service.same_as(stored.pk)
    assert Article.objects.count() == 8


def test_a_batch_conflicting_twice_is_stored_one_by_one(archive, monkeypatch):
    stored = stored_elsewhere()
    monkeypatch.setattr(copies, "find", lambda analysis: copies.Copies(None, None))
    run = added(archive)
    items = leases.take_next_items(run.pk, "backfill-t-", 25)

    assert batches.work_on(items) == items  # rolled back: nothing of it kept
    assert Article.objects.count() == 1
    backfill.work_on_batch(items)

    done = by_name(run)
    assert done["02 강서.txt"].status == Status.DUPLICATE
    assert done["02 강서.txt"].article == stored
    assert {item.status for item in done.values()} == {
        Status.CREATED,
        Status.DUPLICATE,
    }
    assert Article.objects.count() == 8


def test_a_batch_leaves_an_item_the_sweeper_gave_to_another_holder(archive):
    run = added(archive)
    items = leases.take_next_items(run.pk, "backfill-t-", 2)
    IngestItem.objects.filter(pk=items[1].pk).update(task_id="someone-else")

    assert batches.work_on(items) == []

    done = by_name(run)
    assert done["01 금천.txt"].status == Status.CREATED
    assert (done["02 강서.txt"].status, done["02 강서.txt"].task_id) == (
        Status.PROCESSING,
        "someone-else",
    )
    assert done["02 강서.txt"].article is None
    assert Article.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the lookahead connection needs a database other connections see",
)
@pytest.mark.django_db(transaction=True)
def test_copies_looked_up_on_a_second_connection_give_the_same_outcome(
    archive, monkeypatch
):
    looked_up = []
    find = lookahead.find
    monkeypatch.setattr(
        lookahead, "find", lambda analysis: looked_up.append(analysis) or find(analysis)
    )

    call_command("ingest", str(archive), stdout=StringIO(), stderr=StringIO())

    # All but the item whose bytes had an article by the time it was taken.
    assert len(looked_up) >= 9
    assert_each_document_stored_once(IngestRun.objects.get())
    done = by_name(IngestRun.objects.get())
    assert done["09 강서.html"].error == service.same_as(done["02 강서.txt"].article_id)


class Cause(Exception):
    def __init__(self, sqlstate: str) -> None:
        self.sqlstate = sqlstate


def failure(kind, sqlstate: str):
    error = kind("from the database")
    error.__cause__ = Cause(sqlstate)
    return error


def test_a_deadlock_with_another_worker_is_a_conflict_to_try_again():
    assert batches.conflicted(failure(IntegrityError, "23505"))
    assert batches.conflicted(failure(OperationalError, "40P01"))  # deadlock
    assert not batches.conflicted(failure(OperationalError, "57P01"))  # shut down


def test_the_lookahead_thread_gets_the_interpreter_back_soon_until_closed():
    before = sys.getswitchinterval()

    during = lookahead.after(sys.getswitchinterval).result()
    lookahead.close()

    assert during == lookahead.SWITCH_SECONDS < before
    assert sys.getswitchinterval() == before
