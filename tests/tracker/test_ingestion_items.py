"""What an ingestion item becomes (tracker/ingest/service.py): a file's exact bytes
stored once per SHA-256, an oversized file refused; a Korean news text turned into an
article with its fields and district; the same file, the same text in other bytes
and a syndicated copy stored as duplicates, an unrelated story not; a file without
an article failed with a reason and its raw kept; re-extraction once the cause is
fixed; and a URL item fetched and stored, retried while a fetch error passes, failed
at a private address or after the last attempt.

Racing workers, re-analysis and second deliveries are in
test_ingestion_races_and_reruns.py; `ingest_file` and `serve` are in
tests/tracker/ingesting.py, the `run` fixture in tests/tracker/conftest.py.
"""

import hashlib
from unittest.mock import patch

import pytest

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    GEUMCHEON_AI_CENTRE_SYNDICATED,
    RawDocumentFactory,
    StaffFactory,
    html_page,
)
from tests.tracker.ingesting import ingest_file, serve
from tracker.ingest import service
from tracker.ingest.fetch import FetchError
from tracker.models import (
    Article,
    DistrictLink,
    IngestItem,
    IngestRun,
    RawDocument,
    ReviewState,
)

pytestmark = pytest.mark.django_db

Status = IngestItem.Status


# --- Raw documents and files --------------------------------------------------------


def test_store_raw_keeps_the_exact_bytes_once_per_sha256():
    content = "  금천구 AI 센터\r\n\r\n원문 그대로\t".encode() + b"\xff"

    first = service.store_raw(content, file_name="첫 파일.txt")
    second = service.store_raw(content, file_name="다른 이름.txt")

    assert first.pk == second.pk
    assert RawDocument.objects.count() == 1
    first.refresh_from_db()
    assert bytes(first.content) == content
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    assert first.size == len(content)
    assert first.file_name == "첫 파일.txt"


def test_add_file_refuses_an_oversized_file_with_a_reason_and_stores_no_raw(
    run, settings
):
    settings.INGEST_MAX_BYTES = 1024

    item = service.add_file(run, "큰 기사.txt", "가".encode() * 400)

    assert item.status == Status.FAILED
    assert "파일이 너무 큽니다" in item.error
    assert "INGEST_MAX_BYTES" in item.error
    assert item.raw is None
    assert RawDocument.objects.count() == 0


def test_a_korean_news_text_becomes_an_article_with_its_fields_and_district(
    run, geumcheon
):
    item = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode())

    assert item.status == Status.CREATED
    assert item.error == ""
    assert item.attempts == 1
    assert item.finished_at is not None
    article = item.article
    assert article.title == "금천구, G밸리에 인공지능 실증 센터 연다"
    assert article.publisher == "가람뉴스"
    assert article.author == "김하늘"
    assert article.paragraphs[0].startswith("서울 금천구는 가산디지털단지에")
    assert "무단전재" not in article.body
    assert article.raw == item.raw
    assert article.duplicate_of is None
    assert article.scope == Article.Scope.DISTRICT
    assert article.is_relevant is True
    link = article.district_links.get()
    assert link.district == geumcheon
    assert link.role == DistrictLink.Role.PRIMARY
    assert link.review_state == ReviewState.SUGGESTED


def test_the_same_file_twice_gives_one_article_and_a_duplicate_item(run):
    first = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode())
    second = ingest_file(run, "금천 (1).txt", GEUMCHEON_AI_CENTRE.encode())

    assert first.status == Status.CREATED
    assert second.status == Status.DUPLICATE
    assert second.article == first.article
    assert "same bytes" in second.error
    assert Article.objects.count() == 1
    assert RawDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "띄어쓰기만 다름.txt",
            GEUMCHEON_AI_CENTRE.replace("\n", "\n\n").replace(" 3일", "   3일"),
        ),
        ("웹페이지로 저장.html", html_page(GEUMCHEON_AI_CENTRE)),
    ],
)
def test_the_same_text_in_other_bytes_is_a_duplicate_by_body_hash(run, name, content):
    first = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode())

    second = ingest_file(run, name, content.encode())

    assert second.status == Status.DUPLICATE
    assert second.article == first.article
    assert f"same as #{first.article.pk}" in second.error
    assert Article.objects.count() == 1
    # Both byte sequences are kept, and the second one is not marked as broken.
    assert RawDocument.objects.count() == 2
    assert second.raw.extraction_error == ""


def test_a_syndicated_copy_is_stored_as_a_duplicate_of_the_first_article(run):
    first = ingest_file(run, "가람뉴스.txt", GEUMCHEON_AI_CENTRE.encode())

    copy = ingest_file(run, "누리통신.txt", GEUMCHEON_AI_CENTRE_SYNDICATED.encode())

    assert copy.status == Status.DUPLICATE
    assert copy.article != first.article
    assert copy.article.duplicate_of == first.article
    assert copy.article.publisher == "누리통신"
    assert f"#{first.article.pk}" in copy.error
    assert "near-duplicate" in copy.error
    assert list(Article.objects.originals()) == [first.article]


