"""Source health: figures per feed and upload channel, failing and silent sources
flagged, one e-mail to their admins per episode, and only curators see the page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from tests.factories import (
    IngestItemFactory,
    IngestRunFactory,
    SourceFactory,
    StaffFactory,
    UserFactory,
)
from tracker import health
from tracker.ingest.sources import record_failure
from tracker.models import IngestItem, IngestRun, SourceIncident
from tracker.tasks import check_sources_task

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 30, 12, tzinfo=UTC)


def deliver(source, when, status=IngestItem.Status.CREATED, *, origin=None, error=""):
    """One finished item of a feed (or of an upload channel when source is None)."""
    run = IngestRunFactory(
        origin=origin or IngestRun.Origin.FEED, source=source, created_at=when
    )
    return IngestItemFactory(run=run, status=status, finished_at=when, error=error)


@pytest.fixture
def admins(db):
    """Who should hear of trouble (a superuser, the admin group) and who should not."""
    boss = UserFactory(username="boss", email="boss@example.org", is_superuser=True)
    keeper = UserFactory(username="keeper", email="keeper@example.org")
    keeper.groups.add(Group.objects.get(name="admin"))
    curator = UserFactory(username="cur", email="cur@example.org")
    curator.groups.add(Group.objects.get(name="curator"))
    UserFactory(username="noaddress", email="", is_superuser=True)
    return [boss, keeper]


@pytest.fixture
def daily_feed(db):
    """A feed that delivered every day for two weeks, until eight days ago."""
    source = SourceFactory(name="매일 구정 소식", last_success_at=NOW)
    for days_ago in range(21, 7, -1):
        deliver(source, NOW - timedelta(days=days_ago))
    return source


def row_for(key):
    return next(r for r in health.source_health(NOW) if r.key == key)


def test_figures_per_feed_weekly_counts_last_article_and_usual_gap(daily_feed):
    row = row_for(f"feed:{daily_feed.pk}")

    assert row.last_article_at == NOW - timedelta(days=8)
    assert row.usual_gap == timedelta(days=1)
    assert sum(row.weekly) == 14
    assert row.weekly[-1] == 0  # nothing this week
    assert row.per_week == pytest.approx(14 / health.WEEKS)
    assert row.sparkline.count(",") == health.WEEKS


def test_a_feed_silent_longer_than_its_usual_gap_is_flagged(daily_feed):
    row = row_for(f"feed:{daily_feed.pk}")

    assert row.problem == "silent"
    assert "8.0" in row.detail


def test_a_feed_delivering_as_usual_is_not_flagged(daily_feed):
    deliver(daily_feed, NOW - timedelta(hours=20))

    assert row_for(f"feed:{daily_feed.pk}").problem == ""


def test_a_feed_with_too_little_history_is_never_called_silent(db):
    source = SourceFactory()
    deliver(source, NOW - timedelta(days=60))

    assert row_for(f"feed:{source.pk}").problem == ""


def test_a_feed_failing_polls_in_a_row_is_flagged(db, settings):
    source = SourceFactory(name="끊긴 피드")
    for _ in range(health.FAILURE_STREAK):
        record_failure(source, "HTTP 503")

    row = row_for(f"feed:{source.pk}")

    assert row.failure_streak == health.FAILURE_STREAK
    assert row.problem == "failing"
    assert "HTTP 503" in row.detail


def test_a_feed_an_admin_paused_is_not_flagged(daily_feed):
    daily_feed.is_active = False
    daily_feed.save()

    assert row_for(f"feed:{daily_feed.pk}").problem == ""


def test_an_upload_channel_whose_last_items_all_failed_is_flagged(db):
    upload = IngestRun.Origin.UPLOAD
    deliver(None, NOW - timedelta(days=3), origin=upload)
    for hours in (3, 2, 1):
        deliver(
            None,
            NOW - timedelta(hours=hours),
            IngestItem.Status.FAILED,
            origin=upload,
            error="본문을 찾지 못했습니다",
        )

    row = row_for("upload:upload")

    assert row.failure_streak == 3
    assert row.problem == "failing"
    assert row.last_success_at == NOW - timedelta(days=3)
    assert row_for("upload:urls").problem == ""  # another channel, untouched


def test_a_flagged_source_emails_its_admins_once_per_episode(daily_feed, admins):
    health.check_sources(NOW)
    health.check_sources(NOW + timedelta(minutes=15))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["boss@example.org", "keeper@example.org"]
    assert "매일 구정 소식" in message.subject
    assert "소식 끊김" in message.subject
    assert "/ingest/health/" in message.body
    [incident] = SourceIncident.objects.all()
    assert (incident.kind, incident.ended_at) == ("silent", None)
    assert incident.notified_at == NOW


def test_recovery_closes_the_episode_and_the_next_trouble_is_a_new_one(
    daily_feed, admins
):
    health.check_sources(NOW)
    deliver(daily_feed, NOW + timedelta(hours=1))
    health.check_sources(NOW + timedelta(hours=2))
    for _ in range(health.FAILURE_STREAK):
        record_failure(daily_feed, "연결 시간 초과")
    health.check_sources(NOW + timedelta(hours=3))

    first, second = SourceIncident.objects.order_by("started_at")
    assert first.ended_at == NOW + timedelta(hours=2)
    assert (second.kind, second.ended_at) == ("failing", None)
    assert len(mail.outbox) == 2


def test_a_feed_silent_for_months_stays_flagged_until_it_delivers(daily_feed, admins):
    health.check_sources(NOW)
    # Long enough that its deliveries fall out of the weeks the usual gap is read on.
    later = NOW + timedelta(weeks=health.WEEKS)
    health.check_sources(later)

    [incident] = SourceIncident.objects.all()
    assert incident.ended_at is None
    assert len(mail.outbox) == 1

    deliver(daily_feed, later + timedelta(hours=1))
    health.check_sources(later + timedelta(hours=2))
    incident.refresh_from_db()
    assert incident.ended_at == later + timedelta(hours=2)


def test_the_beat_task_opens_incidents_and_says_how_many(daily_feed, admins):
    for _ in range(health.FAILURE_STREAK):
        record_failure(daily_feed, "HTTP 500")

    assert check_sources_task() == 1
    assert check_sources_task() == 0
    assert len(mail.outbox) == 1


# --- the page ---


def test_curators_see_each_source_with_its_state_and_sparkline(client, daily_feed):
    client.force_login(StaffFactory())

    html = client.get("/ingest/health/").content.decode()

    assert "매일 구정 소식" in html
    assert "<polyline" in html and "<svg" in html
    assert "업로드" in html  # the upload channels have rows too
    assert "<script" not in html.split("<main", 1)[1]


def test_the_page_flags_a_failing_source(client, admins):
    source = SourceFactory(name="고장 난 피드")
    for _ in range(health.FAILURE_STREAK):
        record_failure(source, "HTTP 404")
    client.force_login(StaffFactory())

    html = client.get("/ingest/health/").content.decode()

    row = html.split("고장 난 피드", 1)[1].split("</tr>", 1)[0]
    assert "실패 중" in row
    assert "HTTP 404" in row


def test_analysts_and_anonymous_visitors_may_not_see_the_page(client):
    assert client.get("/ingest/health/").status_code == 302
    analyst = UserFactory()
    analyst.groups.add(Group.objects.get(name="analyst"))
    client.force_login(analyst)
    assert client.get("/ingest/health/").status_code == 403
