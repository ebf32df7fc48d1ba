"""Failed-login counters: one row per user name and address, and per user name alone."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginAttempt(models.Model):
    """Password checks for a user name from one address ("*": from anywhere).

    The counter is raised in one statement *before* a password is checked
    (tracker/lockout.py), so concurrent requests cannot all slip under the limit:
    the database, shared by every web process, is the only judge.
    """

    ANYWHERE = "*"

    username = models.CharField(max_length=150, verbose_name=_("user name"))
    address = models.CharField(max_length=45, verbose_name=_("address"))
    attempts = models.PositiveIntegerField(
        default=0, verbose_name=_("passwords checked")
    )
    # The count starts over after this; a locked-out name stays locked until then.
    expires_at = models.DateTimeField(verbose_name=_("counted until"))

    class Meta:
        verbose_name = _("login counter")
        verbose_name_plural = _("login counters")
        constraints = [
            models.UniqueConstraint(
                fields=["username", "address"], name="login_attempt_unique"
            )
        ]
        # Expired rows are purged by the beat task.
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.username}@{self.address}: {self.attempts}"
