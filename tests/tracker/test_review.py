"""The curators' review queue: what it lists, what each button writes (always through
tracker.curation, with a Change row), who may press them, and how it answers htmx."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from districts.models import District
from tests.factories import ArticleFactory, UserFactory
from tracker.models import (
    Article,
    Change,
    DistrictLink,
    Initiative,
    InitiativeLink,
    ReviewState,
)

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
START = datetime(2025, 3, 3, 9, tzinfo=SEOUL)
QUEUE = "/review/"


# --- Builders ------------------------------------------------------------------------


def member(group: str, username: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator():
    return member("curator", "curator-kim")


@pytest.fixture
def analyst():
    return member("analyst", "analyst-lee")


@pytest.fixture
def as_curator(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def as_analyst(client, analyst):
    client.force_login(analyst)
    return client


def pending(title: str, day: int = 0, **fields) -> Article:
    """A pending article ingested `day` days after START."""
    fields = {"scope": "district", "created_at": START + timedelta(days=day)} | fields
    return ArticleFactory(title=title, published_at=START, **fields)


def district_link(
    article, slug="gangseo", confidence=0.95, role="primary"
) -> DistrictLink:
    return DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug=slug),
        role=role,
        confidence=confidence,
        evidence="서울 강서구는 마곡동에 AI 도서관을 짓는다고 밝혔다.",
        spans=[[0, 6]],
    )


def initiative_link(
    article, slug="gangseo-ai-library", confidence=0.85
) -> InitiativeLink:
    return InitiativeLink.objects.create(
        article=article,
        initiative=Initiative.objects.get(slug=slug),
        confidence=confidence,
        evidence="구는 AI 전문 도서관을 2027년까지 짓는다.",
        spans=[[0, 10]],
        event="announced",
    )


@pytest.fixture
def story() -> Article:
    """An article about a district AI library with one district and one initiative tag."""
    article = pending(
        "강서구, 마곡에 AI 전문 도서관 짓는다",
        body="서울 강서구는 마곡동에 AI 전문 도서관을 짓는다고 밝혔다.\n\n"
        "구는 AI 전문 도서관을 2027년까지 짓는다.",
    )
    district_link(article)
    initiative_link(article)
    return article


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def last_change(obj) -> Change:
    return Change.objects.about(obj).first()


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


# --- Suggestions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "state"),
    [("confirm", ReviewState.CONFIRMED), ("reject", ReviewState.REJECTED)],
)
def test_a_curator_confirms_or_rejects_a_district_suggestion(
    as_curator, curator, story, action, state
):
    link = story.district_links.get()

    response = as_curator.post(
        reverse(f"tracker:review-district-{action}", args=[link.pk])
    )

    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.review_state, link.reviewed_by, link.is_changed) == (
        state,
        curator,
        False,
    )
    change = last_change(link)
    assert change.changes == {"review_state": ["suggested", state]}
    assert change.user == curator


@pytest.mark.parametrize(
    ("action", "state"),
    [("confirm", ReviewState.CONFIRMED), ("reject", ReviewState.REJECTED)],
)
def test_a_curator_confirms_or_rejects_an_initiative_suggestion(
    as_curator, curator, story, action, state
):
    link = story.initiative_links.get()

    as_curator.post(reverse(f"tracker:review-initiative-{action}", args=[link.pk]))

    link.refresh_from_db()
    assert (link.review_state, link.reviewed_by) == (state, curator)
    assert last_change(link).changes == {"review_state": ["suggested", state]}


def test_a_curator_changes_a_district_suggestion_to_another_district_and_role(
    as_curator, curator, story
):
    link = story.district_links.get()

    as_curator.post(
        reverse("tracker:review-district-change", args=[link.pk]),
        {"district": "geumcheon", "role": "mentioned"},
    )

    link.refresh_from_db()
    assert link.district.slug == "geumcheon"
    assert link.role == DistrictLink.Role.MENTIONED
    assert (link.review_state, link.is_changed) == (ReviewState.CONFIRMED, True)
    change = last_change(link)
    assert change.action == "link changed"
    assert change.user == curator
    assert change.changes["district"] == ["강서구", "금천구"]
    assert change.changes["role"] == ["primary", "mentioned"]


def test_a_curator_changes_an_initiative_suggestion_to_another_initiative(
    as_curator, curator, story
):
    link = story.initiative_links.get()

    as_curator.post(
        reverse("tracker:review-initiative-change", args=[link.pk]),
        {"initiative": "gangseo-ai-basic-ordinance"},
    )

    link.refresh_from_db()
    assert link.initiative.slug == "gangseo-ai-basic-ordinance"
    assert (link.review_state, link.is_changed) == (ReviewState.CONFIRMED, True)
    change = last_change(link)
    assert change.user == curator
    assert change.changes["initiative"][1] == str(link.initiative)


def test_an_unknown_district_changes_nothing(as_curator, story):
    link = story.district_links.get()

    response = as_curator.post(
        reverse("tracker:review-district-change", args=[link.pk]),
        {"district": "atlantis", "role": "primary"},
        follow=True,
    )

    link.refresh_from_db()
    assert (link.district.slug, link.review_state) == ("gangseo", "suggested")
    assert "자치구와 역할을 고르세요." in response.content.decode()


def test_confirm_all_confirms_every_open_suggestion_of_one_article(as_curator, story):
    other = pending("다른 기사")
    untouched = district_link(other, confidence=0.99)
    weak = district_link(story, slug="mapo", confidence=0.2, role="mentioned")

    as_curator.post(reverse("tracker:review-confirm-all", args=[story.pk]))

    assert set(
        DistrictLink.objects.filter(article=story).values_list(
            "review_state", flat=True
        )
    ) == {"confirmed"}
    assert story.initiative_links.get().review_state == "confirmed"
    weak.refresh_from_db()
    untouched.refresh_from_db()
    assert (weak.review_state, untouched.review_state) == ("confirmed", "suggested")


# --- Articles ------------------------------------------------------------------------


def test_a_curator_approves_an_article(as_curator, curator, story):
    as_curator.post(reverse("tracker:review-approve", args=[story.pk]))

    story.refresh_from_db()
    assert story.status == Article.Status.APPROVED
    assert (story.reviewed_relevance, story.reviewed_by) == (True, curator)
    assert last_change(story).changes["status"] == ["pending", "approved"]


def test_a_rejection_keeps_its_reason(as_curator, curator, story):
    as_curator.post(
        reverse("tracker:review-reject", args=[story.pk]),
        {"reason": "지난해 기사의 재탕"},
    )

    story.refresh_from_db()
    assert story.status == Article.Status.REJECTED
    assert story.review_reason == "지난해 기사의 재탕"
    assert story.reviewed_relevance is None
    assert last_change(story).reason == "지난해 기사의 재탕"


def test_rejecting_as_not_ai_policy_records_the_relevance_verdict(as_curator, story):
    as_curator.post(
        reverse("tracker:review-reject", args=[story.pk]),
        {"reason": "구청 음악회 안내", "not_ai_policy": "on"},
    )

    story.refresh_from_db()
    assert story.status == Article.Status.REJECTED
    assert story.reviewed_relevance is False


def test_a_rejection_without_a_reason_is_refused(as_curator, story):
    as_curator.post(reverse("tracker:review-reject", args=[story.pk]), {"reason": " "})

    story.refresh_from_db()
    assert story.status == Article.Status.PENDING
    assert not Change.objects.exists()


def test_a_curator_marks_an_article_as_a_copy_of_another(as_curator, curator, story):
    original = pending("강서구 AI 도서관 건립 발표", day=-1)

    as_curator.post(
        reverse("tracker:review-duplicate", args=[story.pk]),
        {"original": str(original.pk)},
    )

    story.refresh_from_db()
    assert story.duplicate_of == original
    assert last_change(story).user == curator
    assert story not in as_curator.get(QUEUE).context["page"].object_list


@pytest.mark.parametrize("original", ["self", "copy", "999999", "abc"])
def test_an_impossible_original_is_refused(as_curator, story, original):
    copy = pending("사본", duplicate_of=story)
    value = {"self": story.pk, "copy": copy.pk}.get(original, original)

    as_curator.post(
        reverse("tracker:review-duplicate", args=[story.pk]), {"original": value}
    )

    story.refresh_from_db()
    assert story.duplicate_of is None


# --- Bulk ----------------------------------------------------------------------------


def test_approve_selected_approves_only_the_ticked_articles(as_curator):
    a, b, c = (pending(f"구청 AI 소식 {i}", day=i) for i in range(3))

    response = as_curator.post(
        reverse("tracker:review-bulk-approve"),
        {"selected": [a.pk, c.pk], "shown": [a.pk, b.pk, c.pk], "next": QUEUE},
        follow=True,
    )

    assert list(Article.objects.order_by("pk").values_list("status", flat=True)) == [
        "approved",
        "pending",
        "approved",
    ]
    assert "기사 2건을 승인했습니다." in response.content.decode()


def test_bulk_confirm_confirms_only_suggestions_at_or_above_the_threshold(as_curator):
    article = pending("구청 AI 소식")
    high = district_link(article, confidence=0.95)
    exact = initiative_link(article, confidence=0.9)
    low = district_link(article, slug="mapo", confidence=0.89, role="mentioned")

    response = as_curator.post(
        reverse("tracker:review-bulk-confirm"),
        {"threshold": "0.9", "shown": [article.pk]},
        follow=True,
    )

    # Keyed by model too: the two tables' ids can be equal.
    states = {
        (type(link), link.pk): link.review_state
        for link in [*DistrictLink.objects.all(), *InitiativeLink.objects.all()]
    }
    assert states[DistrictLink, high.pk] == states[InitiativeLink, exact.pk]
    assert states[DistrictLink, high.pk] == "confirmed"
    assert states[DistrictLink, low.pk] == "suggested"
    assert "자치구 연결 1개와 정책 태그 1개를 확인했습니다" in response.content.decode()


def test_bulk_confirm_keeps_to_the_selected_articles_when_some_are_ticked(as_curator):
    chosen, other = pending("선택한 기사"), pending("다른 기사")
    chosen_link, other_link = district_link(chosen), district_link(other)

    as_curator.post(
        reverse("tracker:review-bulk-confirm"),
        {"threshold": "0.5", "selected": [chosen.pk], "shown": [chosen.pk, other.pk]},
    )

    chosen_link.refresh_from_db()
    other_link.refresh_from_db()
    assert (chosen_link.review_state, other_link.review_state) == (
        "confirmed",
        "suggested",
    )


@pytest.mark.parametrize("value", ["1.5", "-0.1", "높음", ""])
def test_bulk_confirm_refuses_a_threshold_outside_0_to_1(as_curator, value):
    article = pending("구청 AI 소식")
    link = district_link(article, confidence=0.99)

    as_curator.post(
        reverse("tracker:review-bulk-confirm"),
        {"threshold": value, "shown": [article.pk]},
    )

    link.refresh_from_db()
    assert link.review_state == "suggested"


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
