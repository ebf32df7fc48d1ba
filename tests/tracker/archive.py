"""A folder of ten pages shared by the backfill and batch tests: seven stories, the
same bytes twice, one story in two layouts and a syndicated copy."""

from pathlib import Path

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    GEUMCHEON_AI_CENTRE_SYNDICATED,
    NOWON_CIVIL_SERVICE_AI,
    html_page,
)
from tracker.ingest import backfill, service
from tracker.models import Article, IngestItem, IngestRun, RawDocument

Status = IngestItem.Status

ROBOTS = """{gu}, 경로당 {n}곳에 AI 말벗 로봇 배치
[서울=가람뉴스] 최하린 기자 = 서울 {gu}는 경로당 {n}곳에 인공지능(AI) 말벗 로봇을 배치한다고 {day}일 밝혔다.
로봇은 어르신의 안부를 묻고 복약 시간을 알려 준다.
구는 {month}월까지 이용 기록을 모아 {gu} 전역으로 넓힐지 정한다.
"""


def write_archive(tmp_path: Path) -> Path:
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


def by_name(run: IngestRun) -> dict[str, IngestItem]:
    return {Path(item.locator).name: item for item in run.items.all()}
