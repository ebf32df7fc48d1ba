"""The curator's review queue in a real browser (Debian's chromium), issue 9.

A Change control fetches its form when opened and its search box fills the drop-down;
saving swaps the article's item in place; a suggestion's Confirm (a button that posts
the article's form from outside it) and the keys j/a work; a suggestion card is merged
through the same kind of form; an anchor to a suggested initiative lands where the
articles' sticky bar cannot cover it; ids stay unique after every swap.
Screenshots go to artifacts/screenshots/.

Run: .venv/bin/pytest tests/browser -p no:cacheprovider -q -s
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from districts.models import District
from tests.browser import NO_CHROMIUM, NO_PLAYWRIGHT, chromium_missing
from tests.browser.test_dashboard_in_browser import ensure_catalogue
from tests.factories import ArticleFactory, UserFactory
from tracker.models import DistrictLink, Initiative, InitiativeLink
from tracker.roles import CURATOR, permissions_for

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)
from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason=NO_CHROMIUM),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SEOUL = ZoneInfo("Asia/Seoul")
DESKTOP = {"width": 1280, "height": 800}


def curator():
    """A curator, whether or not a flush took the migration's groups."""
    user = UserFactory(username="curator-kim")
    group = Group.objects.filter(name=CURATOR).first()
    if group:
        user.groups.add(group)
    else:
        wanted = set(permissions_for(CURATOR))
        user.user_permissions.set(
            p
            for p in Permission.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        )
    return user


def initiative(slug, name, district=None, **fields):
    made = Initiative.objects.create(
        slug=slug, name_ko=name, category="safety", origin="discovered", **fields
    )
    if district:
        made.districts.add(District.objects.get(slug=district))
    return made


@pytest.fixture
def queue(transactional_db):
    ensure_catalogue()
    mapo = District.objects.get(slug="mapo")
    patrol = initiative(
        "mapo-ai-patrol", "AI 순찰 로봇", "mapo", review_state="suggested"
    )
    cctv = initiative("mapo-ai-cctv", "마포 AI CCTV 고속검색", "mapo")
    initiative("seodaemun-ai-guard", "서대문 AI 방범 로봇", "seodaemun")
    articles = []
    for n, title in enumerate(
        ["마포구, AI 순찰 로봇 시범 운영", "마포구 AI 행정 소식"]
    ):
        article = ArticleFactory(
            title=title,
            published_at=datetime(2025, 4, 2 + n, 9, tzinfo=SEOUL),
            scope="district",
        )
        DistrictLink.objects.create(
            article=article,
            district=mapo,
            role="primary",
            confidence=0.9,
            evidence="서울 마포구는 AI 순찰 로봇을 시범 운영한다고 밝혔다.",
        )
        InitiativeLink.objects.create(
            article=article,
            initiative=patrol,
            confidence=0.6,
            evidence="구는 AI 순찰 로봇을 공원 세 곳에서 시범 운영한다.",
            event="pilot",
            name_as_reported="AI 순찰 로봇",
        )
        articles.append(article)
    # Enough articles that the suggestions sit well below the articles' section.
    for n in range(6):
        ArticleFactory(title=f"구청 AI 소식 {n}", scope="district")
    duplicate = initiative(
        "mapo-ai-patrol-2", "인공지능 순찰로봇", "mapo", review_state="suggested"
    )
    InitiativeLink.objects.create(
        article=ArticleFactory(title="마포 순찰로봇 확대", status="approved"),
        initiative=duplicate,
        confidence=0.5,
        evidence="마포구는 인공지능 순찰로봇을 늘린다.",
        event="expanded",
    )
    # And enough suggestions after it that the section's heading can scroll to the top.
    for n in range(12):
        initiative(
            f"nowon-ai-more-{n}",
            f"노원 AI 사업 {n}호",
            "nowon",
            review_state="suggested",
        )
    return {
        "articles": articles,
        "cctv": cctv,
        "duplicate": duplicate,
        "patrol": patrol,
    }


def duplicate_ids(page) -> list[str]:
    return page.evaluate(
        """() => {
          const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
          return ids.filter((id, i) => ids.indexOf(id) !== i);
        }"""
    )


