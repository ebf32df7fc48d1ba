import io
import zipfile
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    NOWON_CIVIL_SERVICE_AI,
    IngestItemFactory,
    IngestRunFactory,
    StaffFactory,
    UserFactory,
    html_page,
)
from tracker.ingest.fetch import Fetched, FetchError
from tracker.models import Article, IngestItem, IngestRun

pytestmark = pytest.mark.django_db

Status = IngestItem.Status


@pytest.fixture
def curator(client):
    client.force_login(StaffFactory())
    return client


def upload_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def post_and_run_tasks(client, url, data, capture):
    """POST, then run the tasks queued for after the commit (tests hold a transaction)."""
    with capture(execute=True):
        return client.post(url, data)


# --- Who may ingest -------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("tracker:run-list"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/ingest/"


def test_a_user_without_the_permission_gets_403_and_cannot_forge_an_upload(client):
    client.force_login(UserFactory(is_staff=True))

    page = client.get(reverse("tracker:run-list"))
    forged = client.post(
        reverse("tracker:upload"),
        {"files": [upload_file("금천.txt", GEUMCHEON_AI_CENTRE)]},
    )
    forged_urls = client.post(
        reverse("tracker:add-urls"), {"urls": "https://garam.example/news/1"}
    )

    assert page.status_code == 403
    assert forged.status_code == 403
    assert forged_urls.status_code == 403
    assert IngestRun.objects.count() == 0


def test_an_anonymous_upload_is_not_stored(client):
    response = client.post(
        reverse("tracker:upload"),
        {"files": [upload_file("금천.txt", GEUMCHEON_AI_CENTRE)]},
    )

    assert response.status_code == 302
    assert IngestRun.objects.count() == 0


def test_a_superuser_sees_the_ingestion_page_with_its_forms_and_runs(
    client, django_assert_max_num_queries
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    now = timezone.now()
    for days_ago, label in [(2, "금천.txt"), (0, "노원.txt"), (1, "강서.txt")]:
        run = IngestRunFactory(label=label, created_at=now - timedelta(days=days_ago))
        IngestItemFactory(run=run)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("tracker:run-list"))

    assert response.status_code == 200
    runs = list(response.context["page"])
    assert [run.label for run in runs] == ["노원.txt", "강서.txt", "금천.txt"]
    assert [run.total for run in runs] == [1, 1, 1]
    assert 'name="files"' in response.content.decode()
    assert 'name="urls"' in response.content.decode()


# --- Uploading files --------------------------------------------------------------------


def test_uploading_two_files_creates_their_articles_and_shows_the_run(
    curator, django_capture_on_commit_callbacks
):
    files = [
        upload_file("금천.txt", GEUMCHEON_AI_CENTRE),
        SimpleUploadedFile(
            "강서.html", html_page(GANGSEO_CARE_SPEAKERS).encode(), "text/html"
        ),
    ]

    response = post_and_run_tasks(
        curator,
        reverse("tracker:upload"),
        {"files": files},
        django_capture_on_commit_callbacks,
    )

    run = IngestRun.objects.get()
    assert response.status_code == 302
    assert response.url == run.get_absolute_url()
    assert run.origin == IngestRun.Origin.UPLOAD
    assert run.label == "금천.txt (+1)"
    page = curator.get(response.url)
    shown = page.context["run"]
    assert (shown.total, shown.n_created, shown.n_pending) == (2, 2, 0)
    html = page.content.decode()
    assert "금천구, G밸리에 인공지능 실증 센터 연다" in html
    assert "강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급" in html
    assert "hx-trigger" not in html


