import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from districts.models import District


class Bilingual:
    """`name` in the active language for models with name_ko / name_en."""

    @property
    def name(self) -> str:
        english = (get_language() or "ko").startswith("en")
        return (self.name_en if english else self.name_ko) or self.name_ko


class Organisation(Bilingual, models.Model):
    """A partner in an agreement, or an agency named by an initiative."""

    name_ko = models.CharField(max_length=120, unique=True)
    name_en = models.CharField(max_length=160, blank=True)
    kind = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name_ko


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

    def stale(self, now, waited, ran):
        """Items whose task may be lost: waiting longer than `waited`, or running
        longer than `ran` (more than a task may take)."""
        return self.filter(
            Q(status=IngestItem.Status.PENDING, enqueued_at__lt=now - waited)
            | Q(status=IngestItem.Status.PROCESSING, enqueued_at__lt=now - ran)
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
    locator = models.CharField(max_length=1000, help_text=_("file name or URL"))
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
    enqueued_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = IngestItemQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "enqueued_at"])]

    def __str__(self) -> str:
        return self.locator


class RawDocument(models.Model):
    """The exact bytes we received, kept before anything is parsed."""

    sha256 = models.CharField(max_length=64, unique=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    origin_url = models.URLField(max_length=1000, blank=True)
    file_name = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    extraction_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.file_name or self.origin_url or self.sha256[:12]


def _day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone (Asia/Seoul)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class ArticleQuerySet(models.QuerySet):
    def originals(self):
        return self.filter(duplicate_of__isnull=True)

    def in_seoul(self):
        return self.exclude(scope=Article.Scope.OUT_OF_SCOPE)

    def relevant(self):
        return self.filter(is_relevant=True)

    def visible(self):
        """What analysts see by default: Seoul, AI policy, no copies, not rejected."""
        return (
            self.originals()
            .in_seoul()
            .relevant()
            .exclude(status=Article.Status.REJECTED)
        )

    def awaiting_review(self):
        """Pending originals in Seoul: what a curator may still decide."""
        return self.filter(status=Article.Status.PENDING).originals().in_seoul()

    def listable(self):
        """What analysts may list: Seoul, no copies, not rejected; relevance is a filter."""
        return self.originals().in_seoul().exclude(status=Article.Status.REJECTED)

    def in_districts(self, slugs, *, primary_only: bool = False):
        links = DistrictLink.objects.filter(
            article=OuterRef("pk"), district__slug__in=slugs
        ).not_rejected()
        if primary_only:
            links = links.filter(role=DistrictLink.Role.PRIMARY)
        return self.filter(Exists(links))

    def reporting(self, **initiative_lookup):
        """Articles with a standing tag for initiatives matching the lookup."""
        links = InitiativeLink.objects.filter(
            article=OuterRef("pk"),
            **{f"initiative__{key}": value for key, value in initiative_lookup.items()},
        ).not_rejected()
        return self.filter(Exists(links))

    def published_between(self, start=None, end=None):
        """Dates are Seoul calendar days; either end may be open."""
        # Bounds on the column itself, not on its date in Seoul, so that the
        # (published_at, id) indexes serve the filter.
        queryset = self
        if start:
            queryset = queryset.filter(published_at__gte=_day_start(start))
        if end:
            queryset = queryset.filter(
                published_at__lt=_day_start(end + timedelta(days=1))
            )
        return queryset

    def for_listing(self):
        return self.prefetch_related(
            Prefetch(
                "district_links",
                DistrictLink.objects.not_rejected().select_related("district"),
            ),
            Prefetch(
                "initiative_links",
                InitiativeLink.objects.not_rejected().select_related("initiative"),
            ),
        )

    # --- search: owned by tracker/search.py ---
    def search(self, query):
        """Articles matching `query`, annotated with `search_rank` (see tracker/search.py)."""
        from tracker import search

        return search.search_queryset(self, query)

    # --- end search ---


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    class DateSource(models.TextChoices):
        META = "meta", _("meta tag")
        BYLINE = "byline", _("byline")
        URL = "url", _("URL or image path")
        FEED = "feed", _("feed entry")
        # No "ingest time": an article with no date of its own stays undated.

    class Scope(models.TextChoices):
        DISTRICT = "district", _("district")
        CITYWIDE = "citywide", _("Seoul city-wide")
        OUT_OF_SCOPE = "out", _("outside Seoul")
        UNKNOWN = "unknown", _("no place found")

    raw = models.OneToOneField(RawDocument, models.PROTECT, related_name="article")
    url = models.URLField(max_length=1000, blank=True)
    canonical_url = models.URLField(max_length=1000, blank=True)
    # Empty when the page has no headline (some text dumps start mid-page); pages show
    # "(untitled)". Evidence offsets count in f"{title}\n\n{body}", so no stand-in
    # title is stored.
    title = models.CharField(max_length=500, blank=True)
    subtitle = models.CharField(max_length=1000, blank=True)
    body = models.TextField(help_text=_("paragraphs separated by blank lines"))
    captions = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    date_source = models.CharField(max_length=10, choices=DateSource, blank=True)
    publisher = models.CharField(max_length=120, blank=True)
    author = models.CharField(max_length=120, blank=True)
    author_email = models.EmailField(blank=True)
    # The same text (whatever its bytes or URL) is stored once; the database decides.
    body_hash = models.CharField(max_length=64, unique=True)
    sketch = models.JSONField(
        default=list, blank=True, help_text=_("shingle sketch for near-duplicates")
    )
    duplicate_of = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    scope = models.CharField(max_length=10, choices=Scope, default=Scope.UNKNOWN)
    is_relevant = models.BooleanField(null=True)
    relevance = models.FloatField(default=0.0)
    # A curator's verdict on relevance, kept apart from the automatic one so the
    # quality figures can compare them.
    reviewed_relevance = models.BooleanField(null=True, blank=True)
    review_reason = models.CharField(max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Tokens for Korean full-text search (character bigrams; see tracker/search.py).
    # PostgreSQL keeps a generated tsvector column over both, GIN-indexed (migration 0006).
    search_title = models.TextField(blank=True)
    search_body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["-published_at", "-id"]),
            models.Index(fields=["publisher"]),
            # The analysts' default list: visible articles, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                name="article_listable_recent",
                condition=Q(duplicate_of__isnull=True, is_relevant=True)
                & ~Q(scope="out")
                & ~Q(status="rejected"),
            ),
        ]
        constraints = [
            # Two workers fetching the same URL: the database keeps one.
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(relevance__gte=0) & Q(relevance__lte=1),
                name="relevance_0_1",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tracker:article-detail", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]


class DedupeKey(models.Model):
    """A few sketch hashes per article, indexed, to find candidate copies in one query."""

    key = models.CharField(max_length=16, db_index=True)
    article = models.ForeignKey(Article, models.CASCADE, related_name="dedupe_keys")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="dedupe_key_once")
        ]

    def __str__(self) -> str:
        return self.key


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
    confidence = models.FloatField()
    evidence = models.TextField(blank=True)
    spans = models.JSONField(
        default=list, blank=True, help_text=_("[start, end] offsets in the body")
    )
    origin = models.CharField(max_length=8, choices=Origin, default=Origin.AUTO)
    review_state = models.CharField(
        max_length=10, choices=ReviewState, default=ReviewState.SUGGESTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # A curator corrected the suggestion (another district, role or initiative):
    # counted apart from plain confirmations in the quality figures.
    is_changed = models.BooleanField(default=False)

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True


class DistrictLink(ReviewedLink):
    class Role(models.TextChoices):
        PRIMARY = "primary", _("primary")
        MENTIONED = "mentioned", _("mentioned")

    article = models.ForeignKey(Article, models.CASCADE, related_name="district_links")
    district = models.ForeignKey(District, models.PROTECT, related_name="article_links")
    role = models.CharField(max_length=10, choices=Role)
    mentions = models.PositiveIntegerField(default=1)

    class Meta:
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
        indexes = [models.Index(fields=["district", "role", "review_state"])]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.district.name_ko} ({self.role})"


