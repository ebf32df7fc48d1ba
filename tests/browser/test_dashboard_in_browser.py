"""The analyst's walk through the dashboard in a real browser (Debian's chromium).

Overview → district on the tile map → article list filtered by initiative and
date → Korean search → article with its evidence highlighted → English → CSV.
Every step saves a full-page screenshot to artifacts/screenshots/; the overview
and the article list are also shot at phone size (390×844).

Run: .venv/bin/pytest tests/browser -p no:cacheprovider -q -s
"""

import importlib
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.management import call_command

from districts.models import District
from tests.browser import NO_CHROMIUM, NO_PLAYWRIGHT, chromium_missing
from tracker.models import Article, Initiative

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)
from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason=NO_CHROMIUM),
    # live_server needs real commits; serialized_rollback brings back the rows the
    # data migrations wrote (25 districts, the initiative catalogue) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GVALLEY = "geumcheon-gvalley-ai-innovation-centre"
GVALLEY_NAME = "G밸리 AI혁신센터 (옛 구로세관 부지)"
GEUMCHEON_TITLE = "금천구, G밸리 옛 세관 부지에 AI혁신센터 짓는다"
GANGSEO_TITLE = "강서구, 'AI 특화도시' 선포…14개 기관과 손잡는다"
NOWON_TITLE = "노원구, AI 기반 스마트 건강검진 도입"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def ensure_catalogue() -> None:
    """The data migrations' rows, in case a flush took them (serialized_rollback should not)."""
    if (
        District.objects.count() == 25
        and Initiative.objects.filter(slug=GVALLEY).exists()
    ):
        return
    for name in (
        "districts.migrations.0002_load_districts",
        "tracker.migrations.0002_seed_catalogue",
    ):
        importlib.import_module(name).load(django_apps, None)


