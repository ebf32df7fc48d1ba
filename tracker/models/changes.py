"""The history of curators' changes."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What each recorded action means, for people reading the history.
ACTION_LABELS = {
    "scope corrected": _("scope corrected"),
    "link confirmed": _("suggestion confirmed"),
    "link rejected": _("suggestion rejected"),
    "link suggested": _("suggestion reopened"),
    "link changed": _("suggestion changed"),
    "article approved": _("article approved"),
    "article rejected": _("article rejected"),
    "article pending": _("article reopened"),
    "marked duplicate": _("marked as a copy"),
    "stage advanced": _("stage advanced"),
    "initiatives merged": _("initiatives merged"),
    "initiative confirmed": _("initiative confirmed"),
    "initiative rejected": _("initiative rejected"),
    "initiative renamed": _("initiative renamed"),
    "initiative re-typed": _("initiative kind changed"),
    # Written by the suggestion flow before migration 0010; old history rows keep them.
    "suggestion accepted": _("suggested initiative accepted"),
    "suggestion merged": _("suggested initiative merged"),
    "suggestion dismissed": _("suggested initiative dismissed"),
    "source re-enabled": _("feed re-enabled"),
    "created in admin": _("created in admin"),
    "edited in admin": _("edited in admin"),
    "deleted in admin": _("deleted in admin"),
}


class ChangeQuerySet(models.QuerySet):
    def about(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class Change(models.Model):
    """One curator change: who, when, what changed from what to what, and why."""

    content_type = models.ForeignKey(
        ContentType, models.CASCADE, verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("object ID"))
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(
        max_length=300,
        help_text=_("what was changed, as shown then"),
        verbose_name=_("object as shown then"),
    )
    # Choices only to show the labels (the admin's list and filter); an action not
    # listed still shows as written.
    action = models.CharField(
        max_length=40, choices=list(ACTION_LABELS.items()), verbose_name=_("action")
    )
    changes = models.JSONField(
        default=dict,
        help_text=_("{field: [before, after]}"),
        verbose_name=_("fields changed"),
    )
    reason = models.CharField(max_length=300, blank=True, verbose_name=_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("curator"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("when"))

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("curator's change")
        verbose_name_plural = _("history of changes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.label}"

    def get_action_display(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)
