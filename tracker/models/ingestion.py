"""Sources, runs, items and raw documents: the record of everything ingested."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Longest URL we store, in UTF-8 bytes: one index entry of Article.url must fit
# PostgreSQL's btree (about 2.7 kB), and browsers and servers agree on 2 kB. A longer
# URL is refused with this reason, never cut (a cut URL is another page).
URL_MAX_BYTES = 2048


def url_too_long(url: str) -> str:
    """Why `url` cannot be stored whole, or ""."""
    size = len(url.encode("utf-8"))
    if size <= URL_MAX_BYTES:
        return ""
    return (
        f"URL이 너무 깁니다: {size:,}바이트 (최대 {URL_MAX_BYTES:,}바이트) "
        f"(URL too long: {size:,} bytes, limit {URL_MAX_BYTES:,}; it is not shortened)."
    )


class SourceQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(is_active=True).filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
        )


class Source(models.Model):
    """An RSS or Atom feed polled on a schedule."""

    name = models.CharField(max_length=120)
    url = models.URLField(max_length=500, unique=True)
    is_active = models.BooleanField(default=True)
    poll_interval_minutes = models.PositiveIntegerField(default=60)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["is_active", "next_poll_at"])]

    def __str__(self) -> str:
        return self.name


class IngestRunQuerySet(models.QuerySet):
    def with_counts(self):
        """Counts by item status in the same query: progress is derived, never stored."""
        Status = IngestItem.Status

        def count(*statuses):
            return models.Count("items", filter=Q(items__status__in=statuses))

        return self.annotate(
            total=models.Count("items"),
            n_pending=count(Status.PENDING, Status.PROCESSING),
            n_created=count(Status.CREATED),
            n_duplicate=count(Status.DUPLICATE),
            n_failed=count(Status.FAILED),
            n_done=count(Status.CREATED, Status.DUPLICATE, Status.FAILED),
        ).order_by("-created_at", "-pk")  # GROUP BY drops Meta.ordering


class IngestRun(models.Model):
    """One ingestion job: its origin and items. Progress and counts come from the items."""

    class Origin(models.TextChoices):
        COMMAND = "command", _("command line")
        UPLOAD = "upload", _("upload")
        URLS = "urls", _("URLs")
        FEED = "feed", _("feed")
        REEXTRACT = "reextract", _("re-extraction")

    origin = models.CharField(max_length=10, choices=Origin)
    label = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source, models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = IngestRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_origin_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("tracker:run-detail", args=[self.pk])


class IngestItemQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            status__in=[IngestItem.Status.PENDING, IngestItem.Status.PROCESSING]
        )

    def lease_expired(self, now):
        """Held by a worker (or waiting for a retry) that stopped answering for it."""
        return self.pending().filter(lease_until__lt=now)

    def waiting_since(self, moment):
        """Sent to the queue before `moment` and not taken by any worker since."""
        return self.filter(
            status=IngestItem.Status.PENDING,
            lease_until__isnull=True,
            enqueued_at__lt=moment,
        )


class IngestItem(models.Model):
    """One thing to ingest. The row exists before its task does, so no work is lost with the broker."""

    class Kind(models.TextChoices):
        FILE = "file", _("file")
        URL = "url", _("URL")
        FEED_ENTRY = "entry", _("feed entry")
        RAW = "raw", _("stored document")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        PROCESSING = "processing", _("processing")
        CREATED = "created", _("created")
        DUPLICATE = "duplicate", _("duplicate")
        FAILED = "failed", _("failed")

    run = models.ForeignKey(IngestRun, models.CASCADE, related_name="items")
    kind = models.CharField(max_length=6, choices=Kind)
    # Whole, never cut: URLs are checked against URL_MAX_BYTES, file names are kept.
    locator = models.TextField(help_text=_("file name or URL"))
    raw = models.ForeignKey(
        "RawDocument", models.SET_NULL, null=True, blank=True, related_name="items"
    )
    # Feed entries carry what the feed said, for dates and titles the page itself lacks.
    hints = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    error = models.TextField(blank=True)
    article = models.ForeignKey(
        "Article", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the item was last handed to the queue.
    enqueued_at = models.DateTimeField(default=timezone.now)
    # The one task message that may run this item: a message with another id (sent
    # before the sweeper re-sent the item) finds it taken and does nothing.
    task_id = models.CharField(max_length=64, blank=True)
    # Until when the holder answers for the item: a worker renews it while it works,
    # a scheduled retry holds it until its time. Past it, the sweeper sends it again.
    lease_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = IngestItemQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        # The sweeper's two questions: whose lease ran out, who waited too long.
        indexes = [
            models.Index(fields=["status", "enqueued_at"]),
            models.Index(fields=["status", "lease_until"]),
        ]

    def __str__(self) -> str:
        return self.locator


class RawDocument(models.Model):
    """The exact bytes we received, kept before anything is parsed."""

    sha256 = models.CharField(max_length=64, unique=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    origin_url = models.URLField(max_length=URL_MAX_BYTES, blank=True)
    file_name = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    extraction_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.file_name or self.origin_url or self.sha256[:12]