@pytest.fixture
def demo(transactional_db):
    ensure_catalogue()
    assert District.objects.count() == 25
    # The shipped gazetteer, as `make setup` loads it: dongs such as 가산동, boundaries.
    call_command("import_gazetteer", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    cache.clear()  # the overview caches its counts for five minutes
    geumcheon = Article.objects.get(title=GEUMCHEON_TITLE, duplicate_of=None)
    return {"geumcheon": geumcheon}


def shoot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def titles(page) -> list[str]:
    return page.locator("#results .article-title").all_inner_texts()


def test_analyst_walk_through(browser, live_server, demo, screenshots):
    context = browser.new_context(
        viewport=DESKTOP, locale="ko-KR", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url

    # 1. Overview: the boundary map with Korean names and the article count.
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    district_map = page.locator(".map-full figure.choropleth svg")
    expect(district_map).to_be_visible()
    expect(page.locator("svg.tile-map")).to_be_hidden()  # the phone's compact view
    expect(district_map.locator(".areas a")).to_have_count(25)
    expect(district_map.locator("text.area-label", has_text="금천")).to_have_count(1)
    geumcheon_area = district_map.locator('a[data-district="geumcheon"]')
    expect(geumcheon_area).to_have_attribute("aria-label", "금천구: 기사 1건")
    total = page.locator("#map-heading ~ p a").first
    expect(total).to_have_text(re.compile(r"기사 \d+건"))
    shoot(page, screenshots, "01_overview")

    # 2. Click 금천 on the map (where its name is): the list of its articles.
    label = district_map.locator("text.area-label", has_text="금천").bounding_box()
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    page.wait_for_url(re.compile(r"/articles/\?.*district=geumcheon"))
    expect(page.locator("#results .article-title")).to_have_text([GEUMCHEON_TITLE])
    expect(page.locator("input[name=district][value=geumcheon]")).to_be_checked()
    shoot(page, screenshots, "02_district")

    # 3. The whole list, narrowed by initiative and a date range (htmx swaps).
    page.goto(base + "/articles/")
    expect(page.locator("#results .article-title", has_text="강서구")).to_have_count(1)
    page.select_option("#id_initiative", label=GVALLEY_NAME)
    page.wait_for_url(re.compile(r"initiative=" + GVALLEY))
    page.fill("#id_published_after", "2026-09-01")
    page.wait_for_url(re.compile(r"published_after=2026-09-01"))
    page.fill("#id_published_before", "2026-09-30")
    page.wait_for_url(re.compile(r"published_before=2026-09-30"))
    expect(page.locator("#results .article-title")).to_have_text([GEUMCHEON_TITLE])
    assert GANGSEO_TITLE not in titles(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["initiative"] == [GVALLEY]
    assert query["published_after"] == ["2026-09-01"]
    filtered_url = page.url
    shoot(page, screenshots, "03_filtered")

    # 4. Search in Korean from a clean list: 마곡 is only in the Gangseo article.
    page.goto(base + "/articles/")
    page.fill("#id_q", "마곡")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"q=%EB%A7%88%EA%B3%A1"))
    expect(page.locator("#results .article-title")).to_have_text([GANGSEO_TITLE])
    expect(page.locator("#id_q")).to_have_value("마곡")
    shoot(page, screenshots, "04_search")

    # 5. Open the Geumcheon article: the evidence is highlighted in the text itself.
    page.goto(filtered_url)
    page.locator("#results .article-title", has_text=GEUMCHEON_TITLE).click()
    page.wait_for_url(re.compile(rf"/articles/{demo['geumcheon'].pk}/$"))
    expect(page.locator("h1")).to_contain_text("AI혁신센터")
    body = page.locator("section.body")
    initiative_marks = body.locator("mark.initiative")
    district_marks = body.locator("mark.district")
    expect(initiative_marks.first).to_be_visible()
    expect(district_marks.first).to_be_visible()
    assert any("혁신센터" in text for text in initiative_marks.all_inner_texts())
    assert any("금천구" in text for text in district_marks.all_inner_texts())
    expect(district_marks.filter(has_text="금천구").first).to_have_attribute(
        "title", "금천구"
    )
    # Discovered initiatives are marked too; the catalogue's centre is among them.
    assert GVALLEY_NAME in [
        mark.get_attribute("title") for mark in initiative_marks.all()
    ]
    expect(
        page.locator("section.tags mark.initiative", has_text=GVALLEY_NAME)
    ).to_be_visible()
    shoot(page, screenshots, "05_article")

    # 6. English, with the header button: same article, English labels.
    page.locator("form.lang button[value=en]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(f"/articles/{demo['geumcheon'].pk}/")
    nav = page.locator("header nav")
    expect(nav).to_contain_text("Overview")
    expect(nav).to_contain_text("Articles")
    expect(nav).to_contain_text("Districts")
    expect(page.locator("nav.crumbs")).to_have_text("Articles")
    expect(page.locator("section.tags mark.district").first).to_have_text(
        re.compile("Geumcheon")
    )
    expect(page.locator("form.lang button[value=en]")).to_have_attribute(
        "aria-current", "true"
    )
    shoot(page, screenshots, "06_english")

    # 7. The CSV of the filtered list: BOM, CRLF, only the matching rows.
    page.goto(filtered_url)
    expect(page.locator("#results .article-title")).to_have_text([GEUMCHEON_TITLE])
    shoot(page, screenshots, "07_export_list")
    export = page.locator('#results a[download][href^="/articles/export.csv"]')
    assert "initiative=" + GVALLEY in export.get_attribute("href")
    with page.expect_download() as info:
        export.click()
    download = info.value
    assert download.suggested_filename.startswith("articles-")
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert GEUMCHEON_TITLE in text
    assert GANGSEO_TITLE not in text
    assert NOWON_TITLE not in text
    lines = data.split(b"\n")[:-1]
    assert len(lines) == 2, text  # the header and the one filtered article
    assert all(line.endswith(b"\r") for line in lines)
    assert data.endswith(b"\r\n")
    context.close()

    # Phone size: the overview and the article list must still be usable.
    phone = browser.new_context(
        viewport=PHONE,
        locale="ko-KR",
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = phone.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "/")
    expect(page.locator("svg.tile-map")).to_be_visible()
    shoot(page, screenshots, "08_phone_overview")
    page.goto(base + "/articles/")
    expect(page.locator("#results .article-title").first).to_be_visible()
    shoot(page, screenshots, "09_phone_articles")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    phone.close()

    assert not errors, errors
    assert overflow <= 0, f"the phone article list scrolls sideways by {overflow}px"


def test_on_a_phone_the_sort_menu_orders_the_results_in_sight(
    browser, live_server, demo, screenshots
):
    Article.objects.filter(pk=demo["geumcheon"].pk).update(published_at=None)
    cache.clear()
    context = browser.new_context(viewport=PHONE, locale="ko-KR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/articles/")
    newest = titles(page)
    sort = page.locator("#results select#id_sort")
    sort.scroll_into_view_if_needed()
    sort.select_option(label="오래된 순")
    page.wait_for_url(re.compile(r"sort=oldest"))

    # Undated last newest first, so first oldest first: the exact reverse.
    assert newest[-1] == GEUMCHEON_TITLE
    expect(page.locator("#results .article-title")).to_have_text(newest[::-1])
    expect(page.locator("#results select#id_sort")).to_have_value("oldest")
    expect(page.locator("#results .article-title").first).to_be_in_viewport()
    page.check("input[name=district][value=geumcheon]")
    page.wait_for_url(
        re.compile(r"district=geumcheon.*sort=oldest|sort=oldest.*district=geumcheon")
    )
    expect(page.locator("#results .article-title")).to_have_text([GEUMCHEON_TITLE])
    shoot(page, screenshots, "10_sorted_on_a_phone")
    assert errors == []
    context.close()


def test_one_search_is_one_step_back_and_the_form_follows_the_address(
    browser, live_server, demo
):
    context = browser.new_context(viewport=DESKTOP, locale="ko-KR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    logged: list[str] = []
    page.on("console", lambda m: logged.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/articles/")
    steps = page.evaluate("history.length")

    page.fill("#id_q", "AI")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"q=AI"))
    page.check("input[name=district][value=geumcheon]")
    page.wait_for_url(re.compile(r"district=geumcheon"))
    expect(page.locator("#results .article-title")).to_have_text([GEUMCHEON_TITLE])
    assert page.evaluate("history.length") == steps + 2
    assert logged == []  # no request sent, then aborted for another

    page.go_back()
    page.wait_for_url(re.compile(r"/articles/\?q=AI$"))
    expect(page.locator("#id_q")).to_have_value("AI")
    expect(page.locator("input[name=district][value=geumcheon]")).not_to_be_checked()
    page.go_back()
    page.wait_for_url(re.compile(r"/articles/$"))
    expect(page.locator("#id_q")).to_have_value("")

    # Filters chosen on the page survive switching language and logging in.
    page.go_forward()
    page.wait_for_url(re.compile(r"q=AI$"))
    # htmx ran the page's scripts again on each restore: a change still sends one
    # request, not one per restore.
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/articles/" in r.url else None)
    page.locator("#results select#id_sort").select_option("oldest")
    page.wait_for_url(re.compile(r"sort=oldest"))
    page.wait_for_timeout(300)
    assert len(sent) == 1, sent
    assert logged == []
    page.check("input[name=district][value=geumcheon]")
    page.wait_for_url(re.compile(r"district=geumcheon"))
    login = page.locator(".account a.login")
    assert "district%3Dgeumcheon" in login.get_attribute("href")
    page.click("form.lang button[value=en]")
    page.wait_for_url(re.compile(r"q=AI.*district=geumcheon"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#results .article-title")).to_have_text([GEUMCHEON_TITLE])
    context.close()
