"""Search and the pages of one article or initiative: a Korean search finds two-syllable
terms and ranks matches in titles first; an article's page highlights its evidence,
escapes its text and says where its date came from; an article outside Seoul is in no
list but has its own page; an initiative's page shows its MOU partners.

The lists, overview, comparison and exports are in test_dashboard.py; `at` and
`titles` are in tests/tracker/browsing.py.
"""

import re

import pytest
from django.urls import reverse

from districts.models import District
from tests.factories import ArticleFactory
from tests.tracker.browsing import at, titles
from tracker.models import Article, DistrictLink, Initiative, InitiativeLink

pytestmark = pytest.mark.django_db


def test_korean_search_finds_two_syllable_terms_and_ranks_titles_first(client):
    body_only = ArticleFactory(
        title="구청 소식",
        body="서울 강서구는 마곡에 새 도서관을 연다.",
        published_at=at("2025-01-02"),
    )
    in_title = ArticleFactory(
        title="마곡 AI 도서관 착공",
        body="구는 도서관을 짓는다.",
        published_at=at("2025-01-01"),
    )
    response = client.get(reverse("tracker:article-list"), {"q": "마곡"})
    assert titles(response) == [in_title.title, body_only.title]


def test_the_article_page_highlights_evidence_and_shows_where_the_date_came_from(
    client,
):
    item = ArticleFactory(
        title="금천구, AI혁신센터 짓는다",
        body="서울 금천구는 G밸리에 AI혁신센터를 짓는다.\n\n<script>alert(1)</script>",
        published_at=at("2025-10-26"),
        date_source=Article.DateSource.BYLINE,
    )
    text = f"{item.title}\n\n{item.body}"
    start = text.index("금천구는")
    DistrictLink.objects.create(
        article=item,
        district=District.objects.get(slug="geumcheon"),
        role="primary",
        confidence=0.95,
        evidence="서울 금천구는 G밸리에 AI혁신센터를 짓는다.",
        spans=[[start, start + 3]],
    )
    centre = text.index("AI혁신센터를")
    InitiativeLink.objects.create(
        article=item,
        initiative=Initiative.objects.get(
            slug="geumcheon-gvalley-ai-innovation-centre"
        ),
        confidence=0.9,
        evidence="서울 금천구는 G밸리에 AI혁신센터를 짓는다.",
        spans=[[centre, centre + 6]],
    )
    html = client.get(item.get_absolute_url()).content.decode()

    assert re.search(
        r'<mark class="district primary" title="금천구">금천구</mark>', html
    )
    assert (
        '<mark class="initiative" title="G밸리 AI혁신센터 (옛 구로세관 부지)">AI혁신센터</mark>'
        in html
    )
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        and "<script>alert(1)" not in html
    )
    assert "바이라인" in html  # date source, in Korean by default


def test_an_article_outside_seoul_is_in_no_list_but_has_its_own_page(client):
    item = ArticleFactory(
        title="부산 강서구 소식",
        scope=Article.Scope.OUT_OF_SCOPE,
        published_at=at("2025-01-01"),
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert "서울 집계에서 제외" in page and "서울 밖의 지역을 다룬 기사입니다" in page
    assert (
        "부산 강서구 소식"
        not in client.get(
            reverse("tracker:article-list"), {"relevance": "all"}
        ).content.decode()
    )


def test_the_initiative_page_shows_the_mou_partners_from_the_data(client):
    html = client.get(
        reverse("tracker:initiative-detail", args=["gangseo-ai-city-mou-14"])
    ).content.decode()
    assert "14" in html and "강서양천교육지원청" in html and "한국인공지능협회" in html
