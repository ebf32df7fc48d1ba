"""Every article is reachable: articles outside Seoul or off the subject have a page
that says they do not count, and curators (only) correct their scope, which moves the
counts, survives re-tagging and reads in the history in words, with a link."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from districts.models import District
from tests.factories import ArticleFactory, UserFactory
from tracker import changelog, curation, scoping
from tracker.ingest import understanding
from tracker.models import Article, Change, DistrictLink, Initiative, ReviewState

pytestmark = pytest.mark.django_db


def member(role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def busan():
    """A story about Busan's 강서구 that the linker rightly kept out of Seoul."""
    return ArticleFactory(
        title="부산 강서구, AI 물류 로봇 시범",
        body="부산 강서구는 물류 단지에서 AI 로봇을 시범 운행한다고 밝혔다.",
        scope=Article.Scope.OUT_OF_SCOPE,
    )


def total(client) -> int:
    return client.get(reverse("tracker:home"), {"period": "all"}).context["overview"][
        "total"
    ]


def test_an_article_outside_seoul_has_a_page_saying_it_does_not_count(client, busan):
    response = client.get(busan.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "부산 강서구, AI 물류 로봇 시범" in html
    assert "서울 집계에서 제외" in html and "서울 밖의 지역을 다룬 기사입니다" in html
    assert "이 기사의 범위 바로잡기" not in html  # visitors see no form
    assert total(client) == 0


def test_an_off_subject_article_says_why_it_is_left_out(client):
    festival = ArticleFactory(
        title="강북구 가을 음악회", is_relevant=False, scope="district"
    )
    html = client.get(festival.get_absolute_url()).content.decode()
    assert "AI 정책 기사가 아닙니다" in html


def test_a_curator_corrects_the_scope_and_the_counts_follow(client, busan):
    curator = member("curator")
    client.force_login(curator)
    assert (
        "이 기사의 범위 바로잡기"
        in client.get(busan.get_absolute_url()).content.decode()
    )

    response = client.post(
        reverse("tracker:article-scope", args=[busan.pk]),
        {"scope": "citywide", "relevant": "yes", "reason": "서울시 사업이다"},
    )

    assert (
        response.status_code == 302 and response["Location"] == busan.get_absolute_url()
    )
    busan.refresh_from_db()
    assert (busan.scope, busan.is_relevant, busan.scope_curated) == (
        "citywide",
        True,
        True,
    )
    assert total(client) == 1
    change = Change.objects.get()
    assert (change.action, change.user, change.reason) == (
        "scope corrected",
        curator,
        "서울시 사업이다",
    )
    assert change.changes == {"scope": ["out", "citywide"]}
    page = client.get(busan.get_absolute_url()).content.decode()
    assert "서울 집계에서 제외" not in page and "큐레이터 지정" in page


def test_saving_the_same_scope_records_nothing(busan):
    assert not scoping.correct_scope(
        busan, member("curator"), scope="out", is_relevant=True
    )
    assert not Change.objects.exists()


def test_analysts_may_not_correct_a_scope_and_visitors_must_log_in(client, busan):
    url = reverse("tracker:article-scope", args=[busan.pk])
    data = {"scope": "district", "relevant": "yes"}

    assert client.post(url, data)["Location"].startswith(reverse("login"))
    client.force_login(member("analyst"))
    assert client.post(url, data).status_code == 403
    assert client.get(url).status_code == 403  # no side door through GET either
    busan.refresh_from_db()
    assert busan.scope == "out" and not Change.objects.exists()


def test_re_tagging_keeps_a_curators_scope(busan):
    scoping.correct_scope(busan, member("curator"), scope="district", is_relevant=True)

    understanding.retag(busan)

    busan.refresh_from_db()
    assert (busan.scope, busan.is_relevant) == ("district", True)


# --- the history in words ---


def test_the_history_reads_in_words_and_links_to_what_changed(client, busan):
    curator = member("curator")
    story = ArticleFactory(title="강서구 AI 도서관 개관", scope="district")
    link = DistrictLink.objects.create(
        article=story,
        district=District.objects.get(slug="gangseo"),
        role="primary",
        confidence=0.9,
    )
    curation.review(link, ReviewState.REJECTED, curator, "다른 구 이야기")
    scoping.correct_scope(busan, curator, scope="district", is_relevant=True)
    client.force_login(curator)

    html = client.get(reverse("tracker:history")).content.decode()

    assert "review_state" not in html and "district link #" not in html
    assert "검토 상태: 제안됨 → <strong>거절됨</strong>" in html
    assert "자치구 연결:</span> " in html
    assert (
        f'<a href="{story.get_absolute_url()}">강서구 AI 도서관 개관 → 강서구 (주요)</a>'
        in html
    )
    assert "범위 수정" in html and "범위: 서울 밖 → <strong>자치구</strong>" in html
    assert "다른 구 이야기" in html


def test_the_history_in_english_and_of_a_deleted_object(client):
    curator = member("curator")
    initiative = Initiative.objects.create(
        slug="to-be-merged", name_ko="지울 정책", name_en="Gone", category="safety"
    )
    curation.advance_stage(initiative, "launched", curator)
    Initiative.objects.filter(pk=initiative.pk).delete()
    [entry] = changelog.entries(changelog.with_targets(Change.objects.all()))

    assert entry.is_gone and entry.url == "" and entry.text == "지울 정책"
    with translation.override("en"):
        [entry] = changelog.entries(changelog.with_targets(Change.objects.all()))
    assert (entry.kind, entry.fields[0].label) == ("initiative", "stage")
    assert (entry.fields[0].before, entry.fields[0].after) == ("planned", "launched")


def test_the_history_page_keeps_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    curator = member("curator")
    for n in range(15):
        story = ArticleFactory(title=f"기사 {n}", scope="district")
        link = DistrictLink.objects.create(
            article=story,
            district=District.objects.get(slug="mapo"),
            role="primary",
            confidence=0.5,
        )
        curation.review(link, ReviewState.CONFIRMED, curator)
        curation.decide_article(story, Article.Status.APPROVED, curator)
    client.force_login(curator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("tracker:history"))
    assert len(response.context["entries"]) == 30
