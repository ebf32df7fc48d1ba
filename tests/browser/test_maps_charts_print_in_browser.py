"""Issue 11 in Debian's chromium: the boundary map, a chart bar, a search snippet and
the printable profile do what they show, at 1366 px and on a 390 px phone, in Korean
and English. Screenshots of every page go to artifacts/screenshots/i11_*.png.

    map (click a gu) -> its articles, as many as the map said
    chart (click a bar) -> the list of that month, as many as the bar said
    search -> a snippet with the words marked
    printable profile -> one PDF page per district; print-emulated screenshots

Run: .venv/bin/pytest tests/browser -p no:cacheprovider -q -s
"""

import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command

from districts.models import District
from tests.browser import NO_CHROMIUM, NO_PLAYWRIGHT, chromium_missing
from tests.browser.test_dashboard_in_browser import ensure_catalogue
from tests.factories import ArticleFactory
from tracker.models import DistrictLink, Initiative, InitiativeLink

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)
from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason=NO_CHROMIUM),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SEOUL = ZoneInfo("Asia/Seoul")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = {
    "overview": "/?period=all",
    "districts": "/districts/?period=all",
    "district": "/districts/gangseo/?period=all",
    "compare": "/compare/?districts=gangseo,geumcheon,mapo&period=all",
    "search": "/articles/?q=%EB%A7%88%EA%B3%A1",
    "initiatives": "/initiatives/",
    "print": "/districts/gangseo/print/?period=all",
    "login": "/accounts/login/",
}


@pytest.fixture
def site(transactional_db):
    """The demo site as `make setup` leaves it, plus Gangseo stories over two years."""
    ensure_catalogue()
    call_command("import_gazetteer", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    gangseo = District.objects.get(slug="gangseo")
    library = Initiative.objects.get(slug="gangseo-ai-library")
    start = date(2025, 1, 10)
    for n in range(9):
        day = start + timedelta(days=45 * n)
        article = ArticleFactory(
            title=f"강서구 AI 도서관 소식 {n + 1}",
            body=f"강서구는 마곡 AI 도서관의 {n + 1}번째 프로그램을 열었다고 밝혔다.",
            published_at=datetime.combine(day, datetime.min.time(), SEOUL)
            + timedelta(hours=10),
            scope="district",
        )
        DistrictLink.objects.create(
            article=article, district=gangseo, role="primary", confidence=0.9
        )
        InitiativeLink.objects.create(
            article=article,
            initiative=library,
            confidence=0.8,
            evidence=f"마곡 AI 도서관의 {n + 1}번째 프로그램",
        )
    library.refresh_seen()
    cache.clear()


def results_count(page) -> int:
    head = page.locator("#results .results-head p strong").first.inner_text()
    return int(head.replace(",", ""))


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_map_a_bar_a_snippet_and_the_print_view(
    browser, live_server, site, screenshots
):
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP, locale="ko-KR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The map: click 강서 where its name is; the list holds as many as the map said.
    page.goto(base + PAGES["overview"])
    area = page.locator('.map-full a[data-district="gangseo"]')
    expected = int(area.get_attribute("data-value"))
    assert expected >= 9
    expect(page.locator(".district-maps .legend")).to_be_visible()
    label = page.locator(".map-full text.area-label", has_text="강서").bounding_box()
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    page.wait_for_url(re.compile(r"/articles/\?.*district=gangseo"))
    assert results_count(page) == expected
    expect(page.locator("input[name=district][value=gangseo]")).to_be_checked()

    # A chart bar of the district page: its month's articles, as many as it said.
    page.goto(base + "/districts/gangseo/?period=2025")
    bars = page.locator("#district-chart a[data-value]")
    expect(bars).to_have_count(12)
    expect(page.locator("#district-chart text.x-label", has_text="3월")).to_be_visible()
    expect(page.locator("#district-chart text.y-label").first).to_have_text("0")
    bar = page.locator('#district-chart a[data-value]:not([data-value="0"])').first
    value = int(bar.get_attribute("data-value"))
    month = bar.get_attribute("aria-label").split(":")[0]
    bar.locator("rect.slot").click()
    page.wait_for_url(re.compile(r"published_after=.*published_before="))
    assert results_count(page) == value
    assert f"published_after={month}-" in page.url
    expect(page.locator("input[name=district][value=gangseo]")).to_be_checked()

    # A search snippet with the word marked, for a hit whose title lacks it.
    page.goto(base + PAGES["search"])
    snippet = (
        page.locator("#results .article-row", has_text="도서관 소식 1")
        .locator(".snippet")
        .first
    )
    expect(snippet.locator("mark.hit")).to_have_text("마곡")
    expect(snippet).to_contain_text("AI 도서관의 1번째 프로그램")

    # The printable profile: one A4 page per district, nothing of the site around it.
    page.goto(base + PAGES["print"])
    expect(page.locator("article.print-page")).to_have_count(1)
    expect(page.locator("article.print-page h1")).to_contain_text("강서구")
    expect(page.locator(".print-page .print-timeline li").first).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    (screenshots / "i11_print_gangseo.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator(".print-toolbar")).to_be_hidden()
    page.screenshot(path=str(screenshots / "i11_print_gangseo_ko.png"), full_page=True)

    page.goto(base + "/compare/print/?districts=gangseo,geumcheon,mapo&period=all")
    expect(page.locator("article.print-page")).to_have_count(3)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    (screenshots / "i11_print_compare.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 3
    context.close()
    assert errors == []


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_every_page_fits_and_is_shot(
    browser, live_server, site, screenshots, language, viewport
):
    context = browser.new_context(
        viewport=viewport,
        locale="ko-KR" if language == "ko" else "en-GB",
        device_scale_factor=1,
    )
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    too_wide = []
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        if not no_sideways_scroll(page):
            too_wide.append(name)
        page.screenshot(
            path=str(screenshots / f"i11_{name}_{language}_{viewport['width']}.png"),
            full_page=True,
        )
    # A phone gets the compact tile map; a desktop the boundary map.
    page.goto(live_server.url + PAGES["overview"])
    shown, hidden = ".map-full svg", "svg.tile-map"
    if viewport == PHONE:
        shown, hidden = hidden, shown
    expect(page.locator(shown)).to_be_visible()
    expect(page.locator(hidden)).to_be_hidden()
    context.close()
    assert too_wide == []
