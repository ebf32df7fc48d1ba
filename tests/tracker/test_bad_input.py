"""Bad input gets an outcome of its own, and every error is a page of the site.

What it proves: in one upload, empty, oversized and unsupported files become failed
items each with its reason (Korean first, English beside) while the rest ingest; the
form states the limits; too many files, too much text, a bad request, a refused
page, a missing page, an expired form and a server error are site pages in Korean;
URLs are stored whole or refused with their length; a message names only what this
uploader gave; a one-line text and too deeply nested HTML say what happened.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    NOWON_CIVIL_SERVICE_AI,
    IngestRunFactory,
    StaffFactory,
    UserFactory,
    html_page,
)
from tracker.ingest import service
from tracker.ingest.fetch import Fetched
from tracker.models import Article, IngestItem, IngestRun
from tracker.models.ingestion import URL_MAX_BYTES

pytestmark = pytest.mark.django_db
Status = IngestItem.Status


@pytest.fixture
def curator(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def production(settings):
    """Error pages as a visitor sees them (DEBUG shows Django's technical pages)."""
    settings.DEBUG = False
    return settings


def text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


# --- One outcome per file ------------------------------------------------------------------


def test_bad_files_in_an_upload_fail_each_with_its_reason_and_the_rest_ingest(
    curator, settings, django_capture_on_commit_callbacks
):
    settings.INGEST_MAX_BYTES = 4096
    files = [
        text_file("금천.txt", GEUMCHEON_AI_CENTRE),
        text_file("빈 기사.txt", ""),
        text_file("강서.txt", GANGSEO_CARE_SPEAKERS),
        text_file("너무 큰 기사.txt", GEUMCHEON_AI_CENTRE * 10),
        SimpleUploadedFile("보도자료.docx", b"PK\x03\x04 word", "application/msword"),
        text_file("노원.htm", html_page(NOWON_CIVIL_SERVICE_AI)),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(reverse("tracker:upload"), {"files": files})

    run = IngestRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    outcomes = {item.locator: (item.status, item.error) for item in run.items.all()}
    assert outcomes["금천.txt"] == (Status.CREATED, "")
    assert outcomes["강서.txt"] == (Status.CREATED, "")
    assert outcomes["노원.htm"] == (Status.CREATED, "")
    assert outcomes["빈 기사.txt"] == (
        Status.FAILED,
        "빈 파일입니다 (empty input: the file is empty).",
    )
    status, reason = outcomes["너무 큰 기사.txt"]
    assert status == Status.FAILED
    size = len((GEUMCHEON_AI_CENTRE * 10).encode())
    assert reason.startswith(f"파일이 너무 큽니다: {size:,}바이트 (한도 4,096바이트)")
    assert outcomes["보도자료.docx"] == (
        Status.FAILED,
        "지원하지 않는 형식입니다: 보도자료.docx (unsupported file type; use .html, "
        ".htm, .txt or .zip).",
    )
    page = curator.get(response.url).content.decode()
    assert "빈 파일입니다" in page and "지원하지 않는 형식입니다" in page
    assert Article.objects.count() == 3


def test_the_upload_form_states_its_limits(curator, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 100
    settings.INGEST_MAX_BYTES = 10 * 1024 * 1024

    page = curator.get(reverse("tracker:run-list")).content.decode()

    assert "한 번에 100개까지" in page
    assert "10 MB" in page and "50 MB" in page


def test_too_many_files_get_a_korean_page_saying_the_limit(curator, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = [text_file(f"기사-{n}.txt", GEUMCHEON_AI_CENTRE) for n in range(4)]

    response = curator.post(reverse("tracker:upload"), {"files": files})

    page = response.content.decode()
    assert response.status_code == 400
    assert "파일이 너무 많습니다" in page
    assert "최대 3개" in page
    assert 'class="site-header"' in page  # a page of the site, not a bare line
    assert IngestRun.objects.count() == 0


def test_too_much_pasted_text_is_a_413_page_in_korean(curator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    urls = "\n".join(f"https://garam.example/news/{n}" for n in range(200))

    response = curator.post(reverse("tracker:add-urls"), {"urls": urls})

    assert response.status_code == 413
    assert "보낸 글이 너무 깁니다" in response.content.decode()


# --- Error pages ----------------------------------------------------------------------------


def test_a_missing_page_is_404_in_korean(client, production):
    response = client.get("/없는-주소/")

    assert response.status_code == 404
    assert "찾을 수 없습니다" in response.content.decode()


def test_a_refused_page_is_403_in_korean(client, production):
    client.force_login(UserFactory())

    response = client.get(reverse("tracker:run-list"))

    assert response.status_code == 403
    assert "허용되지 않습니다" in response.content.decode()


def test_a_bad_request_is_400_in_korean(client, production):
    response = client.get(reverse("tracker:home"), HTTP_HOST="bad host!")

    assert response.status_code == 400
    assert "잘못된 요청입니다" in response.content.decode()


def test_an_expired_form_is_a_korean_page_not_djangos(production):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "누구", "password": "x"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "양식이 만료되었습니다" in page
    assert "CSRF" not in page


@pytest.mark.urls("tests.tracker.urls_with_a_fault")
def test_a_server_error_is_a_500_page_in_korean(production):
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "서버 오류" in response.content.decode()


# --- URLs whole, messages about one's own input -----------------------------------------------


def serve_any(page: bytes):
    def fetcher(url, **kwargs):
        return Fetched(url, url, 200, page, "text/html; charset=utf-8")

    return fetcher


def test_a_long_url_is_stored_and_fetched_whole():
    url = "https://garam.example/news/1?" + "q=가람&" * 200  # 1,029 characters
    run = IngestRunFactory(origin=IngestRun.Origin.URLS)

    item = service.add_url(run, url)
    outcome = service.process_item(
        item.pk, fetcher=serve_any(html_page(GANGSEO_CARE_SPEAKERS).encode())
    )

    item.refresh_from_db()
    assert len(url) > 1000
    assert item.locator == url
    assert outcome.status == Status.CREATED
    assert outcome.article.url == url
    assert outcome.article.raw.origin_url == url


def test_a_url_over_the_limit_is_refused_with_its_length_and_kept_whole(curator):
    url = "https://garam.example/news/1?" + "a" * 3000

    curator.post(reverse("tracker:add-urls"), {"urls": url})

    item = IngestItem.objects.get()
    assert item.status == Status.FAILED
    assert item.locator == url
    assert item.error == (
        f"URL이 너무 깁니다: {len(url):,}바이트 (최대 {URL_MAX_BYTES:,}바이트) "
        f"(URL too long: {len(url):,} bytes, limit {URL_MAX_BYTES:,}; it is not "
        "shortened)."
    )


def test_a_failure_names_the_uploaders_own_file_not_a_path_someone_else_gave():
    page = b"<html><body><nav><a href='/'>home</a></nav></body></html>"
    first = IngestRunFactory(origin=IngestRun.Origin.COMMAND)
    service.process_item(
        service.add_file(first, "/srv/기자실/비공개/목록.html", page).pk
    )

    mine = service.add_file(
        IngestRunFactory(origin=IngestRun.Origin.UPLOAD), "내 파일.html", page
    )
    service.process_item(mine.pk)

    mine.refresh_from_db()
    assert mine.status == Status.FAILED
    assert mine.error.startswith("내 파일.html: ")
    assert "/srv" not in mine.error and "목록" not in mine.error
    assert mine.raw.file_name == "목록.html"  # the shared document keeps no path


# --- Texts the reader cannot read as usual ----------------------------------------------------


def test_a_one_line_text_is_stored_untitled_with_the_reason():
    line = "서울 금천구는 가산디지털단지에 인공지능 실증 센터를 연다고 밝혔다. " * 20
    run = IngestRunFactory(origin=IngestRun.Origin.UPLOAD)

    item = service.add_file(run, "한 줄.txt", line.encode())
    outcome = service.process_item(item.pk)

    assert outcome.status == Status.CREATED
    assert outcome.article.title == ""
    assert outcome.reason.startswith("제목 없이 저장했습니다: 줄바꿈 없는 한 줄짜리")
    assert "single line" in outcome.reason


def test_too_deeply_nested_html_says_so_instead_of_no_body():
    deep = (
        "<div>" * 100_000 + "서울 금천구는 인공지능 센터를 연다." + "</div>" * 100_000
    )
    run = IngestRunFactory(origin=IngestRun.Origin.UPLOAD)

    item = service.add_file(
        run, "깊은.html", f"<html><body>{deep}</body></html>".encode()
    )
    outcome = service.process_item(item.pk)

    assert outcome.status == Status.FAILED
    assert outcome.reason.startswith("HTML이 너무 깊게 중첩되어 있습니다")
    assert "nested deeper than 255 levels" in outcome.reason
