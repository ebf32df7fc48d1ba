"""Links from an article to a district or an initiative, with evidence and review state."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from districts.models import District
from tracker.models.stages import Stage


class ReviewState(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class Origin(models.TextChoices):
    AUTO = "auto", _("automatic")
    CURATOR = "curator", _("curator")


class LinkQuerySet(models.QuerySet):
    def automatic_and_open(self):
        """Links tagging may replace: never what a curator confirmed, rejected or added."""
        return self.filter(origin=Origin.AUTO, review_state=ReviewState.SUGGESTED)

    def not_rejected(self):
        return self.exclude(review_state=ReviewState.REJECTED)


class ReviewedLink(models.Model):
    confidence = models.FloatField(verbose_name=_("confidence"))
    evidence = models.TextField(blank=True, verbose_name=_("evidence"))
    spans = models.JSONField(
        default=list,
        blank=True,
        help_text=_("[start, end] offsets in the body"),
        verbose_name=_("evidence offsets"),
    )
    origin = models.CharField(
        max_length=8, choices=Origin, default=Origin.AUTO, verbose_name=_("origin")
    )
    review_state = models.CharField(
        max_length=10,
        choices=ReviewState,
        default=ReviewState.SUGGESTED,
        verbose_name=_("review state"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reviewed at")
    )
    # A curator corrected the suggestion (another district, role or initiative):
    # counted apart from plain confirmations in the quality figures.
    is_changed = models.BooleanField(
        default=False, verbose_name=_("changed by a curator")
    )

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True


class DistrictLink(ReviewedLink):
    class Role(models.TextChoices):
        PRIMARY = "primary", _("primary")
        MENTIONED = "mentioned", _("mentioned")

    article = models.ForeignKey(
        "tracker.Article",
        models.CASCADE,
        related_name="district_links",
        verbose_name=_("article"),
    )
    district = models.ForeignKey(
        District,
        models.PROTECT,
        related_name="article_links",
        verbose_name=_("district"),
    )
    role = models.CharField(max_length=10, choices=Role, verbose_name=_("role"))
    mentions = models.PositiveIntegerField(default=1, verbose_name=_("mentions"))

    class Meta:
        verbose_name = _("district link")
        verbose_name_plural = _("district links")
        ordering = ["article", "-confidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "district"], name="district_link_once"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="district_conf_0_1",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "role", "review_state"]),
            # The article list's district filter: a district's standing links in
            # article order, role at hand, so its count merges with the articles' ids
            # from the two indexes alone.
            models.Index(
                fields=["district", "article"],
                include=["role"],
                name="district_link_standing",
                condition=~Q(review_state="rejected"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.district.name_ko} ({self.role})"


class InitiativeLink(ReviewedLink):
    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    article = models.ForeignKey(
        "tracker.Article",
        models.CASCADE,
        related_name="initiative_links",
        verbose_name=_("article"),
    )
    initiative = models.ForeignKey(
        "tracker.Initiative",
        models.CASCADE,
        related_name="links",
        verbose_name=_("initiative"),
    )
    # The stage the article reports the initiative reached (Initiative.Stage values).
    event = models.CharField(
        max_length=10, choices=Stage, blank=True, verbose_name=_("event")
    )
    event_date = models.DateField(null=True, blank=True, verbose_name=_("event date"))
    # "지난해" gives a year, "지난 3월" a month: the date is their first day.
    event_date_precision = models.CharField(
        max_length=5, choices=Precision, blank=True, verbose_name=_("date precision")
    )
    name_as_reported = models.CharField(
        max_length=200, blank=True, verbose_name=_("name as reported")
    )
    evidence_span = models.JSONField(
        default=list,
        blank=True,
        help_text=_("[start, end] of the evidence sentence"),
        verbose_name=_("evidence sentence offsets"),
    )
    partners = models.JSONField(default=list, blank=True, verbose_name=_("partners"))
    amount_won = models.BigIntegerField(
        null=True, blank=True, verbose_name=_("amount (KRW)")
    )
    # Kept by the database's triggers (migrations 0023-0024) through the ORM, SQL and
    # loaddata alike (not through a load that turns them off: `tally --rebuild`):
    # what a timeline sorts events by, the event's date or else its article's Seoul
    # day, then the article's time. On the link itself, a district's latest events
    # are the first rows of one index (tracker/timeline.py).
    timeline_date = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("timeline date")
    )
    article_published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("article published")
    )

    class Meta:
        verbose_name = _("initiative tag")
        verbose_name_plural = _("initiative tags")
        ordering = ["article", "-confidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "initiative"], name="initiative_link_once"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="initiative_conf_0_1",
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "review_state"]),
            # The article list's initiative, kind and category filters: standing
            # links in article order, so that a count for any set of initiatives
            # merges with the articles' ids from the two indexes alone.
            models.Index(
                fields=["article", "initiative"],
                name="initiative_link_standing",
                condition=~Q(review_state="rejected"),
            ),
            # PostgreSQL only (0023 creates it apart from the model's state: SQLite
            # cannot order an index NULLS LAST); a change to it needs a migration
            # written the same way. The latest standing events of any set of
            # initiatives (a district's):
            # read newest first, initiative and article at hand, until enough are
            # of listable articles. Sorting the 47,000 links of a district's
            # initiatives for it took 120 ms at a million articles.
            models.Index(
                F("timeline_date").desc(nulls_last=True),
                F("article_published_at").desc(nulls_last=True),
                F("id").desc(),
                include=["initiative", "article"],
                name="initiative_link_latest",
                condition=~Q(review_state="rejected"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.initiative.name_ko}"
