"""Initiatives (catalogue, discovered, curators'), their kinds and their partners."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from districts.models import District
from tracker import search
from tracker.models.articles import Article
from tracker.models.links import InitiativeLink, ReviewState
from tracker.models.stages import Stage
from tracker.models.tally import Tally
from tracker.reading.kinds import KindSpec


class Bilingual:
    """`name` in the active language for models with name_ko / name_en."""

    @property
    def name(self) -> str:
        english = (get_language() or "ko").startswith("en")
        return (self.name_en if english else self.name_ko) or self.name_ko


class OrganisationManager(models.Manager):
    def named(self, names) -> dict[str, "Organisation"]:
        """{name: organisation} for each name, created when new (three queries at
        most; another worker may add the same one meanwhile)."""
        wanted = set(names)
        if not wanted:
            return {}
        found = self.in_bulk(wanted, field_name="name_ko")
        if missing := wanted - set(found):
            self.bulk_create(
                [Organisation(name_ko=name) for name in sorted(missing)],
                ignore_conflicts=True,
            )
            found |= self.in_bulk(missing, field_name="name_ko")
        return found


class Organisation(Bilingual, models.Model):
    """A partner in an agreement, or an agency named by an initiative."""

    name_ko = models.CharField(
        max_length=120, unique=True, verbose_name=_("Korean name")
    )
    name_en = models.CharField(
        max_length=160, blank=True, verbose_name=_("English name")
    )
    kind = models.CharField(
        max_length=40, blank=True, verbose_name=_("type of organisation")
    )

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name_ko


class InitiativeKind(Bilingual, models.Model):
    """One kind of the typology of municipal AI policy (tracker/reading/kinds.py)."""

    class OecdCategory(models.TextChoices):
        GOVERNANCE = "governance", _("governance")
        FINANCIAL = "financial support", _("financial support")
        REGULATION = "guidance and regulation", _("guidance and regulation")
        ENABLERS = (
            "AI enablers and other incentives",
            _("AI enablers and other incentives"),
        )

    slug = models.SlugField(max_length=40, unique=True, verbose_name=_("slug"))
    name_ko = models.CharField(max_length=80, verbose_name=_("Korean name"))
    name_en = models.CharField(max_length=120, verbose_name=_("English name"))
    definition_ko = models.TextField(blank=True, verbose_name=_("definition (Korean)"))
    definition_en = models.TextField(blank=True, verbose_name=_("definition (English)"))
    cue_words = models.JSONField(
        default=list,
        blank=True,
        help_text=_("words that signal this kind in an initiative's name or sentence"),
        verbose_name=_("cue words"),
    )
    oecd_category = models.CharField(
        max_length=40, choices=OecdCategory, verbose_name=_("OECD.AI category")
    )
    oecd_instrument = models.CharField(
        max_length=120, blank=True, verbose_name=_("OECD.AI instrument")
    )
    category = models.CharField(max_length=16, blank=True, verbose_name=_("category"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("kind of initiative")
        verbose_name_plural = _("kinds of initiative")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name_ko

    def clean(self) -> None:
        if not isinstance(self.cue_words, list) or not all(
            isinstance(cue, str) and cue.strip() for cue in self.cue_words
        ):
            raise ValidationError({"cue_words": _("Give a list of non-empty words.")})

    def as_spec(self) -> KindSpec:
        """The row as the discovery step reads it: a curator's cue edit takes effect."""
        return KindSpec(
            slug=self.slug,
            name_ko=self.name_ko,
            name_en=self.name_en,
            definition_ko=self.definition_ko,
            definition_en=self.definition_en,
            cues=tuple(
                cue.strip()
                for cue in self.cue_words
                if isinstance(cue, str) and cue.strip()
            ),
            oecd_category=self.oecd_category,
            oecd_instrument=self.oecd_instrument,
            category=self.category,
        )


