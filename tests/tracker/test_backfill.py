"""A backfill shared by several workers (`manage.py ingest DIR --workers N`): whichever
worker takes which item, every document is stored once, copies are recognised across
workers, and what a worker that died was holding is finished after its lease."""

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
    html_page,
)
from tracker.ingest import backfill, batches, copies, leases, lookahead, service, upkeep
from tracker.models import (
    Article,
    DedupeKey,
    IngestItem,
    IngestRun,
    Initiative,
    InitiativeLink,
    RawDocument,
)
from tracker.reading.pipeline import analyse

pytestmark = pytest.mark.django_db
Status = IngestItem.Status

ROBOTS = """{gu}, 경로당 {n}곳에 AI 말벗 로봇 배치
[서울=가람뉴스] 최하린 기자 = 서울 {gu}는 경로당 {n}곳에 인공지능(AI) 말벗 로봇을 배치한다고 {day}일 밝혔다.
로봇은 어르신의 안부를 묻고 복약 시간을 알려 준다.
구는 {month}월까지 이용 기록을 모아 {gu} 전역으로 넓힐지 정한다.
"""


@pytest.fixture
def archive(tmp_path) -> Path:
    """Ten pages: seven stories, the same bytes twice, one story in two layouts and a
    syndicated copy."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "01 금천.txt").write_text(GEUMCHEON_AI_CENTRE, encoding="utf-8")
    (folder / "02 강서.txt").write_text(GANGSEO_CARE_SPEAKERS, encoding="utf-8")
    (folder / "03 노원.txt").write_text(NOWON_CIVIL_SERVICE_AI, encoding="utf-8")
    for n, gu in enumerate(["도봉구", "마포구", "은평구", "송파구"], 4):
        text = ROBOTS.format(gu=gu, n=n * 3, day=n, month=n + 2)
        (folder / f"{n:02d} {gu}.txt").write_text(text, encoding="utf-8")
    (folder / "08 금천 사본.txt").write_text(GEUMCHEON_AI_CENTRE, encoding="utf-8")
    (folder / "09 강서.html").write_text(
        html_page(GANGSEO_CARE_SPEAKERS), encoding="utf-8"
    )
    (folder / "10 금천 전재.txt").write_text(
        GEUMCHEON_AI_CENTRE_SYNDICATED, encoding="utf-8"
    )
    return folder


def added(folder: Path) -> IngestRun:
    run = service.start_run(IngestRun.Origin.COMMAND, str(folder))
    backfill.add_files(run, sorted(folder.iterdir()))
    return run


def assert_each_document_stored_once(run: IngestRun) -> None:
    items = run.items.all()
    assert {item.status for item in items} <= {Status.CREATED, Status.DUPLICATE}
    assert items.filter(status=Status.CREATED).count() == 7
    # Seven stories and the syndicated copy (stored, marked as a copy).
    assert Article.objects.count() == 8
    assert Article.objects.originals().count() == 7
    assert Article.objects.filter(duplicate_of__isnull=False).get().title == (
        "금천구, 가산단지에 AI 실증 센터 개소"
    )
    assert {item.article_id for item in items} == set(
        Article.objects.values_list("pk", flat=True)
    )
    assert RawDocument.objects.count() == 9  # the same bytes are kept once


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


# --- A batch at a time ---------------------------------------------------------------


def by_name(run: IngestRun) -> dict[str, IngestItem]:
    return {Path(item.locator).name: item for item in run.items.all()}


def test_a_batch_stores_its_documents_as_one_by_one_would(archive):
    run = added(archive)
    items = leases.take_next_items(run.pk, "backfill-t-", 25)
    assert [item.pk for item in items] == sorted(item.pk for item in items)
    assert {item.task_id for item in items} == {f"backfill-t-{i.pk}" for i in items}

    assert batches.work_on(items) == []

    assert_each_document_stored_once(run)
    done = by_name(run)
    geumcheon = done["01 금천.txt"].article
    # The same bytes, the same story in another layout, and a syndicated copy, each
    # of a document earlier in the same batch.
    assert (done["08 금천 사본.txt"].status, done["08 금천 사본.txt"].error) == (
        Status.DUPLICATE,
        service.SAME_BYTES,
    )
    assert done["08 금천 사본.txt"].article == geumcheon
    gangseo = done["02 강서.txt"].article
    assert done["09 강서.html"].article == gangseo
    assert done["09 강서.html"].error == service.same_as(gangseo.pk)
    copy = done["10 금천 전재.txt"]
    assert copy.status == Status.DUPLICATE
    assert copy.article.duplicate_of == geumcheon
    assert copy.error == service.near_copy_of(geumcheon.pk)
    assert all(item.lease_until is None for item in done.values())
    assert set(RawDocument.objects.values_list("extraction_error", flat=True)) == {""}
    assert RawDocument.objects.get(pk=gangseo.raw_id).encoding == "utf-8"


DOBONG_ROBOTS = """도봉구, 경로당 12곳에 AI 말벗 로봇 배치
입력 2026.03.04 10:00
[서울=가람뉴스] 최하린 기자 = 서울 도봉구는 경로당 12곳에 인공지능(AI) 말벗 로봇을 배치한다고 4일 밝혔다.
로봇은 어르신의 안부를 묻고 복약 시간을 알려 준다.
구는 6월까지 이용 기록을 모아 도봉구 전역으로 넓힐지 정한다.
"""
DOBONG_ROBOTS_LATER = """도봉구 AI 말벗 로봇, 어르신 호응에 30곳으로 늘린다
입력 2026.05.20 09:30
[서울=누리일보] 김도윤 기자 = 도봉구가 경로당에 둔 인공지능 말벗 로봇이 어르신들의 호응을 얻자 설치 장소를 30곳으로 늘리기로 했다.
구 관계자는 "AI 말벗 로봇이 외로움을 덜어 준다는 평가가 많다"며 "하반기에는 복지관에도 들이겠다"고 말했다.
도봉구는 올해 예산 2억원을 들여 로봇 운영을 이어 간다.
"""


def test_two_reports_of_a_new_initiative_in_one_batch_give_one_suggestion(tmp_path):
    folder = tmp_path / "robots"
    folder.mkdir()
    (folder / "1.txt").write_text(DOBONG_ROBOTS, encoding="utf-8")
    (folder / "2.txt").write_text(DOBONG_ROBOTS_LATER, encoding="utf-8")
    run = added(folder)

    assert batches.work_on(leases.take_next_items(run.pk, "backfill-t-", 25)) == []

    found = Initiative.objects.get(origin=Initiative.Origin.DISCOVERED)
    assert list(found.districts.values_list("slug", flat=True)) == ["dobong"]
    assert found.known_names == ["AI 말벗 로봇 배치", "인공지능 말벗 로봇"]
    assert (str(found.first_seen), str(found.last_seen)) == ("2026-03-04", "2026-05-20")
    assert found.stage == Initiative.Stage.EXPANDED  # what the later report says
    links = InitiativeLink.objects.filter(initiative=found).order_by("article_id")
    assert [link.name_as_reported for link in links] == [
        "AI 말벗 로봇 배치",
        "인공지능 말벗 로봇",
    ]


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
    find_many = copies.find_many
    calls = []

    def unseen_the_first_time(analyses):
        calls.append(len(analyses))
        if len(calls) == 1:
            return [copies.Copies(None, None) for _ in analyses]
        return find_many(analyses)

    monkeypatch.setattr(copies, "find_many", unseen_the_first_time)
    run = added(archive)

    assert batches.work_on(leases.take_next_items(run.pk, "backfill-t-", 25)) == []

    assert len(calls) == 2  # stored on the second try, as a batch
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
    monkeypatch.setattr(
        copies,
        "find_many",
        lambda analyses: [copies.Copies(None, None) for _ in analyses],
    )
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


def test_copies_of_several_articles_are_found_as_for_each_alone(archive):
    run = added(archive)
    for name in ("01 금천.txt", "02 강서.txt", "03 노원.txt"):
        service.process_item(by_name(run)[name].pk)
    articles = {a.title[:3]: a.pk for a in Article.objects.all()}
    texts = [
        GEUMCHEON_AI_CENTRE_SYNDICATED,
        GANGSEO_CARE_SPEAKERS,
        ROBOTS.format(gu="마포구", n=3, day=2, month=5),
        html_page(NOWON_CIVIL_SERVICE_AI),
    ]
    analyses = [analyse(text.encode(), max_bytes=10**6) for text in texts]

    found = copies.find_many(analyses)

    assert found == [copies.find(analysis) for analysis in analyses]
    assert found == [
        copies.Copies(exact=None, near=articles["금천구"]),
        copies.Copies(exact=articles["강서구"], near=articles["강서구"]),
        copies.Copies(exact=None, near=None),
        copies.Copies(exact=articles["노원구"], near=articles["노원구"]),
    ]


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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's vacuum")
@pytest.mark.django_db(transaction=True)
def test_a_backfill_without_autovacuum_keeps_the_key_table_analysed(
    archive, monkeypatch
):
    monkeypatch.setattr(upkeep, "autovacuum", lambda: False)
    monkeypatch.setattr(upkeep, "EVERY", 4)

    def analysed_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s",
                [DedupeKey._meta.db_table],
            )
            return cursor.fetchone()[0]

    assert analysed_rows() <= 0  # never analysed (-1), or empty

    call_command("ingest", str(archive), stdout=StringIO(), stderr=StringIO())

    assert analysed_rows() > 0


def test_a_worker_starts_on_its_own_part_of_the_run_then_helps_with_the_rest(archive):
    run = added(archive)
    ids = list(run.items.order_by("pk").values_list("pk", flat=True))

    taken = leases.take_next_items(run.pk, "backfill-b-", 3, start=ids[5])

    assert [item.pk for item in taken] == ids[5:8]
    backfill.work_on_batch(taken)
    assert backfill.drain(run.pk, start=ids[5]) == 7  # 8, 9, 10, then 1 to 5
    assert_each_document_stored_once(run)
