"""Lock an account out after repeated failed logins, for a while, per user name and address.

Each password check is counted *before* it happens, in one database statement
(INSERT ... ON CONFLICT DO UPDATE ... RETURNING, the same on PostgreSQL and
SQLite): with the limit at 5, the sixth request for a name and address is refused
without a check however many arrive at once, in every web process, with or
without Redis. A successful login takes its own count back.

Why not django-axes: it checks the count before authenticating and records the
failure after, so concurrent requests all pass the check (the race this replaces).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.models import LoginAttempt

# Per user name and address, and per user name alone with a higher limit: a guesser
# who changes addresses is stopped too, while one address cannot lock a user out
# on the first few tries.
ANY_ADDRESS_FACTOR = 4
REFUSED = "_login_refused"


@dataclass(frozen=True)
class Counter:
    username: str
    address: str
    limit: int


def counters(username: str, request) -> tuple[Counter, Counter]:
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    name = (username or "").lower()[:150]
    limit = settings.LOGIN_FAILURE_LIMIT
    return (
        Counter(name, address[:45], limit),
        Counter(name, LoginAttempt.ANYWHERE, limit * ANY_ADDRESS_FACTOR),
    )


def count(counter: Counter) -> int:
    """Add one check to the counter and return the new count, in one statement."""
    now = timezone.now()
    table = connection.ops.quote_name(LoginAttempt._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    expired = f"{table}.expires_at < %s"
    sql = (
        f"INSERT INTO {table} (username, address, attempts, expires_at) "
        "VALUES (%s, %s, 1, %s) "
        "ON CONFLICT (username, address) DO UPDATE SET "
        f"attempts = CASE WHEN {expired} THEN 1 ELSE {table}.attempts + 1 END, "
        f"expires_at = CASE WHEN {expired} THEN excluded.expires_at "
        f"ELSE {table}.expires_at END "
        "RETURNING attempts"
    )
    until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    params = [
        counter.username,
        counter.address,
        adapt(until),
        adapt(now),
        adapt(now),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def reserve(username: str, request) -> bool:
    """Count one password check for the name; False when the limit is reached
    (at this address, or from anywhere) and the password must not be checked."""
    here, anywhere = counters(username, request)
    return count(here) <= here.limit and count(anywhere) <= anywhere.limit


def purge(now) -> int:
    return LoginAttempt.objects.filter(expires_at__lt=now).delete()[0]


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and not reserve(username, request):
            if request is not None:
                setattr(request, REFUSED, True)
            # PermissionDenied stops Django from trying the other backends.
            raise PermissionDenied("Too many failed logins; try again later.")
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    """A right password clears this address's count and takes back its own check."""
    here, anywhere = counters(user.get_username(), request)
    LoginAttempt.objects.filter(username=here.username, address=here.address).delete()
    LoginAttempt.objects.filter(
        username=anywhere.username, address=anywhere.address, attempts__gt=0
    ).update(attempts=F("attempts") - 1)


class LockoutAuthenticationForm(AuthenticationForm):
    """Says plainly that the account is locked, instead of 'wrong password', when the
    password was not even checked."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, REFUSED, False):
                raise ValidationError(
                    _("Too many failed logins. Try again in %(minutes)d minutes.")
                    % {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
                    code="locked",
                ) from None
            raise
