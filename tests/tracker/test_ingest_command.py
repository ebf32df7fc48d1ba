import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    GEUMCHEON_AI_CENTRE_SYNDICATED,
    NOWON_CIVIL_SERVICE_AI,
    html_page,
)
from tracker.models import Article, IngestItem, IngestRun, RawDocument

pytestmark = pytest.mark.django_db


def ingest(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def articles(tmp_path):
    """A folder as a curator saves it: good pages, a copy, a syndicated copy, junk."""
    folder = tmp_path / "기사"
    (folder / "11월").mkdir(parents=True)
    (folder / "사본").mkdir()
    (folder / "금천.txt").write_text(GEUMCHEON_AI_CENTRE, encoding="utf-8")
    (folder / "강서.html").write_text(
        html_page(GANGSEO_CARE_SPEAKERS), encoding="utf-8"
    )
    (folder / "11월" / "노원.txt").write_bytes(NOWON_CIVIL_SERVICE_AI.encode("cp949"))
    (folder / "사본" / "금천.html").write_text(
        html_page(GEUMCHEON_AI_CENTRE), encoding="utf-8"
    )
    (folder / "누리통신 전재.txt").write_text(
        GEUMCHEON_AI_CENTRE_SYNDICATED, encoding="utf-8"
    )
    (folder / "빈 파일.txt").write_bytes(b"")
    (folder / "보도자료.html").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n")
    (folder / "사진.jpg").write_bytes(b"\xff\xd8\xff\xe0 not read")
    return folder


def test_a_folder_is_ingested_with_a_summary_and_a_reason_per_failure(articles):
    out, err = ingest(articles)

    assert "3 created, 2 duplicates, 2 failed." in out
    assert f"failed     {articles / '빈 파일.txt'}: " in out
    assert "empty input" in out
    assert f"failed     {articles / '보도자료.html'}: " in out
    assert "PDF" in out
    assert f"duplicate  {articles / '사본' / '금천.html'}" in out
    assert "사진.jpg" not in out  # pictures in a saved folder are not articles
    assert "7/7" in err  # the progress bar ends on the last file
    assert Article.objects.count() == 4
    assert Article.objects.originals().count() == 3
    assert set(Article.objects.values_list("title", flat=True)) == {
        "금천구, G밸리에 인공지능 실증 센터 연다",
        "금천구, 가산단지에 AI 실증 센터 개소",
        "강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급",
        "노원구, 구청 민원 상담에 생성형 AI 도입",
    }
    run = IngestRun.objects.get()
    assert run.origin == IngestRun.Origin.COMMAND
    assert run.items.count() == 7


def test_a_second_run_over_the_same_folder_adds_nothing(articles):
    ingest(articles)

    out, _ = ingest(articles)

    assert "0 created, 5 duplicates, 2 failed." in out
    assert Article.objects.count() == 4
    assert RawDocument.objects.count() == 7


def test_an_unsupported_file_and_a_missing_path_are_reported(tmp_path):
    good = tmp_path / "금천.txt"
    good.write_text(GEUMCHEON_AI_CENTRE, encoding="utf-8")
    document = tmp_path / "보도자료.pdf"
    document.write_bytes(b"%PDF-1.4\n")
    missing = tmp_path / "없는 폴더"

    out, _ = ingest(good, document, missing)

    assert "1 created, 0 duplicates, 2 failed." in out
    assert f"{document}: 지원하지 않는 형식입니다 (only .htm, .html, .txt)." in out
    assert f"{missing}: 없는 경로입니다 (no such file or directory)." in out
    failed = IngestItem.objects.filter(status=IngestItem.Status.FAILED)
    assert set(failed.values_list("locator", flat=True)) == {
        str(document),
        str(missing),
    }
    assert RawDocument.objects.count() == 1


def test_json_prints_one_record_per_file_and_stores_nothing(articles):
    missing = articles / "없는.txt"

    out, _ = ingest("--json", articles / "금천.txt", articles / "빈 파일.txt", missing)

    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3
    by_file = {record["file"]: record for record in records}
    assert by_file[str(missing)]["error"].startswith("없는 경로입니다")
    assert "empty input" in by_file[str(articles / "빈 파일.txt")]["error"]
    good = by_file[str(articles / "금천.txt")]
    assert good["title"] == "금천구, G밸리에 인공지능 실증 센터 연다"
    assert good["publisher"] == "가람뉴스"
    assert len(good["paragraphs"]) == 4
    assert good["paragraphs"][0].startswith("서울 금천구는")
    assert [d["district"] for d in good["districts"]] == ["geumcheon"]
    assert Article.objects.count() == 0
    assert IngestRun.objects.count() == 0
    assert RawDocument.objects.count() == 0


def test_load_demo_can_run_twice_without_new_articles():
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    count = Article.objects.count()

    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())

    assert count > 0
    assert " 0 created, " in out.getvalue()
    assert Article.objects.count() == count