class InitiativeQuerySet(models.QuerySet):
    def with_article_counts(self):
        """`n`: articles analysts see with a standing tag, i.e. the rows of
        /articles/?initiative=<slug>, so a count and its list always agree."""
        return self.annotate(
            n=models.Count(
                "links__article",
                filter=~Q(links__review_state=ReviewState.REJECTED)
                & Q(links__article__in=Article.objects.visible()),
                distinct=True,
            )
        )


class Initiative(Bilingual, models.Model):
    class Category(models.TextChoices):
        EDUCATION = "education", _("education")
        SAFETY = "safety", _("safety")
        WELFARE = "welfare", _("health and welfare")
        ECONOMY = "economy", _("economy and industry")
        ADMINISTRATION = "administration", _("administration")
        INFRASTRUCTURE = "infrastructure", _("infrastructure")
        GOVERNANCE = "governance", _("governance and ordinance")
        PARTNERSHIP = "partnership", _("partnership")

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ANNOUNCED = "announced", _("announced")
        AGREEMENT = "agreement", _("agreement signed")
        ORDINANCE = "ordinance", _("ordinance enacted")
        FUNDED = "funded", _("funded")
        CONSTRUCTION = "construction", _("under construction")
        OPERATING = "operating", _("operating")
        STALLED = "stalled", _("stalled")

    slug = models.SlugField(max_length=80, unique=True)
    name_ko = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    districts = models.ManyToManyField(District, related_name="initiatives", blank=True)
    category = models.CharField(max_length=16, choices=Category)
    stage = models.CharField(max_length=14, choices=Stage, default=Stage.PROPOSED)
    summary_ko = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    match_terms = models.JSONField(
        default=list,
        blank=True,
        help_text=_("phrases, or regular expressions written /like this/"),
    )
    partners = models.ManyToManyField(
        Organisation, related_name="initiatives", blank=True
    )
    first_seen = models.DateField(null=True, blank=True)
    last_seen = models.DateField(null=True, blank=True)
    articles = models.ManyToManyField(
        Article, through="InitiativeLink", related_name="initiatives"
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name_ko"]
        indexes = [models.Index(fields=["category", "stage"])]

    def __str__(self) -> str:
        return self.name_ko

    def get_absolute_url(self) -> str:
        return reverse("tracker:initiative-detail", args=[self.slug])

    def clean(self) -> None:
        from tracker.tagging import term_pattern

        if not isinstance(self.match_terms, list) or not all(
            isinstance(term, str) and term.strip() for term in self.match_terms
        ):
            raise ValidationError(
                {"match_terms": _("Give a list of non-empty phrases.")}
            )
        for term in self.match_terms:
            try:
                term_pattern(term)
            except re.error as error:
                raise ValidationError(
                    {
                        "match_terms": _("%(term)s is not a valid pattern: %(error)s")
                        % {"term": term, "error": error}
                    }
                ) from None

    def mark_seen(self, day) -> None:
        """Widen first/last seen to include `day` (one UPDATE, only when it changes)."""
        first = min(filter(None, [self.first_seen, day]))
        last = max(filter(None, [self.last_seen, day]))
        if (first, last) != (self.first_seen, self.last_seen):
            self.first_seen, self.last_seen = first, last
            self.save(update_fields=["first_seen", "last_seen"])


class InitiativeLink(ReviewedLink):
    class Event(models.TextChoices):
        ANNOUNCED = "announced", _("declaration or announcement")
        AGREEMENT = "agreement", _("MOU or agreement signed")
        ORDINANCE = "ordinance", _("ordinance enacted")
        FUNDED = "funded", _("budget secured")
        OPENED = "opened", _("facility opened")
        SCHEDULED = "scheduled", _("plan or forum scheduled")

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="initiative_links"
    )
    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="links")
    event = models.CharField(max_length=10, choices=Event, blank=True)
    event_date = models.DateField(null=True, blank=True)

    class Meta:
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
        indexes = [models.Index(fields=["initiative", "review_state"])]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.initiative.name_ko}"


class InitiativeSuggestion(models.Model):
    """An AI policy an article reports that no initiative in the catalogue matches."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("dismissed")

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="initiative_suggestions"
    )
    district = models.ForeignKey(District, models.CASCADE, null=True, blank=True)
    name_ko = models.CharField(max_length=200)
    evidence = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    initiative = models.ForeignKey(Initiative, models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "name_ko"], name="suggestion_once_per_article"
            ),
        ]

    def __str__(self) -> str:
        return self.name_ko


class ChangeQuerySet(models.QuerySet):
    def about(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class Change(models.Model):
    """One curator change: who, when, what changed from what to what, and why."""

    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(
        max_length=300, help_text=_("what was changed, as shown then")
    )
    action = models.CharField(max_length=40)
    changes = models.JSONField(default=dict, help_text=_("{field: [before, after]}"))
    reason = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.label}"
