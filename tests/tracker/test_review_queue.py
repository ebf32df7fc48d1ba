"""The curators' review queue as they find it: what it lists (pending, relevant
originals, oldest first), the suggestions each item shows with their evidence and
forms, who may open it and press its buttons (analysts and visitors change nothing),
and how it answers htmx and plain forms. What each button writes is in
test_review_decisions.py; the builders are in tests/tracker/reviewing.py and the
`curator`, `as_curator` and `story` fixtures in tests/tracker/conftest.py."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.tracker.browsing import titles
from tests.tracker.reviewing import (
    QUEUE,
    district_link,
    initiative_link,
    member,
    pending,
)
from tracker.models import Article, Change, DistrictLink, InitiativeLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return member("analyst", "analyst-lee")


@pytest.fixture
def as_analyst(client, analyst):
    client.force_login(analyst)
    return client


# --- The queue -----------------------------------------------------------------------


def test_the_queue_lists_pending_relevant_originals_oldest_first(as_curator):
    pending("셋째 날 들어온 기사", day=2)
    first = pending("첫날 들어온 기사", day=0)
    pending("둘째 날 들어온 기사", day=1)
    pending("승인된 기사", status=Article.Status.APPROVED)
    pending("거절된 기사", status=Article.Status.REJECTED)
    pending("축제 소식", is_relevant=False)
    pending("부산 AI 소식", scope=Article.Scope.OUT_OF_SCOPE)
    pending("같은 기사 사본", duplicate_of=first)

    response = as_curator.get(QUEUE)

    assert response.status_code == 200
    assert titles(response) == [
        "첫날 들어온 기사",
        "둘째 날 들어온 기사",
        "셋째 날 들어온 기사",
    ]


def test_the_queue_can_also_show_articles_judged_not_relevant(as_curator):
    pending("AI 행정 소식", day=0)
    pending("축제 소식", day=1, is_relevant=False)

    response = as_curator.get(QUEUE, {"all": "1"})

    assert titles(response) == ["AI 행정 소식", "축제 소식"]


def test_each_item_shows_its_suggestions_with_evidence_and_confidence(
    as_curator, story
):
    page = as_curator.get(QUEUE).content.decode()

    assert "강서구" in page
    assert "서울 강서구는 마곡동에 AI 도서관을 짓는다고 밝혔다." in page
    assert "구는 AI 전문 도서관을 2027년까지 짓는다." in page
    assert "0.95" in page and "0.85" in page
    district = story.district_links.get().pk
    initiative = story.initiative_links.first().pk
    for name, pk in (
        ("review-district-confirm", district),
        ("review-district-reject", district),
        ("review-initiative-confirm", initiative),
        ("review-initiative-reject", initiative),
    ):
        assert f'formaction="{reverse(f"tracker:{name}", args=[pk])}"' in page, name
    # The Change forms are links: review.js fetches them into the item when opened.
    for name, pk in (
        ("review-district-change", district),
        ("review-initiative-change", initiative),
    ):
        url = f"{reverse(f'tracker:{name}', args=[pk])}?next=/review/"
        assert f'<a href="{url}">' in page, name


def test_every_post_form_on_the_queue_carries_a_csrf_token(as_curator, story):
    page = as_curator.get(QUEUE).content.decode()

    forms = re.findall(r"<form[^>]*>.*?</form>", page, flags=re.S)
    posts = [f for f in forms if 'method="post"' in f]
    assert len(posts) > 3
    assert all("csrfmiddlewaretoken" in form for form in posts)
    # Buttons and boxes outside a form belong to one that has the token.
    owners = set(re.findall(r'<(?:button|input)[^>]* form="([^"]+)"', page))
    assert owners == {"review-bulk", f"review-{story.pk}-form"}
    for owner in owners:
        form = next(f for f in posts if f'id="{owner}"' in f)
        assert "csrfmiddlewaretoken" in form


def test_a_post_without_the_csrf_token_is_refused(curator, story):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)

    response = client.post(reverse("tracker:review-approve", args=[story.pk]))

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.status == Article.Status.PENDING


def test_the_queue_page_uses_the_same_number_of_queries_for_3_or_20_items(
    as_curator, django_assert_max_num_queries
):
    def fill(n):
        for i in range(n):
            article = pending(f"구청 AI 소식 {i}", day=i)
            district_link(article)
            initiative_link(article)

    fill(3)
    with django_assert_max_num_queries(12) as small:
        as_curator.get(QUEUE)
    fill(17)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = as_curator.get(QUEUE)
    assert len(titles(response)) == 20


# --- Who may do what -----------------------------------------------------------------


def every_write(story) -> list[tuple[str, dict]]:
    district = story.district_links.get().pk
    initiative = story.initiative_links.get().pk
    return [
        (reverse("tracker:review-district-confirm", args=[district]), {}),
        (reverse("tracker:review-district-reject", args=[district]), {}),
        (
            reverse("tracker:review-district-change", args=[district]),
            {"district": "mapo", "role": "mentioned"},
        ),
        (reverse("tracker:review-initiative-confirm", args=[initiative]), {}),
        (reverse("tracker:review-initiative-reject", args=[initiative]), {}),
        (
            reverse("tracker:review-initiative-change", args=[initiative]),
            {"initiative": "gangseo-ai-basic-ordinance"},
        ),
        (reverse("tracker:review-confirm-all", args=[story.pk]), {}),
        (reverse("tracker:review-approve", args=[story.pk]), {}),
        (reverse("tracker:review-reject", args=[story.pk]), {"reason": "위조"}),
        (reverse("tracker:review-duplicate", args=[story.pk]), {"original": "1"}),
        (reverse("tracker:review-bulk-approve"), {"selected": [story.pk]}),
        (
            reverse("tracker:review-bulk-confirm"),
            {"threshold": "0", "shown": [story.pk]},
        ),
    ]


def snapshot(story) -> tuple:
    return (
        tuple(Article.objects.values_list("status", "duplicate_of", "reviewed_by")),
        tuple(DistrictLink.objects.values_list("district", "role", "review_state")),
        tuple(InitiativeLink.objects.values_list("initiative", "review_state")),
        Change.objects.count(),
    )


def test_an_analyst_cannot_open_the_queue(as_analyst):
    assert as_analyst.get(QUEUE).status_code == 403


def test_an_analysts_forged_posts_are_refused_and_change_nothing(as_analyst, story):
    pending("다른 원본 기사", day=-1)
    before = snapshot(story)

    statuses = [
        as_analyst.post(url, data).status_code for url, data in every_write(story)
    ]

    assert statuses == [403] * len(statuses)
    assert snapshot(story) == before


def test_an_anonymous_visitor_is_sent_to_log_in(client, story):
    before = snapshot(story)

    responses = [client.get(QUEUE)] + [
        client.post(url, data) for url, data in every_write(story)
    ]

    assert {r.status_code for r in responses} == {302}
    assert all(r.url.startswith(reverse("login")) for r in responses)
    assert snapshot(story) == before


def test_writes_refuse_get(as_curator, story):
    response = as_curator.get(reverse("tracker:review-approve", args=[story.pk]))

    assert response.status_code == 405


# --- htmx and plain forms ------------------------------------------------------------


def test_an_htmx_post_answers_with_the_item_fragment_only(as_curator, story):
    link = story.district_links.get()

    response = as_curator.post(
        reverse("tracker:review-district-confirm", args=[link.pk]),
        {"next": "/review/?page=1"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith(f'<li class="review-item" id="review-{story.pk}"')
    assert 'value="/review/?page=1"' in html  # the forms still lead back there
    assert reverse("tracker:review-district-confirm", args=[link.pk]) not in html


def test_an_htmx_approval_answers_with_the_decided_item(as_curator, story):
    response = as_curator.post(
        reverse("tracker:review-approve", args=[story.pk]),
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "data-decided" in html
    assert "<html" not in html


def test_an_htmx_error_is_shown_inside_the_item(as_curator, story):
    response = as_curator.post(
        reverse("tracker:review-reject", args=[story.pk]),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_a_plain_post_redirects_back_to_the_same_queue_page(as_curator, story):
    link = story.district_links.get()

    response = as_curator.post(
        reverse("tracker:review-district-reject", args=[link.pk]),
        {"next": "/review/?all=1&page=2"},
    )

    assert response.status_code == 302
    assert response.url == f"/review/?all=1&page=2#review-{story.pk}"


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/review/", "/articles/", "//evil.example/"]
)
def test_a_redirect_never_leaves_the_queue(as_curator, story, next_url):
    response = as_curator.post(
        reverse("tracker:review-approve", args=[story.pk]), {"next": next_url}
    )

    assert response.url == f"/review/#review-{story.pk}"