def test_uploading_a_zip_ingests_the_articles_inside_and_reports_the_rest(
    curator, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("금천.txt", GEUMCHEON_AI_CENTRE)
        archive.writestr("노원.txt", NOWON_CIVIL_SERVICE_AI)
        archive.writestr("빈 파일.txt", "")
        archive.writestr("사진.png", b"\x89PNG\r\n\x1a\n")
    upload = SimpleUploadedFile("기사 묶음.zip", buffer.getvalue(), "application/zip")

    response = post_and_run_tasks(
        curator,
        reverse("tracker:upload"),
        {"files": [upload]},
        django_capture_on_commit_callbacks,
    )

    page = curator.get(response.url)
    run = page.context["run"]
    assert (run.total, run.n_created, run.n_failed) == (3, 2, 1)
    failed = run.items.get(status=Status.FAILED)
    assert failed.locator == "기사 묶음.zip/빈 파일.txt"
    assert "empty input" in failed.error
    html = page.content.decode()
    assert "노원구, 구청 민원 상담에 생성형 AI 도입" in html
    assert "empty input" in html


def test_an_unsupported_upload_is_recorded_as_failed_with_its_reason(
    curator, django_capture_on_commit_callbacks
):
    pdf = SimpleUploadedFile("보도자료.pdf", b"%PDF-1.7\n", "application/pdf")

    response = post_and_run_tasks(
        curator,
        reverse("tracker:upload"),
        {"files": [pdf]},
        django_capture_on_commit_callbacks,
    )

    item = IngestItem.objects.get()
    assert item.status == Status.FAILED
    assert "지원하지 않는 형식입니다" in item.error
    assert "지원하지 않는 형식입니다" in curator.get(response.url).content.decode()


def test_an_upload_without_files_shows_the_form_again(curator):
    response = curator.post(reverse("tracker:upload"), {})

    assert response.status_code == 400
    assert response.context["upload_form"].errors["files"]
    assert IngestRun.objects.count() == 0


# --- Fetching URLs ------------------------------------------------------------------------


def test_pasted_urls_give_a_failed_item_for_a_bad_url_and_an_article_for_a_good_one(
    curator, django_capture_on_commit_callbacks
):
    good = "https://garam.example/news/2001"

    def fake_fetch(url, **kwargs):
        if url != good:
            raise FetchError(f"{url} answered 404 Not Found.", retryable=False)
        page = html_page(GANGSEO_CARE_SPEAKERS).encode()
        return Fetched(url, url, 200, page, "text/html; charset=utf-8")

    with patch("tracker.ingest.service.fetch", fake_fetch):
        response = post_and_run_tasks(
            curator,
            reverse("tracker:add-urls"),
            {"urls": f"  javascript:alert(1)\n\n{good}\n{good}\n"},
            django_capture_on_commit_callbacks,
        )

    run = IngestRun.objects.with_counts().get()
    assert response.url == run.get_absolute_url()
    assert (run.total, run.n_created, run.n_failed) == (2, 1, 1)
    failed = run.items.get(status=Status.FAILED)
    assert failed.locator == "javascript:alert(1)"
    assert "not a valid http or https URL" in failed.error
    assert Article.objects.get().url == good
    html = curator.get(response.url).content.decode()
    assert "강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급" in html
    assert "not a valid http or https URL" in html


# --- Following a run ----------------------------------------------------------------------


def test_htmx_polling_gets_only_the_progress_and_keeps_polling_while_items_wait(
    curator,
):
    run = IngestRunFactory()
    IngestItemFactory(run=run, locator="금천.txt", status=Status.CREATED)
    IngestItemFactory(run=run, locator="강서.txt")  # pending: its task has not run

    response = curator.get(run.get_absolute_url(), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="run-progress"')
    assert "<html" not in html
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{run.get_absolute_url()}"' in html


def test_htmx_polling_stops_once_every_item_is_finished(curator):
    run = IngestRunFactory()
    IngestItemFactory(run=run, status=Status.CREATED)
    IngestItemFactory(run=run, status=Status.FAILED, error="내용이 비어 있습니다")

    response = curator.get(run.get_absolute_url(), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "hx-trigger" not in html
    assert "hx-get" not in html
    assert "내용이 비어 있습니다" in html


def test_the_full_run_page_polls_while_items_wait(curator):
    run = IngestRunFactory(label="기사 묶음.zip")
    IngestItemFactory(run=run)

    response = curator.get(run.get_absolute_url())

    html = response.content.decode()
    assert "<html" in html
    assert "기사 묶음.zip" in html
    assert 'hx-trigger="every 1s"' in html


def test_an_unknown_run_is_404(curator):
    assert curator.get(reverse("tracker:run-detail", args=[999])).status_code == 404


def test_an_oversized_upload_is_refused_unread_with_a_reason(
    curator, settings, django_capture_on_commit_callbacks
):
    settings.INGEST_MAX_BYTES = 2048
    big = upload_file("큰 파일.txt", GEUMCHEON_AI_CENTRE * 20)

    post_and_run_tasks(
        curator,
        reverse("tracker:upload"),
        {"files": [big]},
        django_capture_on_commit_callbacks,
    )

    item = IngestRun.objects.get().items.get()
    assert item.status == "failed" and "File too large" in item.error
    assert item.raw is None
