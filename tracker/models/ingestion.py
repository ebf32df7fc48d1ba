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

    name = models.CharField(max_length=120, verbose_name=_("name"))
    url = models.URLField(max_length=500, unique=True, verbose_name=_("URL"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    poll_interval_minutes = models.PositiveIntegerField(
        default=60, verbose_name=_("poll interval (minutes)")
    )
    etag = models.CharField(max_length=300, blank=True, verbose_name=_("ETag"))
    last_modified = models.CharField(
        max_length=100, blank=True, verbose_name=_("Last-Modified")
    )
    next_poll_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("next poll")
    )
    last_polled_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last polled")
    )
    last_success_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last success")
    )
    consecutive_failures = models.PositiveIntegerField(
        default=0, verbose_name=_("failures in a row")
    )
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
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

    origin = models.CharField(max_length=10, choices=Origin, verbose_name=_("origin"))
    label = models.CharField(max_length=300, blank=True, verbose_name=_("label"))
    source = models.ForeignKey(
        Source,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("feed"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("started at")
    )

    objects = IngestRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingest run")
        verbose_name_plural = _("ingest runs")
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

    run = models.ForeignKey(
        IngestRun, models.CASCADE, related_name="items", verbose_name=_("ingest run")
    )
    kind = models.CharField(max_length=6, choices=Kind, verbose_name=_("kind of item"))
    # Whole, never cut: URLs are checked against URL_MAX_BYTES, file names are kept.
    locator = models.TextField(
        help_text=_("file name or URL"), verbose_name=_("file or URL")
    )
    raw = models.ForeignKey(
        "RawDocument",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("raw document"),
    )
    # Feed entries carry what the feed said, for dates and titles the page itself lacks.
    hints = models.JSONField(default=dict, blank=True, verbose_name=_("feed hints"))
    status = models.CharField(
        max_length=10, choices=Status, default=Status.PENDING, verbose_name=_("status")
    )
    error = models.TextField(blank=True, verbose_name=_("error"))
    article = models.ForeignKey(
        "Article",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    # When the item was last handed to the queue.
    enqueued_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("queued at")
    )
    # The one task message that may run this item: a message with another id (sent
    # before the sweeper re-sent the item) finds it taken and does nothing.
    task_id = models.CharField(max_length=64, blank=True, verbose_name=_("task id"))
    # Until when the holder answers for the item: a worker renews it while it works,
    # a scheduled retry holds it until its time. Past it, the sweeper sends it again.
    lease_until = models.DateTimeField(
        null=True, blank=True, verbose_name=_("held until")
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("finished at")
    )

    objects = IngestItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingest item")
        verbose_name_plural = _("ingest items")
        ordering = ["pk"]
        # The sweeper's two questions: whose lease ran out, who waited too long;
        # a backfill's workers': the run's first item still waiting.
        indexes = [
            models.Index(fields=["status", "enqueued_at"]),
            models.Index(fields=["status", "lease_until"]),
            models.Index(
                fields=["run", "id"],
                condition=Q(status="pending"),
                name="ingest_item_waiting_in_run",
            ),
        ]

    def __str__(self) -> str:
        return self.locator


class RawDocument(models.Model):
    """The exact bytes we received, kept before anything is parsed."""

    sha256 = models.CharField(max_length=64, unique=True, verbose_name=_("SHA-256"))
    content = models.BinaryField(verbose_name=_("bytes"))
    size = models.PositiveIntegerField(verbose_name=_("size (bytes)"))
    content_type = models.CharField(
        max_length=100, blank=True, verbose_name=_("content type")
    )
    encoding = models.CharField(max_length=20, blank=True, verbose_name=_("encoding"))
    origin_url = models.URLField(
        max_length=URL_MAX_BYTES, blank=True, verbose_name=_("origin URL")
    )
    file_name = models.CharField(
        max_length=300, blank=True, verbose_name=_("file name")
    )
    received_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("received at")
    )
    extraction_error = models.TextField(blank=True, verbose_name=_("extraction error"))

    class Meta:
        verbose_name = _("raw document")
        verbose_name_plural = _("raw documents")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.file_name or self.origin_url or self.sha256[:12]
