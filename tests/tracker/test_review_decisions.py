"""What each of the review queue's buttons writes, always through tracker.curation
with a Change row: confirming, rejecting and changing district and initiative
suggestions, approving, rejecting and marking articles as copies, and the bulk
approvals and confirmations above a threshold; impossible choices change nothing.
The queue's listing, permissions and htmx answers are in test_review_queue.py; the
builders are in tests/tracker/reviewing.py and the `curator`, `as_curator` and
`story` fixtures in tests/tracker/conftest.py."""

import pytest
from django.urls import reverse

from tests.tracker.reviewing import (
    QUEUE,
    district_link,
    initiative_link,
    last_change,
    pending,
)
from tracker.models import (
    Article,
    Change,
    DistrictLink,
    InitiativeLink,
    ReviewState,
)

pytestmark = pytest.mark.django_db


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


def test_deciding_in_place_updates_the_queues_count(as_curator, story):
    pending("다른 기사", day=1)
    assert (
        "검토 대기 기사 2건"
        in as_curator.get(reverse("tracker:review-queue")).content.decode()
    )

    response = as_curator.post(
        reverse("tracker:review-approve", args=[story.pk]),
        {"next": reverse("tracker:review-queue")},
        headers={"HX-Request": "true"},
    )

    assert '<small id="queue-count" hx-swap-oob="true">검토 대기 기사 1건</small>' in (
        response.content.decode()
    )


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
