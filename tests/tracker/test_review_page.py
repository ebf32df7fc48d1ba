"""The review queue as a page (issue 9): light with 200 suggested initiatives and 60
articles waiting (no drop-down of every initiative, a fixed number of queries), every
id once so anchors and labels find their element, and the suggested initiatives'
filters (district, kind, stage, text) that paging keeps, with a count."""

import re
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from districts.models import District
from tests.factories import ArticleFactory, UserFactory
from tracker.models import (
    DistrictLink,
    Initiative,
    InitiativeKind,
    InitiativeLink,
)

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
QUEUE = "/review/"
DISTRICTS = ["dobong", "mapo", "gangdong", "nowon", "yangcheon"]
KINDS = ["disaster-environment", "cctv-safety", "senior-care", "chatbot"]
EVIDENCE = (
    "서울 {place}는 올해 하반기부터 {name}을 동 주민센터 열두 곳에서 시범 운영하고, "
    "결과를 살펴 내년에는 전 지역으로 넓힐 계획이라고 밝혔다."
)


@pytest.fixture
def as_curator(client):
    user = UserFactory(username="curator-kim")
    user.groups.add(Group.objects.get(name="curator"))
    client.force_login(user)
    return client


def place(slug: str) -> District:
    return District.objects.get(slug=slug)


def suggestion(
    n: int, *, district="dobong", kind="disaster-environment", stage="pilot", pk=None
):
    name = f"AI 안전 시범사업 {n}호"
    initiative = Initiative.objects.create(
        pk=pk,
        slug=f"test-suggestion-{n}",
        name_ko=name,
        kind=InitiativeKind.objects.get(slug=kind),
        category="safety",
        stage=stage,
        origin="discovered",
        review_state="suggested",
        known_names=[name],
    )
    initiative.districts.add(place(district))
    InitiativeLink.objects.create(
        article=ArticleFactory(title=f"{name} 시범 운영", status="approved"),
        initiative=initiative,
        confidence=0.7,
        evidence=EVIDENCE.format(place=place(district).name_ko, name=name),
        event=stage,
        name_as_reported=name,
    )
    return initiative


def waiting_article(n: int, initiatives: list[Initiative]):
    """A pending article with a district tag and the initiatives' tags (the 52
    corpus articles have one district and three or four initiatives each, on average)."""
    district = DISTRICTS[n % len(DISTRICTS)]
    article = ArticleFactory(
        title=f"구청, 인공지능 행정 서비스 {n}종 발표",
        body="\n\n".join(
            f"서울 {place(district).name_ko}는 인공지능(AI)을 활용한 행정 서비스 "
            f"{n}종을 차례로 선보인다고 밝혔다. 문단 {i}." * 2
            for i in range(6)
        ),
        published_at=datetime(2025, 5, 1 + n % 28, 9, tzinfo=SEOUL),
    )
    DistrictLink.objects.create(
        article=article,
        district=place(district),
        role="primary",
        confidence=0.95,
        evidence=EVIDENCE.format(place=place(district).name_ko, name="행정 서비스"),
    )
    InitiativeLink.objects.bulk_create(
        InitiativeLink(
            article=article,
            initiative=initiative,
            confidence=0.6,
            evidence=EVIDENCE.format(
                place=place(district).name_ko, name=initiative.name_ko
            ),
            event="pilot",
            name_as_reported=initiative.name_ko,
        )
        for initiative in initiatives
    )
    return article


def fill(suggestions: int, articles: int, start: int = 0) -> None:
    made = [
        suggestion(
            start + n,
            district=DISTRICTS[n % len(DISTRICTS)],
            kind=KINDS[n % len(KINDS)],
        )
        for n in range(suggestions)
    ]
    for n in range(articles):
        tagged = [made[(n + i) % len(made)] for i in range(min(3, len(made)))]
        waiting_article(start + n, tagged)


# --- Weight -----------------------------------------------------------------------------


def test_the_queue_stays_light_with_200_suggestions_and_60_articles(
    as_curator, django_assert_max_num_queries
):
    fill(suggestions=4, articles=3)
    with django_assert_max_num_queries(40) as small:
        as_curator.get(QUEUE)
    fill(suggestions=196, articles=57, start=100)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = as_curator.get(QUEUE)

    html = response.content.decode()
    assert response.context["page"].paginator.count == 60
    assert response.context["suggested"].paginator.count == 200
    assert len(response.content) < 200_000, len(response.content)
    # No drop-down lists initiatives: the Change and Merge forms come when opened.
    assert html.count("<option") < 100
    assert len(response.context["page"].object_list) == 20
    assert len(response.context["suggested"].object_list) == 10


