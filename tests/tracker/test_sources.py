import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    GEUMCHEON_AI_CENTRE,
    NOWON_CIVIL_SERVICE_AI,
    ArticleFactory,
    SourceFactory,
    html_page,
)
from tracker.ingest import service
from tracker.ingest.fetch import Fetched, FetchError
from tracker.ingest.sources import due_sources, poll_source, reenable
from tracker.models import Article, IngestItem, IngestRun, Source

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 11, 10, 9, 0, tzinfo=UTC)


def rss(base: str, *entries: tuple[str, str, str]) -> bytes:
    """An RSS 2.0 feed of (path, title, pubDate) entries under `base`."""
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<guid>{base}{path}</guid><pubDate>{date}</pubDate></item>"
        for path, title, date in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>가람뉴스 구정</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


FEED = rss(
    "https://garam.example",
    (
        "/news/3001",
        "금천구, G밸리에 인공지능 실증 센터 연다",
        "Mon, 03 Nov 2025 10:30:00 +0900",
    ),
    (
        "/news/3002",
        "강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급",
        "Mon, 10 Nov 2025 08:00:00 +0900",
    ),
)


class FakeWeb:
    """A stand-in for fetch(): fixed answers per URL, and a log of what was asked."""

    def __init__(self, pages: dict[str, bytes | Fetched | FetchError]):
        self.pages = pages
        self.requests: list[dict] = []

    def __call__(self, url, **kwargs):
        self.requests.append({"url": url, **kwargs})
        answer = self.pages.get(url)
        if answer is None:
            raise FetchError(f"{url} answered 404 Not Found.", retryable=False)
        if isinstance(answer, FetchError):
            raise answer
        if isinstance(answer, Fetched):
            return answer
        return Fetched(
            url=url,
            final_url=url,
            status=200,
            content=answer,
            content_type="application/rss+xml"
            if answer.startswith(b"<?xml")
            else "text/html; charset=utf-8",
            etag='"feed-v1"',
            last_modified="Mon, 10 Nov 2025 00:00:00 GMT",
        )


@pytest.fixture
def source() -> Source:
    return SourceFactory(name="가람뉴스 구정", url="https://garam.example/rss.xml")


def test_a_poll_queues_each_new_entry_once(source, django_capture_on_commit_callbacks):
    web = FakeWeb({source.url: FEED})

    with django_capture_on_commit_callbacks() as queued:
        run = poll_source(source.pk, now=NOW, fetcher=web)
    again = poll_source(source.pk, now=NOW + timedelta(hours=1), fetcher=web)

    assert run.origin == IngestRun.Origin.FEED
    assert run.source == source
    assert [(i.kind, i.locator, i.hints["title"]) for i in run.items.all()] == [
        (
            IngestItem.Kind.FEED_ENTRY,
            "https://garam.example/news/3001",
            "금천구, G밸리에 인공지능 실증 센터 연다",
        ),
        (
            IngestItem.Kind.FEED_ENTRY,
            "https://garam.example/news/3002",
            "강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급",
        ),
    ]
    assert len(queued) == 1  # both items handed over after the commit, at once
    assert again is None
    assert IngestItem.objects.count() == 2


def test_a_poll_stores_the_validators_and_sends_them_next_time(source):
    web = FakeWeb({source.url: FEED})

    poll_source(source.pk, now=NOW, fetcher=web)
    poll_source(source.pk, now=NOW + timedelta(hours=1), fetcher=web)

    source.refresh_from_db()
    assert source.etag == '"feed-v1"'
    assert source.last_modified == "Mon, 10 Nov 2025 00:00:00 GMT"
    assert source.last_success_at == NOW + timedelta(hours=1)
    assert source.next_poll_at == NOW + timedelta(hours=2)
    assert web.requests[0]["etag"] == ""
    assert web.requests[1]["etag"] == '"feed-v1"'
    assert web.requests[1]["last_modified"] == "Mon, 10 Nov 2025 00:00:00 GMT"


def test_an_entry_already_stored_as_an_article_is_not_queued(source):
    ArticleFactory(url="https://garam.example/news/3001")

    run = poll_source(source.pk, now=NOW, fetcher=FakeWeb({source.url: FEED}))

    assert list(run.items.values_list("locator", flat=True)) == [
        "https://garam.example/news/3002"
    ]


def test_an_entry_page_without_a_date_takes_the_date_from_the_feed(source):
    dated = html_page(GANGSEO_CARE_SPEAKERS).replace(
        "<head>",
        '<head><meta property="article:published_time" '
        'content="2025-11-09T07:00:00+09:00">',
    )
    web = FakeWeb(
        {
            source.url: FEED,
            "https://garam.example/news/3001": html_page(GEUMCHEON_AI_CENTRE).encode(),
            "https://garam.example/news/3002": dated.encode(),
        }
    )
    run = poll_source(source.pk, now=NOW, fetcher=web)

    for item in run.items.all():
        service.process_item(item.pk, fetcher=web)

    undated = Article.objects.get(url="https://garam.example/news/3001")
    assert undated.published_at == datetime(2025, 11, 3, 1, 30, tzinfo=UTC)
    assert undated.date_source == Article.DateSource.FEED
    own = Article.objects.get(url="https://garam.example/news/3002")
    assert own.published_at == datetime(2025, 11, 8, 22, 0, tzinfo=UTC)
    assert own.date_source == Article.DateSource.META


