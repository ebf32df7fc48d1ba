"""The change history and the admin: every kind of curator change and every admin
edit (the form and its inline links) is a Change row with its user, reason and
before-and-after values; the history page lists them, in words people read, for
curators; an article edited in admin is searched by its new text; and admin's lists
of big tables never count a whole table."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.tracker.curating import link, member, tag
from tracker import curation, search
from tracker.models import Article, Change, Initiative, ReviewState

pytestmark = pytest.mark.django_db


def test_every_kind_of_curator_change_is_in_the_history():
    curator = member("curator")
    article = ArticleFactory()
    district_link = link(article)
    initiative_link = tag(article, event="launched")
    original = ArticleFactory()

    curation.review(
        district_link, ReviewState.CONFIRMED, curator, reason="기사 첫 문장"
    )
    curation.change_district_link(district_link, curator, role="mentioned")
    curation.change_initiative_link(
        initiative_link,
        curator,
        initiative=Initiative.objects.get(slug="gangseo-ai-wildfire-watch"),
    )
    curation.decide_article(
        article, Article.Status.REJECTED, curator, reason="AI 정책 아님", relevant=False
    )
    curation.mark_duplicate(article, original, curator)

    actions = list(
        Change.objects.order_by("pk").values_list("action", "user", flat=False)
    )
    assert [a for a, _ in actions] == [
        "link confirmed",
        "link changed",
        "link changed",
        "article rejected",
        "marked duplicate",
    ]
    assert all(user == curator.pk for _, user in actions)
    role_change = Change.objects.get(
        action="link changed", content_type__model="districtlink"
    )
    assert role_change.changes["role"] == ["primary", "mentioned"]
    assert Change.objects.get(action="link confirmed").reason == "기사 첫 문장"
    rejected = Change.objects.get(action="article rejected")
    assert rejected.changes["status"] == ["pending", "rejected"]
    assert rejected.changes["reviewed_relevance"] == [None, False]


def test_the_history_page_lists_changes_for_curators_only(client):
    curator = member("curator")
    curation.decide_article(
        ArticleFactory(title="강서구 AI 도서관"), Article.Status.APPROVED, curator
    )
    client.force_login(curator)
    html = client.get(reverse("tracker:history")).content.decode()
    assert "기사 승인" in html and "강서구 AI 도서관" in html
    client.logout()
    assert client.get(reverse("tracker:history")).status_code == 302


def test_admin_edits_are_recorded_too(client):
    admin_user = member("admin", is_staff=True)
    client.force_login(admin_user)
    initiative = Initiative.objects.get(slug="gangseo-ai-library")
    url = reverse("admin:tracker_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        name_ko="강서구 AI 도서관 (수정)",
        districts=[d.pk for d in initiative.districts.all()],
        partners=[],
        match_terms='["AI 도서관"]',
        first_seen="",
        last_seen="",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = Change.objects.get(action="edited in admin")
    assert change.changes["name_ko"] == [
        "강서구 AI 전문 도서관",
        "강서구 AI 도서관 (수정)",
    ]


def admin_form_data(client, article) -> tuple[str, dict]:
    """The article's admin page and its form's fields as they stand, to post."""
    url = reverse("admin:tracker_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("raw", "duplicate_of")
    }
    data.update(
        raw=article.raw_id,
        duplicate_of="",
        published_at_0="",
        published_at_1="",
        captions="[]",
    )
    return url, data


def test_admin_inline_edits_of_links_are_recorded(client):
    admin_user = member("admin", is_staff=True)
    article = ArticleFactory()
    district_link = link(article, slug="guro", role="mentioned")
    client.force_login(admin_user)
    url, data = admin_form_data(client, article)
    data.update(
        {
            "district_links-TOTAL_FORMS": "1",
            "district_links-INITIAL_FORMS": "1",
            "district_links-0-id": district_link.pk,
            "district_links-0-article": article.pk,
            "district_links-0-district": district_link.district_id,
            "district_links-0-role": "primary",
            "district_links-0-review_state": "confirmed",
            "initiative_links-TOTAL_FORMS": "0",
            "initiative_links-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    district_link.refresh_from_db()
    assert (
        district_link.role,
        district_link.is_changed,
        district_link.reviewed_by,
    ) == ("primary", True, admin_user)
    change = Change.objects.get(
        action="edited in admin", content_type__model="districtlink"
    )
    assert change.changes["role"] == ["mentioned", "primary"]


def test_an_article_edited_in_admin_is_searched_by_its_new_text(client):
    article = ArticleFactory(title="구청 소식", body="구는 주민 설명회를 열었다.")
    client.force_login(member("admin", is_staff=True))
    url, data = admin_form_data(client, article)
    data.update(
        title="금천구청장, 주민과 간담회",
        **{
            f"{name}-{count}": "0"
            for name in ("district_links", "initiative_links")
            for count in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.search_title, article.search_grams) == (
        "금천 천구 구청 청장 주민 민과 간담 담회",
        search.grams("금천구청장, 주민과 간담회", article.body),
    )
    assert "구청장" in article.search_grams.split()
    assert list(Article.objects.search("금천구청장")) == [article]


def test_admin_lists_of_big_tables_render_without_a_full_count(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        ArticleFactory()
    client.force_login(member("admin", is_staff=True))
    for name in ("article", "districtlink", "rawdocument", "ingestitem", "change"):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse(f"admin:tracker_{name}_changelist")).status_code
                == 200
            )
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        # Every count is over a LIMIT-ed subquery: never the whole table.
        assert all("LIMIT" in sql.upper() for sql in counts), counts


def test_history_shows_actions_in_words_people_read(client):
    curator = member("curator")
    curation.decide_article(ArticleFactory(), Article.Status.APPROVED, curator)
    client.force_login(curator)
    html = client.get(reverse("tracker:history")).content.decode()
    assert "기사 승인" in html


def test_the_korean_admin_names_every_model_and_action_in_korean(client):
    curation.decide_article(
        ArticleFactory(title="강서구 AI 도서관"),
        Article.Status.APPROVED,
        member("curator"),
    )
    client.force_login(member("admin", is_staff=True))

    index = client.get(reverse("admin:index")).content.decode()
    changes = client.get(reverse("admin:tracker_change_changelist")).content.decode()
    searches = client.get(reverse("admin:tracker_savedsearch_add")).content.decode()

    for name in ("저장한 검색", "보낸 알림", "출처 장애"):
        assert name in index
    assert "searchs" not in index
    assert "기사 승인" in changes and "article approved" not in changes
    for label in ("받는 방식", "메일 받기"):
        assert label in searches


def test_an_articles_initiative_tags_are_stacked_and_its_district_links_a_table(
    client,
):
    article = ArticleFactory(title="강서구 AI 도서관")
    tag(article)
    client.force_login(member("admin", is_staff=True))

    html = client.get(
        reverse("admin:tracker_article_change", args=[article.pk])
    ).content.decode()

    # Seven columns of tags beside the admin's menu ran off a 1280-pixel screen.
    tags = html[html.index('id="initiative_links-group"') :]
    assert 'data-inline-type="stacked"' in tags[:400]
    districts = html[html.index('id="district_links-group"') :]
    assert 'data-inline-type="tabular"' in districts[:400]
