"""The matrix and the initiative pages on a 390 px phone, in Debian's chromium.

The page itself never scrolls sideways: the matrix scrolls inside its frame with the
district column held in place; a cell opens its list; the list, an initiative and the
overview fit too. Screenshots go to artifacts/screenshots/.

Run: .venv/bin/pytest tests/browser -p no:cacheprovider -q -s
"""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps as django_apps

from districts.models import District
from tests.browser import CHROMIUM, chromium_missing
from tests.browser.test_dashboard_in_browser import ensure_catalogue
from tests.factories import ArticleFactory, InitiativeFactory, InitiativeLinkFactory
from tracker.models import InitiativeKind

pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason=f"no chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def initiatives(transactional_db):
    # The data migrations' rows (districts, catalogue, kinds), which a flush may take.
    ensure_catalogue()
    if not InitiativeKind.objects.exists():
        kinds = importlib.import_module("tracker.migrations.0009_initiative_kinds")
        kinds.load_kinds(django_apps, None)

    def district(slug):
        return District.objects.get(slug=slug)

    made = [
        InitiativeFactory(
            name_ko="마포 AI CCTV 고속검색시스템",
            kind="cctv-safety",
            districts=[district("mapo")],
            first_seen=date(2024, 5, 2),
        ),
        InitiativeFactory(
            name_ko="동작 AI 돌봄로봇",
            kind="senior-care",
            review_state="confirmed",
            districts=[district("dongjak")],
            first_seen=date(2023, 3, 1),
        ),
        InitiativeFactory(
            name_ko="강동 스마트쉼터",
            kind="street-devices",
            districts=[district("gangdong")],
            first_seen=date(2025, 8, 9),
        ),
    ]
    InitiativeLinkFactory(
        initiative=made[0],
        article=ArticleFactory(title="마포구, AI CCTV로 실종자 찾는다"),
        event="launched",
        event_date=date(2024, 5, 1),
        event_date_precision="day",
        name_as_reported="AI CCTV 고속검색시스템",
        evidence="마포구는 AI CCTV 고속검색시스템을 도입해 실종자를 찾는다고 밝혔다.",
        partners=["가람경찰서"],
        amount_won=250_000_000,
    )
    return made


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_matrix_on_a_phone(browser, live_server, initiatives, screenshots):
    context = browser.new_context(viewport=PHONE, locale="ko-KR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url

    page.goto(base + "/initiatives/matrix/")
    expect(page.locator("h1")).to_have_text("자치구 × 유형별 정책 현황")
    assert page_width(page) <= PHONE["width"]
    frame = page.locator(".matrix-wrap")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth")
    page.screenshot(path=str(screenshots / "20_matrix_phone.png"))

    # Scrolled to the far right, the district names stay in view.
    mapo = page.locator('th[scope=row] a[href="/districts/mapo/"]')
    frame.evaluate("el => el.scrollLeft = el.scrollWidth")
    box = mapo.bounding_box()
    assert box["x"] < 40 and box["x"] + box["width"] <= PHONE["width"]
    page.screenshot(path=str(screenshots / "21_matrix_phone_scrolled.png"))

    # A cell opens the list behind its number.
    frame.evaluate("el => el.scrollLeft = 0")
    cell = page.locator('a[href="/initiatives/?district=mapo&kind=cctv-safety"]')
    cell.scroll_into_view_if_needed()
    expect(cell).to_contain_text("2024-05")
    cell.click()
    page.wait_for_url(re.compile(r"/initiatives/\?district=mapo&kind=cctv-safety"))
    expect(page.locator("table.initiatives tbody tr")).to_have_count(1)
    expect(page.locator("table.initiatives .badge.suggested")).to_have_text(
        "제안됨 · suggested"
    )
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screenshots / "22_initiatives_phone.png"), full_page=True)

    # The initiative and its timeline.
    page.locator("table.initiatives a", has_text="마포 AI CCTV").click()
    expect(page.locator(".timeline li")).to_have_count(1)
    expect(page.locator(".timeline mark.initiative")).to_have_text(
        "AI CCTV 고속검색시스템"
    )
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screenshots / "23_initiative_phone.png"), full_page=True)

    page.goto(base + "/?period=all")
    expect(page.locator("#kinds-heading")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    page.screenshot(
        path=str(screenshots / "24_overview_kinds_phone.png"), full_page=True
    )

    context.close()
    assert errors == []


def test_the_matrix_on_a_desktop(browser, live_server, initiatives, screenshots):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/initiatives/matrix/")
    expect(page.locator("table.matrix tbody tr")).to_have_count(26)
    page.screenshot(path=str(screenshots / "25_matrix_desktop.png"), full_page=True)
    context.close()
