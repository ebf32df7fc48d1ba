"""Articles and the keys that find their near-duplicates."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import District
from tracker import search
from tracker.models.indexes import NullsOrderedIndex
from tracker.models.ingestion import URL_MAX_BYTES, RawDocument
from tracker.models.links import DistrictLink, InitiativeLink


def _day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone (Asia/Seoul)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def visible_rows(prefix: str = "") -> Q:
    """What Article.objects.visible() keeps, as one condition on an article, or on a
    joined one (`prefix` "article__"): a join on the article's own columns, not
    `article_id IN (all visible ids)`, which past work_mem PostgreSQL re-reads for
    every link. (The values are Scope.OUT_OF_SCOPE and Status.REJECTED, which the
    class below defines.)"""
    return (
        Q(**{f"{prefix}duplicate_of__isnull": True, f"{prefix}is_relevant": True})
        & ~Q(**{f"{prefix}scope": "out"})
        & ~Q(**{f"{prefix}status": "rejected"})
    )


# The condition of the indexes over visible articles: PostgreSQL reads such an index
# for a query whose filters imply it.
VISIBLE_ROWS = visible_rows()

# Newest first with undated articles last, on every database: PostgreSQL would put
# NULLs first in a descending order (at a million articles, 8,000 undated ones filled
# the first 300 pages), SQLite puts them last. Oldest first is the same order read
# backwards, so one index serves both, and SQLite needs no NULLS modifier in either.
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("id").desc())
OLDEST_FIRST = (F("published_at").asc(nulls_first=True), F("id").asc())


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
        ids = District.objects.filter(slug__in=slugs).values_list("pk", flat=True)
        return self.in_district_ids(list(ids), primary_only=primary_only)

    def in_district_ids(self, ids, *, primary_only: bool = False):
        # The districts' ids, not a join on their slugs: with the ids in the SQL the
        # planner knows how many links each district has and merges them in id order.
        links = DistrictLink.objects.filter(
            article=OuterRef("pk"), district__in=ids
        ).not_rejected()
        if primary_only:
            links = links.filter(role=DistrictLink.Role.PRIMARY)
        return self.filter(Exists(links))

    def reporting(self, **initiative_lookup):
        """Articles with a standing tag for initiatives matching the lookup."""
        # Ids, as for districts: a kind or category is a handful of initiatives.
        # (Initiative's module imports this one; the link's field names the model.)
        initiatives = InitiativeLink._meta.get_field("initiative").related_model
        ids = list(
            initiatives.objects.filter(**initiative_lookup).values_list("pk", flat=True)
        )
        links = InitiativeLink.objects.filter(
            article=OuterRef("pk"), initiative__in=ids
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
        # A list shows no search tokens or sketch: the values are not read at all.
        return self.defer(*search.FIELDS, "sketch").prefetch_related(
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
    def search(self, query, *, district_ids=(), primary_only: bool = False):
        """Articles matching `query`, annotated with `search_rank` (see tracker/search.py),
        in any of `district_ids` if given: on PostgreSQL one lookup of the search index."""
        if not district_ids:
            return search.search_queryset(self, query)
        if not search.finds_districts(self, query):
            within = self.in_district_ids(district_ids, primary_only=primary_only)
            return search.search_queryset(within, query)
        districts = search.in_districts(district_ids, primary_only=primary_only)
        return search.search_queryset(self, query, districts)

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

    raw = models.OneToOneField(
        RawDocument,
        models.PROTECT,
        related_name="article",
        verbose_name=_("raw document"),
    )
    url = models.URLField(max_length=URL_MAX_BYTES, blank=True, verbose_name=_("URL"))
    canonical_url = models.URLField(
        max_length=URL_MAX_BYTES, blank=True, verbose_name=_("canonical URL")
    )
    # Empty when the page has no headline (some text dumps start mid-page); pages show
    # "(untitled)". Evidence offsets count in f"{title}\n\n{body}", so no stand-in
    # title is stored.
    title = models.CharField(max_length=500, blank=True, verbose_name=_("title"))
    subtitle = models.CharField(max_length=1000, blank=True, verbose_name=_("subtitle"))
    body = models.TextField(
        help_text=_("paragraphs separated by blank lines"), verbose_name=_("body")
    )
    captions = models.JSONField(
        default=list, blank=True, verbose_name=_("photo captions")
    )
    published_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("published")
    )
    date_source = models.CharField(
        max_length=10, choices=DateSource, blank=True, verbose_name=_("date source")
    )
    publisher = models.CharField(
        max_length=120, blank=True, verbose_name=_("publisher")
    )
    author = models.CharField(max_length=120, blank=True, verbose_name=_("author"))
    author_email = models.EmailField(blank=True, verbose_name=_("author e-mail"))
    # The same text (whatever its bytes or URL) is stored once; the database decides.
    body_hash = models.CharField(
        max_length=64, unique=True, verbose_name=_("body hash")
    )
    sketch = models.JSONField(
        default=list,
        blank=True,
        help_text=_("shingle sketch for near-duplicates"),
        verbose_name=_("near-duplicate sketch"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("copy of"),
        db_index=False,  # indexed where set only: see Meta.indexes
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.PENDING,
        verbose_name=_("review status"),
    )
    scope = models.CharField(
        max_length=10, choices=Scope, default=Scope.UNKNOWN, verbose_name=_("scope")
    )
    is_relevant = models.BooleanField(null=True, verbose_name=_("about AI policy"))
    relevance = models.FloatField(default=0.0, verbose_name=_("relevance score"))
    # A curator's verdict on relevance, kept apart from the automatic one so the
    # quality figures can compare them.
    reviewed_relevance = models.BooleanField(
        null=True, blank=True, verbose_name=_("about AI policy (curator)")
    )
    review_reason = models.CharField(
        max_length=300, blank=True, verbose_name=_("review reason")
    )
    # A curator set `scope` and `is_relevant` by hand (tracker/scoping.py): re-tagging
    # keeps them, as it keeps every other curator decision.
    scope_curated = models.BooleanField(
        default=False, verbose_name=_("scope set by a curator")
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
    # Tokens for Korean full-text search (character bigrams, and pieces of three to
    # ten syllables; see tracker/search.py). PostgreSQL keeps generated tsvector
    # columns over them, GIN-indexed (migrations 0006 and 0019; 0021 gave stored
    # articles the longer pieces).
    search_title = models.TextField(blank=True, verbose_name=_("search tokens (title)"))
    search_body = models.TextField(blank=True, verbose_name=_("search tokens (body)"))
    search_grams = models.TextField(
        blank=True, verbose_name=_("search pieces (three to ten syllables)")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("stored at"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = NEWEST_FIRST
        indexes = [
            models.Index(fields=["status", "created_at"]),
            NullsOrderedIndex(*NEWEST_FIRST, name="article_newest"),
            models.Index(fields=["publisher"]),
            # The analysts' default list: visible articles, newest first.
            NullsOrderedIndex(
                *NEWEST_FIRST, name="article_listable_newest", condition=VISIBLE_ROWS
            ),
            # The list of one publisher, counted from the index alone (a count reads
            # no row of a vacuumed table) and paged in date order. With the plain
            # index on publisher, counting one with a seventh of all articles read
            # 18,000 pages of the table at 1M articles (about a second from disk).
            NullsOrderedIndex(
                F("publisher"),
                *NEWEST_FIRST,
                name="article_publisher_newest",
                condition=VISIBLE_ROWS,
            ),
            # The list by relevance: PostgreSQL otherwise sorted every visible article
            # (or a district's) for each page, 550-990 ms at 1M articles, not 40-90.
            NullsOrderedIndex(
                F("relevance").desc(),
                *NEWEST_FIRST,
                name="article_listable_relevant",
                condition=VISIBLE_ROWS,
            ),
            # Filtered counts (a district, an initiative): the articles in id order
            # with what visible() reads, to merge with a link index without touching
            # the table. Not partial: a partial index on visible() would be read whole
            # into a bitmap beside the search index, which costs more than it saves.
            models.Index(
                fields=["id"],
                include=[
                    "published_at",
                    "duplicate_of",
                    "scope",
                    "status",
                    "is_relevant",
                ],
                name="article_id_visibility",
            ),
            # The copies of an article. Only 1 in 20 is a copy: an index over every
            # row (NULL for originals) tempted the planner to read it whole for the
            # `duplicate_of IS NULL` of visible().
            models.Index(
                fields=["duplicate_of"],
                name="article_copies",
                condition=Q(duplicate_of__isnull=False),
            ),
            # A new article's exact copy is looked up by its addresses too: without
            # this, that lookup reads every article (tracker/ingest/copies.py).
            models.Index(
                fields=["canonical_url"],
                name="article_canonical_url",
                condition=~Q(canonical_url=""),
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

    key = models.CharField(max_length=16, verbose_name=_("key"))
    article = models.ForeignKey(
        Article, models.CASCADE, related_name="dedupe_keys", verbose_name=_("article")
    )

    class Meta:
        verbose_name = _("near-duplicate key")
        verbose_name_plural = _("near-duplicate keys")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="dedupe_key_once")
        ]
        # Candidate copies: the articles of a key, in order, read from the index
        # alone and stopped after a few hundred (tracker/ingest/copies.py).
        indexes = [models.Index(fields=["key", "article"], name="dedupe_key_articles")]

    def __str__(self) -> str:
        return self.key