# --- Ids ---------------------------------------------------------------------------------


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.labels: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.labels.append(attrs["for"])


def parsed(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


def test_every_id_on_the_queue_is_used_once(as_curator):
    fill(suggestions=3, articles=3)
    # The numbers that once collided: a suggestion and an article's tags share a pk.
    free = 1 + max(
        model.objects.order_by("-pk").values_list("pk", flat=True).first()
        for model in (Initiative, InitiativeLink, DistrictLink)
    )
    article = waiting_article(99, [Initiative.objects.get(slug="gangseo-ai-library")])
    InitiativeLink.objects.filter(article=article).update(id=free)
    DistrictLink.objects.filter(article=article).update(id=free)
    wildfire = suggestion(99, pk=free)

    html = as_curator.get(QUEUE).content.decode()
    page = parsed(html)

    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert duplicates == set()
    # Anchors and redirects (#review-N, #suggestion-N) and labels find their element.
    assert f"suggestion-{wildfire.pk}" in page.ids
    assert f"review-{article.pk}" in page.ids
    assert set(page.labels) <= set(page.ids)


def test_the_change_forms_have_their_own_ids_too(as_curator):
    fill(suggestions=1, articles=1)
    link = InitiativeLink.objects.filter(article__status="pending").first()
    district_link = DistrictLink.objects.get(article=link.article)
    htmx = {"HX-Request": "true"}

    forms = [
        as_curator.get(f"/review/initiative-links/{link.pk}/change/", headers=htmx),
        as_curator.get(
            f"/review/district-links/{district_link.pk}/change/", headers=htmx
        ),
    ]
    queue = as_curator.get(QUEUE).content.decode()

    ids = parsed(queue + "".join(f.content.decode() for f in forms)).ids
    assert len(ids) == len(set(ids))


# --- Filters -----------------------------------------------------------------------------


def names(response) -> list[str]:
    return [i.name_ko for i in response.context["suggested"].object_list]


def test_the_suggestions_filter_by_district_kind_stage_and_text(as_curator):
    flood = suggestion(1, district="dobong", kind="disaster-environment")
    cctv = suggestion(2, district="mapo", kind="cctv-safety", stage="launched")
    Initiative.objects.filter(pk=flood.pk).update(name_ko="AI 침수 예측")
    InitiativeLink.objects.filter(initiative=flood).update(
        name_as_reported="AI 침수 예측 시스템"
    )

    assert names(as_curator.get(QUEUE, {"s-district": "mapo"})) == [cctv.name_ko]
    assert names(as_curator.get(QUEUE, {"s-kind": "disaster-environment"})) == [
        "AI 침수 예측"
    ]
    assert names(as_curator.get(QUEUE, {"s-stage": "launched"})) == [cctv.name_ko]
    assert names(as_curator.get(QUEUE, {"s-q": "침수 예측 시스템"})) == ["AI 침수 예측"]
    response = as_curator.get(QUEUE, {"s-district": "mapo", "s-stage": "pilot"})
    assert names(response) == []
    assert "이 조건에 맞는 제안된 정책이 없습니다." in response.content.decode()


def test_paging_keeps_the_filters_and_the_article_queue_keeps_its_place(as_curator):
    for n in range(12):
        suggestion(n, district="mapo")
    for n in range(3):
        suggestion(100 + n, district="dobong")

    response = as_curator.get(QUEUE, {"s-district": "mapo", "all": "1"})

    html = response.content.decode()
    assert response.context["suggested"].paginator.count == 12
    assert "15건 대기" in html  # all that wait
    assert "12건 일치" in html  # those the filters keep
    following = re.search(r'href="\?([^"]*ipage=2[^"]*)"', html).group(1)
    assert "s-district=mapo" in following and "all=1" in following
    second = as_curator.get(QUEUE + "?" + following.replace("&amp;", "&"))
    assert len(names(second)) == 2
    assert all("AI 안전 시범사업" in name for name in names(second))
    # The filter form carries the article queue's own parameters, not the old page.
    form = re.search(
        r'<form class="filter-bar" id="suggested-filters".*?</form>', html, re.S
    )
    assert '<input type="hidden" name="all" value="1">' in form.group(0)
    assert 'name="ipage"' not in form.group(0)
