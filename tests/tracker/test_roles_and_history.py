"""Roles, login rules, lock-out, the change history and the quality figures."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from districts.models import District
from tests.factories import (
    ArticleFactory,
    RawDocumentFactory,
    SourceFactory,
    UserFactory,
)
from tracker import curation, initiative_curation, quality, search
from tracker.models import (
    Article,
    Change,
    DistrictLink,
    IngestItem,
    IngestRun,
    Initiative,
    InitiativeLink,
    ReviewState,
)

pytestmark = pytest.mark.django_db


def member(role: str, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def link(article, slug="gangseo", confidence=0.9, role="primary"):
    return DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug=slug),
        role=role,
        confidence=confidence,
        evidence="근거 문장.",
    )


def tag(article, slug="gangseo-ai-library", confidence=0.8, event=""):
    return InitiativeLink.objects.create(
        article=article,
        initiative=Initiative.objects.get(slug=slug),
        confidence=confidence,
        evidence="근거 문장.",
        event=event,
    )


def test_the_three_groups_exist_with_their_permissions():
    analyst = member("analyst")
    curator = member("curator")
    admin = member("admin")
    assert analyst.has_perm("tracker.view_article") and not analyst.has_perm(
        "tracker.change_article"
    )
    assert curator.has_perm("tracker.change_districtlink") and curator.has_perm(
        "tracker.change_initiative"
    )
    assert not curator.has_perm("auth.add_user") and not curator.has_perm(
        "tracker.change_source"
    )
    assert admin.has_perm("auth.add_user") and admin.has_perm("tracker.change_source")


def forged_posts():
    initiative = Initiative.objects.get(slug="gangseo-ai-library")
    run = IngestRun.objects.create(origin="upload")
    source = SourceFactory(is_active=False)
    return [
        reverse("tracker:initiative-merge", args=[initiative.slug]),
        reverse("tracker:run-reextract", args=[run.pk]),
        reverse("tracker:source-enable", args=[source.pk]),
        reverse("tracker:upload"),
        reverse("tracker:add-urls"),
    ]


def test_an_analyst_cannot_change_anything(client):
    client.force_login(member("analyst"))
    changes_before = Change.objects.count()
    for url in forged_posts():
        response = client.post(
            url,
            {"target": "gangseo-ai-wildfire-watch", "urls": "https://example.org/a"},
        )
        assert response.status_code == 403, url
    assert Initiative.objects.filter(slug="gangseo-ai-library").exists()
    assert Change.objects.count() == changes_before
    assert client.get(reverse("admin:index")).status_code == 302  # not staff: no admin


def test_anonymous_visitors_read_the_dashboard_and_export_by_default(client):
    assert client.get(reverse("tracker:home")).status_code == 200
    assert client.get(reverse("tracker:article-export")).status_code == 200
    assert (
        client.post(
            forged_posts()[0], {"target": "gangseo-ai-wildfire-watch"}
        ).status_code
        == 302
    )


def test_require_login_shows_nothing_but_the_login_page(client, settings):
    settings.REQUIRE_LOGIN = True
    for url in (
        reverse("tracker:home"),
        reverse("tracker:article-list"),
        reverse("tracker:article-export"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200

    client.force_login(UserFactory())  # a user in no group
    assert client.get(reverse("tracker:home")).status_code == 403
    client.force_login(member("analyst"))
    assert client.get(reverse("tracker:home")).status_code == 200


def test_repeated_failed_logins_lock_the_account(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="curator-kim", password="맞는-비밀번호-42")
    for _ in range(3):
        client.post(reverse("login"), {"username": "curator-kim", "password": "틀림"})
    response = client.post(
        reverse("login"), {"username": "curator-kim", "password": "맞는-비밀번호-42"}
    )

    assert response.status_code == 200
    assert "로그인 실패가 너무 많습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_before_the_limit_works(client):
    UserFactory(username="curator-lee", password="맞는-비밀번호-42")
    client.post(reverse("login"), {"username": "curator-lee", "password": "틀림"})
    response = client.post(
        reverse("login"), {"username": "curator-lee", "password": "맞는-비밀번호-42"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


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


def test_merging_two_initiatives_moves_every_link_and_keeps_decisions(client):
    curator = member("curator")
    source = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    target = Initiative.objects.get(slug="gangseo-ai-library")
    only_source = tag(ArticleFactory(), source.slug)
    shared = ArticleFactory()
    confirmed = tag(shared, source.slug)
    curation.review(confirmed, ReviewState.CONFIRMED, curator)
    tag(shared, target.slug)  # an open suggestion on the same article
    client.force_login(curator)

    response = client.post(
        reverse("tracker:initiative-merge", args=[source.slug]),
        {"target": target.slug, "reason": "같은 사업"},
    )

    assert response.status_code == 302 and response.url == target.get_absolute_url()
    assert not Initiative.objects.filter(pk=source.pk).exists()
    assert InitiativeLink.objects.get(pk=only_source.pk).initiative == target
    kept = InitiativeLink.objects.get(article=shared)
    assert (kept.pk, kept.review_state) == (confirmed.pk, ReviewState.CONFIRMED)
    target.refresh_from_db()
    assert set(source.match_terms) <= set(target.match_terms)
    merge = Change.objects.get(action="initiatives merged")
    assert merge.reason == "같은 사업" and merge.user == curator


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


def test_the_initiative_page_shows_when_a_curator_last_verified_it(
    client, django_capture_on_commit_callbacks
):
    curator = member("curator")
    link_ = tag(ArticleFactory(), "gangseo-ai-library")
    html = client.get(
        reverse("tracker:initiative-detail", args=["gangseo-ai-library"])
    ).content.decode()
    assert "not yet" in html or "아직" in html
    # Committed, so the figures' version moves on and the page is not the cached one.
    with django_capture_on_commit_callbacks(execute=True):
        curation.review(link_, ReviewState.CONFIRMED, curator)
    link_.refresh_from_db()
    html = client.get(
        reverse("tracker:initiative-detail", args=["gangseo-ai-library"])
    ).content.decode()
    assert (
        link_.reviewed_at.astimezone().strftime("%Y-%m-%d") in html
        or f"{link_.reviewed_at:%Y-%m-%d}" in html
    )


def test_quality_figures_match_the_decisions_made():
    curator = member("curator")
    articles = [ArticleFactory() for _ in range(5)]
    high = [link(articles[i], confidence=0.97) for i in range(3)]
    low = [link(articles[i], slug="guro", confidence=0.4) for i in range(3, 5)]
    curation.review(high[0], ReviewState.CONFIRMED, curator)
    curation.review(high[1], ReviewState.CONFIRMED, curator)
    curation.change_district_link(high[2], curator, role="mentioned")
    curation.review(low[0], ReviewState.REJECTED, curator)
    link(ArticleFactory(), confidence=0.6)  # never reviewed: not counted
    curation.decide_article(articles[0], Article.Status.APPROVED, curator)
    curation.decide_article(
        articles[1], Article.Status.REJECTED, curator, relevant=False
    )

    figures = quality.summary()
    bands = {row["label"]: row for row in figures["districts"]["bands"]}
    assert bands["0.95–1.00"]["total"] == 3
    assert (bands["0.95–1.00"]["confirmed"], bands["0.95–1.00"]["changed"]) == (2, 1)
    assert bands["0.95–1.00"]["confirmed_share"] == pytest.approx(2 / 3)
    assert (bands["0.00–0.50"]["rejected"], bands["0.00–0.50"]["total"]) == (1, 1)
    assert sum(row["total"] for row in figures["districts"]["months"]) == 4
    relevance = figures["relevance"]["bands"]
    assert sum(row["confirmed"] for row in relevance) == 1
    assert sum(row["rejected"] for row in relevance) == 1


def test_the_quality_page_shows_the_figures(client):
    curator = member("curator")
    curation.review(
        link(ArticleFactory(), confidence=0.9), ReviewState.REJECTED, curator
    )
    client.force_login(curator)
    html = client.get(reverse("tracker:quality")).content.decode()
    assert "0.85–0.95" in html and "100%" in html


def test_a_curator_can_rerun_extraction_for_a_runs_failed_documents(
    client, django_capture_on_commit_callbacks
):
    raw = RawDocumentFactory(
        content="서울 강서구는 AI 도서관을 연다고 밝혔다.\n\n구는 내년에 문을 연다.".encode()
    )
    run = IngestRun.objects.create(origin="upload")
    IngestItem.objects.create(
        run=run, kind="file", locator="a.txt", raw=raw, status="failed", error="옛 규칙"
    )
    client.force_login(member("curator"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracker:run-reextract", args=[run.pk]))

    again = IngestRun.objects.exclude(pk=run.pk).get()
    assert response.url == again.get_absolute_url()
    assert again.items.get().status == "created"
    assert Article.objects.filter(raw=raw).exists()


def test_demo_accounts_exist_only_in_debug_on_sqlite(settings):
    from django.core.management import CommandError, call_command
    from django.db import connection

    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development only"):
        call_command("create_demo_users")
    settings.DEBUG = True
    if connection.vendor != "sqlite":  # CI's PostgreSQL: known passwords stay out
        with pytest.raises(CommandError, match="local development only"):
            call_command("create_demo_users")
        return
    call_command("create_demo_users")
    curator = Group.objects.get(name="curator").user_set.get()
    assert (
        curator.username == "curator"
        and curator.is_staff
        and curator.check_password("demo-curator-pw")
    )
    assert curator.has_perm("tracker.change_districtlink") and not curator.is_superuser


def test_a_guesser_changing_addresses_is_locked_out_too(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    UserFactory(username="curator-park", password="맞는-비밀번호-42")
    for n in range(8):  # 2 per address, 4 addresses: never twice from the same place
        client.post(
            reverse("login"),
            {"username": "curator-park", "password": "틀림"},
            REMOTE_ADDR=f"203.0.113.{n // 2}",
        )
    response = client.post(
        reverse("login"),
        {"username": "curator-park", "password": "맞는-비밀번호-42"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert "_auth_user_id" not in client.session
    assert "로그인 실패가 너무 많습니다" in response.content.decode()


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


def test_choosing_the_same_initiative_is_a_plain_confirmation():
    curator = member("curator")
    tagged = tag(ArticleFactory(), "gangseo-ai-library")
    curation.change_initiative_link(tagged, curator, initiative=tagged.initiative)
    tagged.refresh_from_db()
    assert (tagged.review_state, tagged.is_changed) == (ReviewState.CONFIRMED, False)


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


def test_merging_keeps_an_open_suggestion_over_a_rejected_one():
    curator = member("curator")
    source = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    target = Initiative.objects.get(slug="gangseo-ai-library")
    article = ArticleFactory()
    open_one = tag(article, source.slug)
    rejected = tag(article, target.slug)
    curation.review(rejected, ReviewState.REJECTED, curator)

    initiative_curation.merge_initiatives(source, target, curator)

    kept = InitiativeLink.objects.get(article=article)
    assert (kept.pk, kept.initiative, kept.review_state) == (
        open_one.pk,
        target,
        ReviewState.SUGGESTED,
    )


def test_history_and_quality_are_for_curators_and_403_is_a_site_page(client):
    client.force_login(member("analyst"))
    for name in ("tracker:history", "tracker:quality"):
        response = client.get(reverse(name))
        assert response.status_code == 403
    assert (
        "허용되지 않습니다" in response.content.decode()
        or "Not allowed" in response.content.decode()
    )
    client.force_login(member("curator"))
    assert client.get(reverse("tracker:history")).status_code == 200


def test_history_shows_actions_in_words_people_read(client):
    curator = member("curator")
    curation.decide_article(ArticleFactory(), Article.Status.APPROVED, curator)
    client.force_login(curator)
    html = client.get(reverse("tracker:history")).content.decode()
    assert "기사 승인" in html


def test_a_merged_initiatives_old_address_leads_to_where_it_went(client):
    curator = member("curator")
    first = Initiative.objects.get(slug="gangseo-ai-wildfire-watch")
    second = Initiative.objects.get(slug="gangseo-ai-library")
    third = Initiative.objects.get(slug="gangseo-smart-health-check")
    initiative_curation.merge_initiatives(first, second, curator)
    initiative_curation.merge_initiatives(second, third, curator)

    for old in ("gangseo-ai-wildfire-watch", "gangseo-ai-library"):
        response = client.get(reverse("tracker:initiative-detail", args=[old]))
        assert response.status_code == 301 and response.url == third.get_absolute_url()
    assert (
        client.get(
            reverse("tracker:initiative-detail", args=["never-existed"])
        ).status_code
        == 404
    )


def test_groups_cover_models_added_after_the_roles_migration(db):
    """A migrate brings the groups up to date with roles.py (tracker.apps.sync_groups)."""
    admin = Group.objects.get(name="admin")
    curator = Group.objects.get(name="curator")

    assert admin.permissions.filter(codename="change_savedsearch").exists()
    assert admin.permissions.filter(codename="view_sourceincident").exists()
    assert curator.permissions.filter(codename="view_sourceincident").exists()
    assert not curator.permissions.filter(codename="view_savedsearch").exists()