def test_an_unrelated_story_is_not_taken_for_a_copy(run):
    first = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode())

    other = ingest_file(run, "강서.txt", GANGSEO_CARE_SPEAKERS.encode())

    assert other.status == Status.CREATED
    assert other.article.duplicate_of is None
    assert Article.objects.originals().count() == 2
    assert first.article.duplicates.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("빈 파일.txt", b"", "empty input"),
        ("공백만.txt", b" \n\t\n ", "empty input"),
        (
            "보도자료.html",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "PDF",
        ),
        (
            "깨진 페이지.html",
            "<html <body <div class=<p>금천<//p></di".encode(),
            "no article body",
        ),
        (
            "목록 페이지.html",
            (
                "<html><head><title>가람뉴스</title></head><body>"
                "<nav><a href='/'>홈</a> <a href='/gu'>구정</a></nav>"
                "<footer>ⓒ 가람뉴스</footer></body></html>"
            ).encode(),
            "no article body",
        ),
    ],
)
def test_a_file_without_an_article_fails_with_a_reason_and_keeps_its_raw(
    run, name, content, reason
):
    item = ingest_file(run, name, content)

    assert item.status == Status.FAILED
    assert reason in item.error
    assert item.article is None
    assert item.finished_at is not None
    assert bytes(item.raw.content) == content
    assert reason in item.raw.extraction_error
    assert Article.objects.count() == 0


def test_reextract_creates_the_article_once_the_cause_is_fixed(
    django_capture_on_commit_callbacks,
):
    # Bytes that extract fine today but failed under an older rule.
    raw = RawDocumentFactory(
        content=GANGSEO_CARE_SPEAKERS.encode(),
        file_name="강서.txt",
        extraction_error="기사 본문을 찾지 못했습니다 (no article body text found)",
    )
    user = StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        run = service.reextract([raw.pk], user=user)

    item = run.items.get()
    assert run.origin == IngestRun.Origin.REEXTRACT
    assert run.created_by == user
    assert item.kind == IngestItem.Kind.RAW
    assert item.status == Status.CREATED
    assert item.article.title == "강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급"
    raw.refresh_from_db()
    assert raw.extraction_error == ""
    assert raw.article == item.article


def test_reextract_skips_documents_that_already_have_an_article(run):
    done = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode())

    again = service.reextract([done.raw.pk])

    assert again.items.count() == 0
    assert Article.objects.count() == 1


def test_processing_a_finished_item_again_changes_nothing(run):
    item = ingest_file(run, "금천.txt", GEUMCHEON_AI_CENTRE.encode())

    outcome = service.process_item(item.pk)

    assert outcome.status == Status.CREATED
    assert outcome.article == item.article
    after = IngestItem.objects.get(pk=item.pk)
    assert (after.status, after.attempts, after.finished_at) == (
        Status.CREATED,
        1,
        item.finished_at,
    )
    assert Article.objects.count() == 1


# --- Items fetched from the web -----------------------------------------------------


def test_a_url_item_is_fetched_stored_and_remembers_its_url(run):
    url = "https://garam.example/news/1001"
    item = service.add_url(run, url)
    page = html_page(GANGSEO_CARE_SPEAKERS).encode()

    outcome = service.process_item(item.pk, fetcher=serve({url: page}))

    assert outcome.status == Status.CREATED
    assert outcome.article.url == url
    assert outcome.article.raw.origin_url == url
    assert bytes(outcome.article.raw.content) == page
    assert outcome.article.raw.content_type == "text/html; charset=utf-8"


def test_a_passing_fetch_error_keeps_the_item_pending_until_the_last_attempt(run):
    item = service.add_url(run, "https://garam.example/news/1002")

    def unreachable(url, **kwargs):
        raise FetchError(f"Timed out fetching {url}.", retryable=True)

    for attempt in range(1, service.MAX_ATTEMPTS):
        with pytest.raises(service.RetryLater):
            service.process_item(item.pk, fetcher=unreachable)
        item.refresh_from_db()
        assert item.status == Status.PENDING
        assert item.attempts == attempt
        assert f"시도 {attempt}회" in item.error

    outcome = service.process_item(item.pk, fetcher=unreachable)

    item.refresh_from_db()
    assert outcome.status == Status.FAILED
    assert item.status == Status.FAILED
    assert item.attempts == service.MAX_ATTEMPTS
    assert item.error == "Timed out fetching https://garam.example/news/1002."
    assert item.raw is None


def test_a_blocked_private_address_fails_the_item_with_the_reason(run):
    item = service.add_url(run, "http://192.168.0.10/admin/news")

    # The real fetch: the address guard refuses before any connection is made.
    outcome = service.process_item(item.pk)

    item.refresh_from_db()
    assert outcome.status == Status.FAILED
    assert item.status == Status.FAILED
    assert "private address" in item.error
    assert item.attempts == 1
    assert Article.objects.count() == 0


def test_patching_service_fetch_reaches_items_processed_by_tasks(run):
    url = "https://garam.example/news/1003"
    item = service.add_url(run, url)
    fake = serve({url: html_page(GANGSEO_CARE_SPEAKERS).encode()})

    with patch("tracker.ingest.service.fetch", fake):
        status = service.process_item(item.pk).status

    assert status == Status.CREATED
