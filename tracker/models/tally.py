"""Counts kept as data: visible articles per Seoul day and per district, kind of
initiative, category, stage or initiative, and how they are kept.

    write (any code path) -> a trigger notes the day (TallyDirty, migration 0016)
    read  -> Tally.objects.refresh(): recount the noted days -> sums (tracker/tally.py)

Each row counts distinct articles of one day, so a period's count is the sum of its
days. Recounting a day reads only that day's articles: ingesting one article costs
one day's recount, at the next read, and a batch of a thousand costs the recount of
their few days once.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import connection, models, transaction
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker import figures
from tracker.models.articles import Article, visible_rows
from tracker.models.links import DistrictLink, InitiativeLink, ReviewState

# Two noted days this close are recounted as one range: fewer queries, few extra rows.
JOIN_GAP = timedelta(days=7)
MAX_RANGES = 20
LOCK_ID = 7_301_116  # pg_advisory_xact_lock: one recount at a time


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _within(prefix: str, start: date | None, end: date | None) -> Q:
    """Articles of the Seoul days start..end; undated ones when both are None."""
    field = f"{prefix}published_at"
    if start is None and end is None:
        return Q(**{f"{field}__isnull": True})
    # Bounds on the column itself, so its index serves them.
    return Q(
        **{
            f"{field}__gte": _day_start(start),
            f"{field}__lt": _day_start(end + timedelta(days=1)),
        }
    )


def count_days(start: date | None, end: date | None):
    """Fresh Tally rows (unsaved) for the Seoul days start..end, or for undated
    articles when both are None."""
    articles = Article.objects.filter(visible_rows(), _within("", start, end))
    standing = ~Q(review_state=ReviewState.REJECTED)
    district_links = DistrictLink.objects.filter(
        standing,
        visible_rows("article__"),
        _within("article__", start, end),
        role=DistrictLink.Role.PRIMARY,
    )
    initiative_links = InitiativeLink.objects.filter(
        standing, visible_rows("article__"), _within("article__", start, end)
    )
    D = Tally.Dimension
    groups = [
        (D.ARTICLES, articles, "", "pk", "published_at"),
        (D.DISTRICT, district_links, "district", "article", None),
        (D.KIND, initiative_links, "initiative__kind", "article", None),
        (D.CATEGORY, initiative_links, "initiative__category", "article", None),
        (D.STAGE, initiative_links, "initiative__stage", "article", None),
        (D.INITIATIVE, initiative_links, "initiative", "article", None),
    ]
    for dimension, queryset, key, counted, published in groups:
        published = published or "article__published_at"
        fields = ["day", key] if key else ["day"]
        rows = (
            queryset.annotate(day=TruncDate(published))
            .values(*fields)
            .annotate(n=Count(counted, distinct=True), last=Max(published))
            .order_by()
        )
        for row in rows:
            value = row[key] if key else ""
            if value is None:
                continue  # a link to an initiative of no kind counts under no kind
            yield Tally(
                day=row["day"],
                dimension=dimension,
                key=str(value),
                n=row["n"],
                last=row["last"],
            )


def _ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days as a few (first, last) ranges: near days join, and past
    MAX_RANGES everything is one range."""
    ranges: list[list[date]] = []
    for day in sorted(days):
        if ranges and day - ranges[-1][1] <= JOIN_GAP:
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    if len(ranges) > MAX_RANGES:
        return [(ranges[0][0], ranges[-1][1])]
    return [(first, last) for first, last in ranges]


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


def dated_span() -> tuple[date, date] | None:
    """The first and last Seoul day with an article, or None."""
    span = Article.objects.aggregate(
        first=Min("published_at"), last=Max("published_at")
    )
    if span["first"] is None:
        return None
    return timezone.localdate(span["first"]), timezone.localdate(span["last"])


class TallyManager(models.Manager):
    def refresh(self) -> int:
        """Recount the days writes have noted since the last refresh; the number of
        days. One query when nothing changed. Runs under a lock, so two recounts of a
        day never interleave; a write committed meanwhile notes its day again."""
        if not TallyDirty.objects.exists():
            return 0
        with transaction.atomic():
            _lock()
            top = TallyDirty.objects.aggregate(top=Max("pk"))["top"]
            if top is None:
                return 0  # another refresh took them while we waited
            noted = TallyDirty.objects.filter(pk__lte=top)
            days = set(noted.values_list("day", flat=True).distinct())
            noted.delete()
            ranges = _ranges(day for day in days if day is not None)
            if None in days:
                ranges.append((None, None))
            for first, last in ranges:
                self._recount(first, last)
        # No figures.changed(): the writes that noted these days bumped the figures'
        # version when they committed, and the figures are counted after this.
        return len(days)

    def rebuild(self) -> None:
        """Recount every day from scratch (`manage.py tally --rebuild`)."""
        with transaction.atomic():
            _lock()
            TallyDirty.objects.all().delete()
            self.all().delete()
            span = dated_span()
            if span:
                self._recount(*span)
            self._recount(None, None)
            figures.changed()

    def _recount(self, first: date | None, last: date | None) -> None:
        rows = self.filter(day__isnull=True)
        if first is not None:
            rows = self.filter(day__gte=first, day__lte=last)
        rows.delete()
        self.bulk_create(count_days(first, last), batch_size=2000)


class Tally(models.Model):
    """How many visible articles of one Seoul day count under one key of a dimension.

    Counts are of distinct articles, so the days of a period add up exactly; `day` is
    null for undated articles, which only "all time" counts.
    """

    class Dimension(models.TextChoices):
        ARTICLES = "articles", _("all visible articles")
        DISTRICT = "district", _("primary district")
        KIND = "kind", _("kind of initiative")
        CATEGORY = "category", _("initiative category")
        STAGE = "stage", _("initiative stage")
        INITIATIVE = "initiative", _("initiative")

    day = models.DateField(null=True, verbose_name=_("day"))
    dimension = models.CharField(
        max_length=10, choices=Dimension, verbose_name=_("dimension")
    )
    # A district, kind or initiative id, a category or stage value; "" for ARTICLES.
    key = models.CharField(max_length=32, blank=True, verbose_name=_("key"))
    n = models.PositiveIntegerField(verbose_name=_("articles"))
    last = models.DateTimeField(null=True, verbose_name=_("latest article"))

    objects = TallyManager()

    class Meta:
        verbose_name = _("kept count")
        verbose_name_plural = _("kept counts")
        # Each row's count and latest time ride in both (INCLUDE, PostgreSQL; SQLite
        # builds them plain), so a period's sums are read from the index alone: the
        # all-time overview sums 143,000 rows of initiatives at a million articles.
        indexes = [
            # A period's figures: one dimension, a range of days.
            models.Index(
                fields=["dimension", "day", "key"],
                include=["n", "last"],
                name="tally_by_day",
            ),
            # One key's whole record: an initiative's or a district's count.
            models.Index(
                fields=["dimension", "key", "day"],
                include=["n", "last"],
                name="tally_by_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.day}: {self.n}"


class TallyDirty(models.Model):
    """A day whose counts may have changed: database triggers add one on every write
    to articles, their links and initiatives' kind, category or stage (migration
    0016), in the writer's own transaction, so no code path can forget to."""

    day = models.DateField(null=True)

    class Meta:
        verbose_name = _("day to recount")
        verbose_name_plural = _("days to recount")

    def __str__(self) -> str:
        return str(self.day)