def test_a_curator_works_through_the_queue(browser, live_server, queue, screenshots):
    client = Client()
    client.force_login(curator())
    context = browser.new_context(viewport=DESKTOP, locale="ko-KR")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    first, second = queue["articles"]

    page.goto(live_server.url + "/review/")
    expect(page.locator("h1")).to_contain_text("검토 대기열")
    waiting = page.locator("#queue-count").inner_text()
    assert page.locator("option").count() < 100  # the filters' only
    assert duplicate_ids(page) == []

    # Change: the form comes when opened, the search fills the drop-down.
    item = page.locator(f"#review-{first.pk}")
    tag = item.locator("li.suggestion", has=page.locator("mark.initiative"))
    tag.locator("details.change summary").click()
    choice = tag.locator("select[name=initiative]")
    expect(choice.locator("optgroup[label='같은 자치구'] option")).to_have_text(
        ["마포 AI CCTV 고속검색", "인공지능 순찰로봇"]
    )
    # htmx binds the loaded form's search once it settles (20 ms after the swap);
    # typed before, as a loaded CI machine did, the search went unheard.
    expect(tag.locator(".picker .htmx-added")).to_have_count(0)
    tag.locator("input[type=search]").fill("방범")
    expect(choice.locator("optgroup[label='다른 자치구'] option")).to_have_text(
        ["서대문 AI 방범 로봇 (서대문구)"]
    )
    tag.locator("input[type=search]").fill("고속검색")
    expect(choice.locator("option[value='mapo-ai-cctv']")).to_have_count(1)
    choice.select_option("mapo-ai-cctv")
    page.screenshot(path=str(screenshots / "30_review_change_open.png"))
    tag.get_by_role("button", name="변경 저장").click()
    expect(item.locator("mark.initiative")).to_have_text("마포 AI CCTV 고속검색")
    expect(item.locator(".state.confirmed")).to_contain_text("수정")
    assert page.url == live_server.url + "/review/"  # swapped in place
    assert InitiativeLink.objects.get(article=first).initiative == queue["cctv"]

    # A suggestion's Confirm posts the article's form from outside it.
    district = item.locator("li.suggestion", has=page.locator("mark.district"))
    district.get_by_role("button", name="확인").click()
    expect(district.locator(".state")).to_have_text("확인됨")
    assert DistrictLink.objects.get(article=first).review_state == "confirmed"
    assert duplicate_ids(page) == []

    # Keys: j moves from the item just worked on to the next, a approves it.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    expect(page.locator(f"#review-{second.pk}")).to_have_class("review-item current")
    page.keyboard.press("a")
    expect(page.locator(f"#review-{second.pk}")).to_have_attribute("data-decided", "")
    second.refresh_from_db()
    assert second.status == "approved"
    # The heading's count follows without a reload.
    fewer = int(re.search(r"\d+", waiting).group()) - 1
    expect(page.locator("#queue-count")).to_have_text(f"검토 대기 기사 {fewer}건")

    # The suggestions' heading (where their paging leads) and an anchor to one of
    # them land in view, clear of the articles' sticky bar.
    page.goto(live_server.url + "/review/?ipage=1#suggested-initiatives-title")
    heading = page.locator("#suggested-initiatives-title").bounding_box()
    assert 0 <= heading["y"] < 100
    covered = page.evaluate(
        f"""() => document.elementFromPoint({heading["x"] + 5}, {heading["y"] + 5})
                 .closest('#suggested-initiatives-title') === null"""
    )
    assert not covered, "the bulk bar covers the suggestions' heading"
    page.screenshot(path=str(screenshots / "31_review_suggestions_heading.png"))
    card = queue["duplicate"]
    page.goto(live_server.url + f"/review/#suggestion-{card.pk}")
    box = page.locator(f"#suggestion-{card.pk}").bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]
    on_top = page.evaluate(
        f"""() => document.elementFromPoint({box["x"] + 12}, {box["y"] + 8})
                 .closest('#suggestion-{card.pk}') !== null"""
    )
    assert on_top, "something covers the top of the suggestion"
    page.screenshot(path=str(screenshots / "32_review_suggestion_anchor.png"))

    # Merge a suggestion through the same kind of form.
    merge = page.locator(f"#suggestion-{card.pk} details.change", has_text="병합")
    merge.locator("summary").click()
    merge.locator("select[name=target]").select_option("mapo-ai-patrol")
    merge.get_by_role("button", name="병합").click()
    merged = page.locator(f"#suggestion-{card.pk}")
    expect(merged).to_have_attribute("data-decided", "")
    expect(merged.locator("a")).to_have_text("AI 순찰 로봇")
    assert not Initiative.objects.filter(pk=card.pk).exists()
    assert duplicate_ids(page) == []

    context.close()
    assert errors == []
