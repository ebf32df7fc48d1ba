"""Source health: is each feed and upload channel still delivering?

    items finished in the last 12 weeks -> per source: last success, failure streak,
    articles per week, usual gap -> flagged (failing or silent) -> incidents opened
    and closed -> its admins get one e-mail when an incident opens

A feed is a Source row; uploads, pasted URLs and the command line are channels
without one, keyed by their run origin. A feed is *failing* after FAILURE_STREAK
polls or items failed in a row, *silent* when no new article came for longer than
SILENCE_FACTOR times its usual gap (the 90th-percentile gap between deliveries in
the window; a weekend is usual, a month is not). Channels people feed by hand are
never silent, only failing. An incident is one episode: opened once, e-mailed once,
closed when the source delivers again.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tracker.models import IngestItem, IngestRun, Source, SourceIncident

WEEKS = 12
FAILURE_STREAK = 3
SILENCE_FACTOR = 2
MIN_SILENCE = timedelta(days=1)
MIN_DELIVERIES = 4  # fewer and there is no usual gap to judge by
CHANNELS = [IngestRun.Origin.UPLOAD, IngestRun.Origin.URLS, IngestRun.Origin.COMMAND]
SPARK_WIDTH, SPARK_HEIGHT = 96, 20
Status = IngestItem.Status


@dataclass
class Health:
    key: str  # "feed:<id>" or "upload:<origin>"
    label: str
    source: Source | None = None
    is_active: bool = True
    last_success_at: datetime | None = None
    last_article_at: datetime | None = None
    failure_streak: int = 0
    last_error: str = ""
    weekly: list[int] = field(default_factory=lambda: [0] * WEEKS)  # oldest first
    usual_gap: timedelta | None = None
    problem: str = ""  # a SourceIncident.Kind value, or ""
    detail: str = ""

    @property
    def per_week(self) -> float:
        return sum(self.weekly) / WEEKS

    @property
    def sparkline(self) -> str:
        """SVG polyline points for the weekly counts, scaled to the tallest week."""
        top = max(self.weekly) or 1
        step = SPARK_WIDTH / (WEEKS - 1)
        return " ".join(
            f"{i * step:.1f},{SPARK_HEIGHT - 1 - n / top * (SPARK_HEIGHT - 2):.1f}"
            for i, n in enumerate(self.weekly)
        )


@dataclass
class _Items:
    """What one source's items say, oldest first."""

    created: list[datetime] = field(default_factory=list)
    deliveries: dict[int, datetime] = field(default_factory=dict)  # run -> last new
    trailing_failures: int = 0
    last_ok_at: datetime | None = None
    last_error: str = ""


def _key_for(source_id, origin) -> str | None:
    if source_id:
        return f"feed:{source_id}"
    return f"upload:{origin}" if origin in CHANNELS else None


def _read_items(since: datetime) -> dict[str, _Items]:
    """One pass over the window's finished items, in the order they finished."""
    by_key: dict[str, _Items] = defaultdict(_Items)
    rows = (
        IngestItem.objects.filter(
            finished_at__gte=since,
            status__in=[Status.CREATED, Status.DUPLICATE, Status.FAILED],
        )
        .order_by("finished_at", "pk")
        .values_list(
            "run__source_id", "run__origin", "run_id", "status", "finished_at", "error"
        )
    )
    for source_id, origin, run_id, status, finished_at, error in rows.iterator():
        key = _key_for(source_id, origin)
        if key is None:
            continue
        items = by_key[key]
        if status == Status.FAILED:
            items.trailing_failures += 1
            items.last_error = error
            continue
        items.trailing_failures = 0
        items.last_ok_at = finished_at
        if status == Status.CREATED:
            items.created.append(finished_at)
            items.deliveries[run_id] = finished_at
    return by_key


def usual_gap(deliveries: list[datetime]) -> timedelta | None:
    """The 90th-percentile gap between deliveries; None with too few to tell."""
    if len(deliveries) < MIN_DELIVERIES:
        return None
    times = sorted(deliveries)
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    return gaps[min(len(gaps) - 1, int(len(gaps) * 0.9))]


def _fill(health: Health, items: _Items, now: datetime) -> None:
    start = now - timedelta(weeks=WEEKS)
    for moment in items.created:
        week = min(WEEKS - 1, int((moment - start) / timedelta(weeks=1)))
        health.weekly[week] += 1
    health.last_article_at = items.created[-1] if items.created else None
    health.failure_streak = max(health.failure_streak, items.trailing_failures)
    health.last_error = health.last_error or items.last_error