def test_a_feed_that_has_not_changed_queues_nothing_and_counts_as_success(source):
    source.etag = '"feed-v1"'
    source.consecutive_failures = 2
    source.save()
    unchanged = Fetched(
        url=source.url,
        final_url=source.url,
        status=304,
        content=b"",
        content_type="",
        etag='"feed-v1"',
        not_modified=True,
    )

    run = poll_source(source.pk, now=NOW, fetcher=FakeWeb({source.url: unchanged}))

    source.refresh_from_db()
    assert run is None
    assert IngestRun.objects.count() == 0
    assert source.consecutive_failures == 0
    assert source.last_success_at == NOW
    assert source.etag == '"feed-v1"'


def test_a_source_that_keeps_failing_is_stopped_with_a_clear_reason(source, settings):
    settings.SOURCE_MAX_FAILURES = 3
    down = FakeWeb(
        {
            source.url: FetchError(
                f"{source.url} answered 503 Service Unavailable; try again later.",
                retryable=True,
            )
        }
    )

    for attempt in range(1, 3):
        assert poll_source(source.pk, now=NOW, fetcher=down) is None
        source.refresh_from_db()
        assert (source.is_active, source.consecutive_failures) == (True, attempt)
        assert source.last_error.endswith("try again later.")
    poll_source(source.pk, now=NOW, fetcher=down)

    source.refresh_from_db()
    assert source.is_active is False
    assert source.consecutive_failures == 3
    assert "503 Service Unavailable" in source.last_error
    assert (
        "Stopped after 3 failures in a row; re-enable it in admin." in source.last_error
    )
    assert due_sources(NOW + timedelta(days=1)) == []


def test_a_page_that_is_not_a_feed_counts_as_a_failure(source):
    web = FakeWeb({source.url: html_page(NOWON_CIVIL_SERVICE_AI).encode()})

    poll_source(source.pk, now=NOW, fetcher=web)

    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert "not an RSS or Atom feed" in source.last_error


def test_reenabling_a_stopped_source_makes_it_due_again(source):
    source.is_active = False
    source.consecutive_failures = 5
    source.last_error = "5번 연속 실패로 수집을 멈췄습니다."
    source.next_poll_at = NOW + timedelta(days=1)
    source.save()

    reenable(source)

    source.refresh_from_db()
    assert source.is_active is True
    assert source.consecutive_failures == 0
    assert source.last_error == ""
    assert due_sources(NOW) == [source.pk]


def test_a_home_page_leads_to_its_feed_without_keeping_the_feeds_validators(source):
    home = (
        '<html><head><link rel="alternate" type="application/rss+xml" '
        'href="/feeds/gu.xml"></head><body>가람뉴스</body></html>'
    ).encode()
    web = FakeWeb({source.url: home, "https://garam.example/feeds/gu.xml": FEED})

    run = poll_source(source.pk, now=NOW, fetcher=web)

    source.refresh_from_db()
    assert run.items.count() == 2
    assert source.consecutive_failures == 0
    # These belong to the feed; sent to the home page they could hide new entries.
    assert (source.etag, source.last_modified) == ("", "")


# --- A real feed over HTTP on 127.0.0.1 ---------------------------------------------


class LocalSite:
    """A tiny news site: a feed with an ETag and two article pages."""

    def __init__(self):
        self.pages: dict[str, bytes] = {}
        self.requests: list[tuple[str, str]] = []  # (path, If-None-Match)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                validator = self.headers.get("If-None-Match", "")
                site.requests.append((self.path, validator))
                body = site.pages.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                if self.path == "/rss.xml" and validator == '"v1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                kind = "application/rss+xml" if self.path == "/rss.xml" else "text/html"
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if self.path == "/rss.xml":
                    self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.timeout = 5
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def local_site(settings):
    settings.FETCH_ALLOW_LOOPBACK = True
    settings.FETCH_TIMEOUT_SECONDS = 5
    with LocalSite() as site:
        yield site


def test_a_feed_on_a_real_http_server_is_polled_and_its_pages_ingested_once(
    local_site, django_capture_on_commit_callbacks
):
    local_site.pages = {
        "/rss.xml": rss(
            local_site.base,
            ("/gu/1", "노원구 민원 AI", "Wed, 05 Nov 2025 14:00:00 +0900"),
            ("/gu/2", "강서구 돌봄 스피커", "Mon, 10 Nov 2025 08:00:00 +0900"),
        ),
        "/gu/1": html_page(NOWON_CIVIL_SERVICE_AI).encode(),
        "/gu/2": html_page(GANGSEO_CARE_SPEAKERS).encode(),
    }
    source = SourceFactory(url=f"{local_site.base}/rss.xml")

    with django_capture_on_commit_callbacks(execute=True):
        run = poll_source(source.pk, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        unchanged = poll_source(source.pk, now=timezone.now())
    source.etag = ""  # the feed itself again: its entries are known by now
    source.save()
    with django_capture_on_commit_callbacks(execute=True):
        known = poll_source(source.pk, now=timezone.now())

    assert [item.status for item in run.items.all()] == [IngestItem.Status.CREATED] * 2
    assert set(Article.objects.values_list("url", "title")) == {
        (f"{local_site.base}/gu/1", "노원구, 구청 민원 상담에 생성형 AI 도입"),
        (f"{local_site.base}/gu/2", "강서구, 홀몸 어르신 집에 AI 돌봄 스피커 보급"),
    }
    assert set(Article.objects.values_list("date_source", flat=True)) == {"feed"}
    assert unchanged is None
    assert known is None
    assert local_site.requests == [
        ("/rss.xml", ""),
        ("/gu/1", ""),
        ("/gu/2", ""),
        ("/rss.xml", '"v1"'),
        ("/rss.xml", ""),
    ]
    source.refresh_from_db()
    assert (source.consecutive_failures, source.last_error) == (0, "")
