"""Source incidents: a feed or upload channel that failed or fell silent, and whom we told."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.models.ingestion import Source


class SourceIncidentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)


class SourceIncident(models.Model):
    """One episode of trouble. Its admins hear of it once, when it opens; it closes
    when the source delivers again, and the next failure is a new episode."""

    class Kind(models.TextChoices):
        FAILING = "failing", _("failing")
        SILENT = "silent", _("silent")

    # "feed:<id>" or "upload:<origin>" (tracker/health.py): upload channels have no row.
    key = models.CharField(max_length=40, verbose_name=_("channel"))
    source = models.ForeignKey(
        Source,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("source"),
    )
    kind = models.CharField(max_length=8, choices=Kind, verbose_name=_("trouble"))
    detail = models.TextField(blank=True, verbose_name=_("detail"))
    started_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("started at")
    )
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended at"))
    notified_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("admins told at")
    )

    objects = SourceIncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("source incident")
        verbose_name_plural = _("source incidents")
        ordering = ["-started_at"]
        constraints = [
            # One open episode per source: two overlapping ticks cannot open two.
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(ended_at__isnull=True),
                name="one_open_incident_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.kind} {self.started_at:%Y-%m-%d}"