def _judge(health: Health, now: datetime, *, can_be_silent: bool) -> None:
    if health.failure_streak >= FAILURE_STREAK:
        health.problem = SourceIncident.Kind.FAILING
        health.detail = _("%(n)d failures in a row: %(error)s") % {
            "n": health.failure_streak,
            "error": health.last_error[:300],
        }
        return
    if not (can_be_silent and health.usual_gap and health.last_article_at):
        return
    allowed = max(health.usual_gap * SILENCE_FACTOR, MIN_SILENCE)
    quiet = now - health.last_article_at
    if quiet > allowed:
        health.problem = SourceIncident.Kind.SILENT
        health.detail = _(
            "No new article for %(days).1f days; it usually delivers every %(usual).1f days."
        ) % {
            "days": quiet / timedelta(days=1),
            "usual": health.usual_gap / timedelta(days=1),
        }


def source_health(now: datetime) -> list[Health]:
    """Every feed, then every upload channel, with its figures and verdict."""
    items = _read_items(now - timedelta(weeks=WEEKS))
    labels = dict(IngestRun.Origin.choices)
    rows = []
    for source in Source.objects.all():
        health = Health(
            key=f"feed:{source.pk}",
            label=source.name,
            source=source,
            is_active=source.is_active,
            last_success_at=source.last_success_at,
            failure_streak=source.consecutive_failures,
            last_error=source.last_error,
        )
        found = items.get(health.key, _Items())
        _fill(health, found, now)
        health.usual_gap = usual_gap(list(found.deliveries.values()))
        # A feed an admin paused is not failing or silent; one stopped by failures is.
        if source.is_active or source.consecutive_failures:
            _judge(health, now, can_be_silent=source.is_active)
        rows.append(health)
    for origin in CHANNELS:
        key = f"upload:{origin}"
        found = items.get(key, _Items())
        health = Health(
            key=key, label=str(labels[origin]), last_success_at=found.last_ok_at
        )
        _fill(health, found, now)
        _judge(health, now, can_be_silent=False)
        rows.append(health)
    return rows


def source_admins():
    """Who hears of a source's trouble: active users with an address who may change
    sources (the admin role, superusers)."""
    may_change = (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename="change_source",
            groups__permissions__content_type__app_label="tracker",
        )
        | Q(
            user_permissions__codename="change_source",
            user_permissions__content_type__app_label="tracker",
        )
    )
    return (
        get_user_model()
        .objects.filter(may_change, is_active=True)
        .exclude(email="")
        .distinct()
    )


def notify(incident: SourceIncident, health: Health, now: datetime) -> int:
    """E-mail the source's admins about a new incident; returns how many were told."""
    recipients = list(source_admins().values_list("email", flat=True))
    if recipients:
        context = {
            "health": health,
            "incident": incident,
            "page_url": settings.SITE_URL + reverse("tracker:source-health"),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[Seoul AI-policy tracker] Source %(kind)s: %(name)s") % {
                "kind": incident.get_kind_display(),
                "name": health.label,
            }
            body = render_to_string("tracker/email/source_incident.txt", context)
        send_mail(subject, body, None, recipients)
    incident.notified_at = now
    incident.save(update_fields=["notified_at"])
    return len(recipients)


def check_sources(now: datetime) -> list[SourceIncident]:
    """Open an incident for each newly flagged source and tell its admins once; close
    the incidents of sources that deliver again. Returns the incidents notified."""
    rows = source_health(now)
    open_incidents = {i.key: i for i in SourceIncident.objects.open()}
    notified = []
    for health in rows:
        incident = open_incidents.get(health.key)
        if not health.problem:
            # Silence ends with a delivery, not with deliveries falling out of the
            # window we judge the usual gap on (a feed quiet for months has no gap).
            still_silent = (
                incident is not None
                and incident.kind == SourceIncident.Kind.SILENT
                and not (
                    health.last_article_at
                    and health.last_article_at > incident.started_at
                )
            )
            if incident and not still_silent:
                incident.ended_at = now
                incident.save(update_fields=["ended_at"])
            continue
        if incident is None:
            try:
                with transaction.atomic():
                    incident = SourceIncident.objects.create(
                        key=health.key,
                        source=health.source,
                        kind=health.problem,
                        detail=health.detail,
                        started_at=now,
                    )
            except IntegrityError:
                continue  # an overlapping tick opened it and tells the admins
        if incident.notified_at is None:  # new, or its e-mail failed last time
            notify(incident, health, now)
            notified.append(incident)
    return notified
