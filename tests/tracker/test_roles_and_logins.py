"""Roles and logins: the three groups and their permissions (kept up to date for
models added later), what an analyst, an anonymous visitor and a user in no group may
reach, a curator re-running extraction, the lock-out after repeated failed logins
(however many addresses the guesser uses), history and quality for curators only
with a 403 that is a page of the site, and demo accounts for local development only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import RawDocumentFactory, SourceFactory, UserFactory
from tests.tracker.curating import member
from tracker.models import Article, Change, IngestItem, IngestRun, Initiative

pytestmark = pytest.mark.django_db


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


def test_groups_cover_models_added_after_the_roles_migration(db):
    """A migrate brings the groups up to date with roles.py (tracker.apps.sync_groups)."""
    admin = Group.objects.get(name="admin")
    curator = Group.objects.get(name="curator")

    assert admin.permissions.filter(codename="change_savedsearch").exists()
    assert admin.permissions.filter(codename="view_sourceincident").exists()
    assert curator.permissions.filter(codename="view_sourceincident").exists()
    assert not curator.permissions.filter(codename="view_savedsearch").exists()
