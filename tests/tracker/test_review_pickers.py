"""The review queue's forms fetched when opened (tracker/views/review_pickers.py): a
tag's new initiative offered from the article's districts and Seoul city-wide first,
a search over the rest, the options alone for the search box, the same form as a page
without JavaScript, and the district, kind and copy forms; who may open them."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from districts.models import District
from tests.factories import ArticleFactory, UserFactory
from tracker.choices import LIMIT, initiative_choices
from tracker.models import DistrictLink, Initiative, InitiativeLink

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def member(group: str, username: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def as_curator(client):
    client.force_login(member("curator", "curator-kim"))
    return client


def place(slug: str) -> District:
    return District.objects.get(slug=slug)


def initiative(slug: str, name: str, *districts: str, **fields) -> Initiative:
    made = Initiative.objects.create(
        slug=slug, name_ko=name, category="safety", **fields
    )
    made.districts.set([place(d) for d in districts])
    return made


@pytest.fixture
def tag():
    """A Mapo article's tag on a discovered Mapo initiative."""
    article = ArticleFactory(title="마포구, AI 순찰 로봇 시범 운영", status="pending")
    DistrictLink.objects.create(
        article=article, district=place("mapo"), role="primary", confidence=0.9
    )
    DistrictLink.objects.create(
        article=article,
        district=place("seodaemun"),
        role="mentioned",
        confidence=0.2,
        review_state="rejected",
    )
    return InitiativeLink.objects.create(
        article=article,
        initiative=initiative(
            "mapo-ai-patrol", "AI 순찰 로봇", "mapo", origin="discovered"
        ),
        confidence=0.6,
        evidence="마포구는 AI 순찰 로봇을 시범 운영한다.",
    )


def change_url(link) -> str:
    return reverse("tracker:review-initiative-change", args=[link.pk])


def groups(html: str) -> dict[str, str]:
    return dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S))


# --- A tag's new initiative ----------------------------------------------------------------


def test_a_tag_is_offered_the_articles_districts_and_the_city_first(as_curator, tag):
    sibling = initiative("mapo-ai-cctv", "AI CCTV 고속검색", "mapo")
    citywide = initiative("seoul-ai-patrol", "서울 AI 순찰")
    elsewhere = initiative("seodaemun-ai-patrol", "서대문 AI 순찰", "seodaemun")
    rejected = initiative(
        "mapo-no", "마포 거절된 정책", "mapo", review_state="rejected"
    )

    html = as_curator.get(
        change_url(tag), {"next": "/review/?page=2"}, headers=HTMX
    ).content.decode()

    assert "<html" not in html
    # The current initiative first and chosen, so "save" without a choice confirms it.
    assert re.search(
        r'<select id="link-\d+-choice" name="initiative" required>\s*<option value='
        r'"mapo-ai-patrol" selected>AI 순찰 로봇</option>',
        html,
    )
    found = groups(html)
    assert list(found) == ["같은 자치구", "서울시 전체"]
    assert sibling.slug in found["같은 자치구"]
    assert citywide.slug in found["서울시 전체"]
    # Not the district a curator rejected for this article, nor a rejected initiative.
    assert elsewhere.slug not in html and rejected.slug not in html
    assert f'action="{change_url(tag)}"' in html
    assert 'value="/review/?page=2"' in html  # back to the same queue page
    assert 'hx-target="closest .review-item"' in html


def test_the_search_finds_initiatives_elsewhere_by_any_wording(as_curator, tag):
    elsewhere = initiative("seodaemun-ai-patrol", "서대문 순찰 로봇", "seodaemun")
    InitiativeLink.objects.create(
        article=ArticleFactory(),
        initiative=elsewhere,
        confidence=0.5,
        name_as_reported="인공지능 방범 로봇",
    )
    initiative("mapo-ai-cctv", "AI CCTV 고속검색", "mapo")

    html = as_curator.get(
        change_url(tag), {"q": "방범 로봇", "part": "options"}, headers=HTMX
    ).content.decode()

    assert "<form" not in html and "<option" in html
    found = groups(html)
    assert list(found) == ["다른 자치구"]
    assert "서대문 순찰 로봇 (서대문구)" in found["다른 자치구"]
    assert "mapo-ai-cctv" not in html  # its name does not match

    nothing = as_curator.get(
        change_url(tag), {"q": "없는 이름", "part": "options"}, headers=HTMX
    ).content.decode()
    assert "“없는 이름”와 비슷한 이름의 정책이 없습니다" in nothing


def test_without_javascript_the_form_is_a_page_and_saves_back_to_the_queue(
    as_curator, tag
):
    sibling = initiative("mapo-ai-cctv", "AI CCTV 고속검색", "mapo")

    page = as_curator.get(change_url(tag), {"next": "/review/?page=2"})

    html = page.content.decode()
    assert "<html" in html and "태그의 정책 바꾸기" in html
    assert "hx-post" not in html  # plain forms
    assert 'href="/review/?page=2"' in html
    # The search reloads this page; saving posts to the queue's endpoint.
    assert (
        f'<form class="picker-search" method="get" action="{change_url(tag)}"' in html
    )
    response = as_curator.post(
        change_url(tag), {"initiative": sibling.slug, "next": "/review/?page=2"}
    )
    assert response.url == f"/review/?page=2#review-{tag.article_id}"
    tag.refresh_from_db()
    assert (tag.initiative, tag.is_changed) == (sibling, True)


def test_a_long_list_is_cut_and_says_so():
    for n in range(LIMIT + 5):
        initiative(f"mapo-test-{n}", f"마포 AI 사업 {n:02d}호", "mapo")

    choices = initiative_choices([place("mapo").pk])

    assert len(choices) == LIMIT and choices.more
    assert choices.citywide == []  # no room left for them: the search finds them
    assert len(initiative_choices([place("mapo").pk], q="사업 0")) == 10


# --- The other forms -----------------------------------------------------------------------


def test_the_district_form_offers_every_district_and_role(as_curator, tag):
    link = tag.article.district_links.get(district__slug="mapo")

    html = as_curator.get(
        reverse("tracker:review-district-change", args=[link.pk]), headers=HTMX
    ).content.decode()

    assert html.count("<option") == 25 + 2
    assert '<option value="mapo" selected>마포구</option>' in html
    assert f'id="link-{link.pk}-district"' in html


def test_the_kind_and_copy_forms_come_the_same_way(as_curator, tag):
    suggestion = tag.initiative
    kind = as_curator.get(
        reverse("tracker:review-suggested-retype", args=[suggestion.pk]), headers=HTMX
    ).content.decode()
    copy = as_curator.get(
        reverse("tracker:review-duplicate", args=[tag.article_id]), headers=HTMX
    ).content.decode()

    assert 'name="kind"' in kind and "재난·환경 감시" in kind
    assert (
        f'action="{reverse("tracker:review-suggested-retype", args=[suggestion.pk])}"'
        in kind
    )
    assert 'name="original"' in copy and "원본 기사 번호" in copy


def test_an_analyst_cannot_open_the_forms(client, tag):
    client.force_login(member("analyst", "analyst-lee"))
    district = tag.article.district_links.first()

    statuses = [
        client.get(url, headers=HTMX).status_code
        for url in (
            change_url(tag),
            reverse("tracker:review-district-change", args=[district.pk]),
            reverse("tracker:review-suggested-merge", args=[tag.initiative_id]),
            reverse("tracker:review-suggested-retype", args=[tag.initiative_id]),
            reverse("tracker:review-duplicate", args=[tag.article_id]),
        )
    ]

    assert statuses == [403] * 5
