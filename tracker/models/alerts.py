"""Saved searches and the record of every alert sent for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.models.articles import Article
from tracker.models.initiatives import Initiative


class SavedSearchQuerySet(models.QuerySet):
    def due(self, frequency: str):
        return self.filter(frequency=frequency, is_active=True, user__is_active=True)


class SavedSearch(models.Model):
    """An article-list filter a signed-in user follows by e-mail.

    Only articles ingested after it was saved are news to it: saving a search does
    not mail the whole archive.
    """

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("as they arrive")
        DAILY = "daily", _("daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    label = models.CharField(max_length=120, verbose_name=_("label"))
    # The article list's query string, as the page wrote it (no page number).
    query = models.CharField(max_length=2000, blank=True, verbose_name=_("filters"))
    frequency = models.CharField(
        max_length=8,
        choices=Frequency,
        default=Frequency.DAILY,
        verbose_name=_("how often"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("e-mails on"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("saved at"))
    last_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last e-mailed")
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["frequency", "is_active"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query"], name="saved_search_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        url = reverse("tracker:article-list")
        return f"{url}?{self.query}" if self.query else url

    def filter_data(self) -> QueryDict:
        return QueryDict(self.query)


class SentAlert(models.Model):
    """One article or initiative mailed for one saved search: never mailed again."""

    saved_search = models.ForeignKey(
        SavedSearch, models.CASCADE, related_name="sent", verbose_name=_("saved search")
    )
    article = models.ForeignKey(
        Article,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    initiative = models.ForeignKey(
        Initiative,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("sent alert")
        verbose_name_plural = _("sent alerts")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "article"],
                condition=Q(article__isnull=False),
                name="alert_article_once",
            ),
            models.UniqueConstraint(
                fields=["saved_search", "initiative"],
                condition=Q(initiative__isnull=False),
                name="alert_initiative_once",
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=False, initiative__isnull=True)
                | Q(article__isnull=True, initiative__isnull=False),
                name="alert_names_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.saved_search} · {self.article_id or self.initiative_id}"
