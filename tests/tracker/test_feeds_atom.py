"""Atom feeds of filtered article lists: they parse, list what the page lists in the
page's order, carry titles, dates and links a reader needs, and the list links them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tracker.models import DistrictLink

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def in_district(district, **kwargs):
    article = ArticleFactory(**kwargs)
    DistrictLink.objects.create(
        article=article,
        district=district,
        role=DistrictLink.Role.PRIMARY,
        confidence=0.9,
        evidence=".",
    )
    return article


@pytest.fixture
def articles(gangseo, geumcheon):
    return [
        in_district(
            gangseo,
            title="강서구, AI 돌봄 스피커 보급",
            subtitle="홀몸 어르신 500가구 대상",
            author="이도윤",
            published_at=datetime(2025, 3, 10, 9, 30, tzinfo=SEOUL),
        ),
        in_district(
            gangseo,
            title="강서구 <AI> & 마곡 실증",
            published_at=datetime(2025, 4, 2, 14, 0, tzinfo=SEOUL),
        ),
        in_district(gangseo, title="날짜 없는 강서구 기사", published_at=None),
        in_district(
            geumcheon,
            title="금천구, G밸리 AI 센터",
            published_at=datetime(2025, 4, 5, tzinfo=SEOUL),
        ),
    ]


def feed(client, query=""):
    response = client.get(f"/articles/feed/?{query}")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return feedparser.parse(response.content)


def page_links(client, query=""):
    response = client.get(f"{reverse('tracker:article-list')}?{query}")
    return [
        f"http://testserver{a.get_absolute_url()}"
        for a in response.context["page"].object_list
    ]


def test_a_district_feed_parses_and_lists_the_pages_articles_in_its_order(
    client, articles
):
    parsed = feed(client, "district=gangseo")

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.link for e in parsed.entries] == page_links(client, "district=gangseo")
    assert len(parsed.entries) == 3


def test_entries_carry_titles_dates_authors_and_links(client, articles):
    entries = {e.title: e for e in feed(client, "district=gangseo").entries}

    speaker = entries["강서구, AI 돌봄 스피커 보급"]
    assert speaker.published == "2025-03-10T09:30:00+09:00"
    assert speaker.updated == "2025-03-10T09:30:00+09:00"
    assert speaker.author == "이도윤"
    assert speaker.summary == "홀몸 어르신 500가구 대상"
    assert speaker.link == f"http://testserver/articles/{articles[0].pk}/"
    assert [tag.term for tag in speaker.tags] == ["강서구"]
    # Markup in a title is text, not markup.
    assert "강서구 <AI> & 마곡 실증" in entries
    undated = entries["날짜 없는 강서구 기사"]
    assert "published" not in undated
    assert undated.updated  # Atom requires one: when we stored it


def test_the_feed_is_named_for_its_filters_and_links_back_to_the_list(client, articles):
    parsed = feed(client, "district=gangseo&role=primary")

    assert parsed.feed.title.startswith("강서구")
    assert parsed.feed.link == (
        "http://testserver/articles/?district=gangseo&role=primary"
    )
    self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_link == [
        "http://testserver/articles/feed/?district=gangseo&role=primary"
    ]


def test_an_unfiltered_feed_lists_every_visible_article_newest_first(client, articles):
    parsed = feed(client)

    assert [e.link for e in parsed.entries] == page_links(client)
    # Newest first and the undated one last, on every database, as on the page.
    assert parsed.entries[0].title == "금천구, G밸리 AI 센터"
    assert parsed.entries[-1].title == "날짜 없는 강서구 기사"


def test_an_invalid_filter_gives_an_empty_feed_not_an_error(client, articles):
    parsed = feed(client, "published_after=someday")

    assert not parsed.bozo
    assert parsed.entries == []


def test_the_list_page_links_its_feed_in_the_head_and_in_the_page(client, articles):
    html = client.get("/articles/?district=gangseo").content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml"' in html
        and 'href="/articles/feed/?district=gangseo"' in html
    )
    assert html.count("/articles/feed/?district=gangseo") == 2
