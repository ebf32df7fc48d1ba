"""The article list's export, feed and save-search row, saved searches, and the source
health page on a 390 px phone, in Debian's chromium: nothing scrolls sideways, a
curator saves a search with one click, the feed is advertised in the page head.
Screenshots go to artifacts/screenshots/.

Run: .venv/bin/pytest tests/browser -p no:cacheprovider -q -s
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from districts.models import District
from tests.browser import CHROMIUM, chromium_missing
from tests.browser.test_dashboard_in_browser import ensure_catalogue
from tests.factories import (
    ArticleFactory,
    IngestItemFactory,
    IngestRunFactory,
    SourceFactory,
    StaffFactory,
)
from tracker.models import DistrictLink, IngestItem, IngestRun, SavedSearch

pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason=f"no chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def curator(transactional_db):
    user = StaffFactory(username="phone-curator", email="cur@example.org")
    user.user_permissions.add(
        *user.user_permissions.model.objects.filter(codename="change_article")
    )
    return user


@pytest.fixture
def data(transactional_db):
    ensure_catalogue()  # a flush by another transactional test may have taken them
    gangseo = District.objects.get(slug="gangseo")
    for n in range(3):
        article = ArticleFactory(title=f"강서구, AI 돌봄 스피커 {n}차 보급")
        DistrictLink.objects.create(
            article=article, district=gangseo, role="primary", confidence=0.9
        )
    source = SourceFactory(name="강서구청 보도자료 피드")
    now = timezone.now()
    for days in range(40, 10, -2):
        run = IngestRunFactory(origin=IngestRun.Origin.FEED, source=source)
        IngestItemFactory(
            run=run,
            status=IngestItem.Status.CREATED,
            finished_at=now - timedelta(days=days),
        )


def log_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "비밀번호-1234")
    page.click("main button[type=submit]")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_saving_a_search_and_source_health_on_a_phone(
    browser, live_server, curator, data, screenshots
):
    context = browser.new_context(viewport=PHONE, locale="ko-KR")
    page = context.new_page()
    base = live_server.url
    log_in(page, base, curator)

    page.goto(base + "/articles/?district=gangseo")
    feed = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert feed.get_attribute("href") == "/articles/feed/?district=gangseo"
    assert page_width(page) <= PHONE["width"]
    page.locator(".result-actions").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "30_article_actions_phone.png"))

    page.select_option("select[name=frequency]", "instant")
    page.click("text=이 검색 저장")
    page.wait_for_url("**/articles/?district=gangseo")
    [search] = SavedSearch.objects.all()
    assert (search.label, search.frequency) == ("강서구", "instant")

    page.goto(base + "/alerts/")
    assert "강서구" in page.inner_text("main")
    assert page_width(page) <= PHONE["width"]
    page.screenshot(
        path=str(screenshots / "31_saved_searches_phone.png"), full_page=True
    )

    page.goto(base + "/ingest/health/")
    assert "강서구청 보도자료 피드" in page.inner_text("main")
    assert page.locator("svg.sparkline polyline").count() >= 4
    assert page_width(page) <= PHONE["width"]  # the table scrolls in its frame
    page.screenshot(
        path=str(screenshots / "32_source_health_phone.png"), full_page=True
    )
    context.close()