class InitiativeQuerySet(models.QuerySet):
    def not_rejected(self):
        """What analysts see: confirmed records and open suggestions."""
        return self.exclude(review_state=ReviewState.REJECTED)

    def awaiting_review(self):
        """Discovered initiatives no curator has decided on: the review queue's section."""
        return self.filter(
            origin=Initiative.Origin.DISCOVERED, review_state=ReviewState.SUGGESTED
        )

    def for_review(self):
        """Kind, districts, and each tag with its article, earliest first: what the
        review queue shows of an initiative, in a fixed number of queries."""
        links = (
            InitiativeLink.objects.select_related("article")
            .defer(
                "article__body",
                "article__captions",
                "article__sketch",
                *(f"article__{name}" for name in search.FIELDS),
            )
            # Undated last on every database (PostgreSQL would put them last, SQLite first).
            .order_by(F("article__published_at").asc(nulls_last=True), "pk")
        )
        return self.select_related("kind").prefetch_related(
            "districts", models.Prefetch("links", links)
        )

    def named(self, text: str):
        """Whose name (Korean, English, slug or a wording an article used) contains
        `text`: the review queue's search for a merge or a tag's new initiative."""
        reported = InitiativeLink.objects.filter(
            initiative=models.OuterRef("pk"), name_as_reported__icontains=text
        ).exclude(review_state=ReviewState.REJECTED)
        return self.filter(
            Q(name_ko__icontains=text)
            | Q(name_en__icontains=text)
            | Q(slug__icontains=text)
            | models.Exists(reported)
        )

    def orphaned(self):
        """Untouched suggestions no article reports any more: a re-tag removes them."""
        return self.awaiting_review().filter(reviewed_at__isnull=True, links=None)

    def with_article_counts(self):
        """`n`: articles analysts see with a standing tag, i.e. the rows of
        /articles/?initiative=<slug>, so a count and its list always agree. Read
        from kept counts: call Tally.objects.refresh() before evaluating."""
        kept = (
            Tally.objects.filter(
                dimension=Tally.Dimension.INITIATIVE,
                key=Cast(models.OuterRef("pk"), models.CharField()),
            )
            .order_by()
            .values("key")
            .annotate(total=models.Sum("n"))
            .values("total")
        )
        return self.annotate(n=Coalesce(models.Subquery(kept), 0))


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

    Stage = Stage

    class Origin(models.TextChoices):
        CATALOGUE = "catalogue", _("catalogue")
        DISCOVERED = "discovered", _("discovered in articles")
        CURATOR = "curator", _("added by a curator")

    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))
    name_ko = models.CharField(max_length=200, verbose_name=_("Korean name"))
    # Discovered initiatives have no English name until a curator gives one;
    # `name` falls back to name_ko.
    name_en = models.CharField(
        max_length=200, blank=True, verbose_name=_("English name")
    )
    districts = models.ManyToManyField(
        District, related_name="initiatives", blank=True, verbose_name=_("districts")
    )
    category = models.CharField(
        max_length=16, choices=Category, verbose_name=_("category")
    )
    kind = models.ForeignKey(
        "tracker.InitiativeKind",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("kind of initiative"),
    )
    stage = models.CharField(
        max_length=14, choices=Stage, default=Stage.PLANNED, verbose_name=_("stage")
    )
    origin = models.CharField(
        max_length=10, choices=Origin, default=Origin.CURATOR, verbose_name=_("origin")
    )
    # Discovered initiatives start as suggestions; catalogue and curators' are confirmed.
    review_state = models.CharField(
        max_length=10,
        choices=ReviewState,
        default=ReviewState.CONFIRMED,
        verbose_name=_("review state"),
    )
    # The last curator who decided on it (confirmed, renamed, re-typed, merged,
    # rejected): a re-tag never deletes an initiative a curator has touched.
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
    # Wordings articles used for it: resolution compares new mentions with these.
    known_names = models.JSONField(
        default=list, blank=True, verbose_name=_("known wordings")
    )
    summary_ko = models.TextField(blank=True, verbose_name=_("summary (Korean)"))
    summary_en = models.TextField(blank=True, verbose_name=_("summary (English)"))
    match_terms = models.JSONField(
        default=list,
        blank=True,
        help_text=_("phrases, or regular expressions written /like this/"),
        verbose_name=_("match terms"),
    )
    partners = models.ManyToManyField(
        Organisation, related_name="initiatives", blank=True, verbose_name=_("partners")
    )
    first_seen = models.DateField(
        null=True, blank=True, verbose_name=_("first reported")
    )
    last_seen = models.DateField(null=True, blank=True, verbose_name=_("last seen"))
    articles = models.ManyToManyField(
        Article,
        through="InitiativeLink",
        related_name="initiatives",
        verbose_name=_("articles"),
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = pgettext_lazy("model", "initiatives")
        ordering = ["name_ko"]
        indexes = [
            models.Index(fields=["category", "stage"]),
            models.Index(fields=["kind", "review_state"]),
        ]

    def __str__(self) -> str:
        return self.name_ko

    def get_absolute_url(self) -> str:
        return reverse("tracker:initiative-detail", args=[self.slug])

    def clean(self) -> None:
        from tracker.reading.tagging import term_pattern

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
        if fields := self.widen_seen(day):
            self.save(update_fields=fields)

    def widen_seen(self, day) -> list[str]:
        """Widen first/last seen to include `day`, unsaved; the fields that changed."""
        first = min(filter(None, [self.first_seen, day]))
        last = max(filter(None, [self.last_seen, day]))
        if (first, last) == (self.first_seen, self.last_seen):
            return []
        self.first_seen, self.last_seen = first, last
        return ["first_seen", "last_seen"]

    def refresh_seen(self) -> None:
        """First/last seen from the articles analysts see with a standing tag: after a
        curator rejects something, its dates stop counting."""
        seen = (
            Article.objects.visible()
            .filter(
                initiative_links__initiative=self,
                initiative_links__review_state__in=[
                    ReviewState.SUGGESTED,
                    ReviewState.CONFIRMED,
                ],
            )
            .aggregate(
                first=models.Min("published_at"), last=models.Max("published_at")
            )
        )
        self.first_seen, self.last_seen = (
            timezone.localdate(seen[k]) if seen[k] else None for k in ("first", "last")
        )
        self.save(update_fields=["first_seen", "last_seen"])


class InitiativeRedirect(models.Model):
    """The slug of an initiative merged into another: old links keep working."""

    old_slug = models.SlugField(max_length=80, unique=True, verbose_name=_("old slug"))
    initiative = models.ForeignKey(
        Initiative,
        models.CASCADE,
        related_name="redirects",
        verbose_name=_("initiative"),
    )

    class Meta:
        verbose_name = _("initiative redirect")
        verbose_name_plural = _("initiative redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.initiative.slug}"
