"""An initiative's page: its kind with the OECD.AI category, origin and review mark, and
a timeline gathering the events of all its articles in date order, each dated as
precisely as the article gave it (or by the article's date, marked as such)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from districts.models import District
from tests.factories import ArticleFactory, InitiativeFactory, InitiativeLinkFactory
from tracker import timeline
from tracker.models import Tally

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=SEOUL)


@pytest.fixture
def wildfire():
    initiative = InitiativeFactory(
        name_ko="AI 산불감시 시스템",
        name_en="AI wildfire watch",
        kind="disaster-environment",
        districts=[District.objects.get(slug="gangseo")],
        first_seen=date(2024, 4, 2),
        last_seen=date(2025, 7, 1),
    )

    def event(title, published, **fields):
        return InitiativeLinkFactory(
            initiative=initiative,
            article=ArticleFactory(title=title, published_at=at(published)),
            **fields,
        )

    event(
        "강서구, 산불감시 확대",
        "2025-07-01",
        event="expanded",
        evidence="구는 인공지능 산불 감시체계를 개화산까지 넓힌다.",
        name_as_reported="인공지능 산불 감시체계",
        amount_won=350_000_000,
    )
    event(
        "강서구, AI 산불감시 첫선",
        "2024-04-02",
        event="pilot",
        event_date=date(2024, 3, 1),
        event_date_precision="month",
        evidence="지난 3월 <b>AI 산불감시 시스템</b> 시범 운영을 시작했다.",
        name_as_reported="AI 산불감시 시스템",
        partners=["가람대학교", "서울소방"],
    )
    event(
        "강서구 산불감시, 국비 확보",
        "2025-01-15",
        event="funded",
        event_date=date(2024, 1, 1),
        event_date_precision="year",
        evidence="구는 지난해 국비를 확보했다.",
    )
    event(
        "강서구, 예산 심사 통과",
        "2025-02-20",
        event="funded",
        event_date=date(2025, 2, 18),
        event_date_precision="day",
        evidence="구의회는 18일 예산을 통과시켰다.",
    )
    event("거절된 기사", "2025-03-01", review_state="rejected", evidence="아님.")
    return initiative


def test_events_of_all_articles_come_in_date_order(wildfire):
    events, is_cut = timeline.events(wildfire, 50)

    assert [e.label for e in events] == ["2024", "2024-03", "2025-02-18", "2025-07-01"]
    assert [e.link.event for e in events] == ["funded", "pilot", "funded", "expanded"]
    assert [e.is_article_date for e in events] == [False, False, False, True]
    assert not is_cut


def test_the_latest_events_are_kept_when_the_timeline_is_cut(wildfire):
    events, is_cut = timeline.events(wildfire, 2)
    assert [e.label for e in events] == ["2025-02-18", "2025-07-01"]
    assert is_cut


def test_amounts_read_as_korean_readers_write_them():
    assert timeline.won(350_000_000) == "3억5,000만 원"
    assert timeline.won(12_000_000_000) == "120억 원"
    assert timeline.won(15_000) == "1만5,000 원"
    assert timeline.won(None) == ""


def test_the_page_shows_each_event_with_its_evidence_escaped(client, wildfire):
    html = client.get(wildfire.get_absolute_url()).content.decode()

    assert '<time datetime="2024-03">2024-03</time>' in html
    assert '<time datetime="2024">2024</time>' in html
    assert (
        '<time datetime="2025-07-01">2025-07-01</time> <span class="muted">(기사 날짜)</span>'
        in html
    )
    assert "&lt;b&gt;" in html and "<b>AI" not in html
    assert (
        '<mark class="initiative" title="AI 산불감시 시스템">AI 산불감시 시스템</mark>'
        in html
    )
    assert "기사 속 이름 <q>인공지능 산불 감시체계</q>" in html
    assert "협력 기관: 가람대학교, 서울소방" in html
    assert "금액: 3억5,000만 원" in html
    assert '<span class="badge stage">시범 운영</span>' in html
    assert "거절된 기사" not in html
    assert html.index("2024-03</time>") < html.index("2025-07-01</time>")


def test_the_page_shows_kind_oecd_category_origin_and_the_suggestion_mark(
    client, wildfire
):
    html = client.get(wildfire.get_absolute_url()).content.decode()

    assert (
        '<a href="/initiatives/?kind=disaster-environment">재난·환경 감시</a>' in html
    )
    assert "OECD.AI: " in html
    assert "기사에서 발견 · 제안" in html
    assert "제안됨 · suggested" in html
    assert "아직 큐레이터가 확인하지 않은 정책입니다" in html
    assert '<a href="/districts/gangseo/">강서구</a>' in html


def test_a_confirmed_initiative_has_no_suggestion_mark(client, wildfire):
    wildfire.review_state = "confirmed"
    wildfire.save()
    html = client.get(wildfire.get_absolute_url()).content.decode()
    assert "제안됨" not in html


def test_the_page_keeps_a_fixed_number_of_queries(
    client, wildfire, django_assert_max_num_queries
):
    for n in range(30):
        InitiativeLinkFactory(
            initiative=wildfire,
            article=ArticleFactory(published_at=at("2025-05-01")),
            event="launched",
            name_as_reported=f"산불감시 {n}",
        )
    Tally.objects.refresh()  # upkeep of kept counts, not the page's own cost
    with django_assert_max_num_queries(8):
        client.get(wildfire.get_absolute_url())


def test_a_district_timeline_merges_dates_of_events_and_of_articles(wildfire):
    gangseo = District.objects.get(slug="gangseo")
    other = InitiativeFactory(name_ko="AI 안부 전화", districts=[gangseo])
    # Beside the wildfire's: an event dated by its article on the day the budget
    # vote is dated in words (the vote's article is later), one dated in words after
    # every article, an undated article, and a hidden copy that never shows.
    for title, published, fields in [
        ("안부 전화 확대", at("2025-02-18").replace(hour=15), {}),
        ("안부 전화 내년 도입", at("2024-05-01"), {"event_date": date(2026, 1, 1)}),
        ("안부 전화 날짜 없음", None, {}),
    ]:
        InitiativeLinkFactory(
            initiative=other,
            article=ArticleFactory(title=title, published_at=published),
            **fields,
        )
    copy = ArticleFactory(title="사본", published_at=at("2025-12-01"))
    copy.duplicate_of = ArticleFactory(published_at=at("2020-01-01"))
    copy.save()
    InitiativeLinkFactory(initiative=other, article=copy)

    def titles(limit: int) -> tuple[list[str], bool]:
        events, is_cut = timeline.district_events(gangseo, limit)
        return [event.link.article.title for event in events], is_cut

    assert titles(10) == (
        [
            "강서구 산불감시, 국비 확보",  # 2024 (in words)
            "강서구, AI 산불감시 첫선",  # 2024-03 (in words)
            "안부 전화 확대",  # 2025-02-18, its article's date
            "강서구, 예산 심사 통과",  # 2025-02-18 in words, in an article of 02-20
            "강서구, 산불감시 확대",  # 2025-07-01, its article's date
            "안부 전화 내년 도입",  # 2026-01-01 in words
            "안부 전화 날짜 없음",  # undated: last
        ],
        False,
    )
    assert titles(4) == (
        [
            "안부 전화 확대",
            "강서구, 예산 심사 통과",
            "강서구, 산불감시 확대",
            "안부 전화 내년 도입",
        ],
        True,
    )


def test_a_district_timeline_reads_its_events_in_a_fixed_number_of_queries(
    wildfire, django_assert_num_queries
):
    gangseo = District.objects.get(slug="gangseo")

    # The district's initiatives, the latest ids, then their events.
    with django_assert_num_queries(3):
        events, _ = timeline.district_events(gangseo, 2)
        names = [event.link.initiative.name_ko for event in events]

    assert names == ["AI 산불감시 시스템"] * 2


def test_an_undated_article_counts_as_the_latest_event_and_shows_last(wildfire):
    InitiativeLinkFactory(
        initiative=wildfire,
        article=ArticleFactory(title="날짜 없는 기사", published_at=None),
    )

    events, is_cut = timeline.events(wildfire, 2)

    assert [e.link.article.title for e in events] == [
        "강서구, 산불감시 확대",
        "날짜 없는 기사",
    ]
    assert [e.label for e in events] == ["2025-07-01", ""]
    assert is_cut
