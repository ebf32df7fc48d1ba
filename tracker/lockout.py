"""Lock an account out after repeated failed logins, for a while, per user name and address.

A small cache-based guard instead of a package: failures are counted in the cache
(Redis in production, so every web process sees them) and the backend refuses a
locked user name before checking the password, so guessing gains nothing.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

# Per user name and address, and per user name alone with a higher limit: a guesser
# who changes addresses is stopped too, while one address cannot lock a user out
# on the first few tries.
ANY_ADDRESS_FACTOR = 4


def _keys(username: str, request) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    name = (username or "").lower()
    return f"login-failures:{name}:{address}", f"login-failures:{name}:*"


def is_locked(username: str, request) -> bool:
    here, anywhere = _keys(username, request)
    limit = settings.LOGIN_FAILURE_LIMIT
    return (
        cache.get(here, 0) >= limit
        or cache.get(anywhere, 0) >= limit * ANY_ADDRESS_FACTOR
    )


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and is_locked(username, request):
            # PermissionDenied stops Django from trying the other backends.
            raise PermissionDenied("Too many failed logins; try again later.")
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    for key in _keys(credentials.get("username", ""), request):
        cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    cache.delete(_keys(user.get_username(), request)[0])


class LockoutAuthenticationForm(AuthenticationForm):
    """Says plainly that the account is locked, instead of 'wrong password'."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_locked(username, self.request):
            raise ValidationError(
                _("Too many failed logins. Try again in %(minutes)d minutes.")
                % {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
                code="locked",
            )
        return super().clean()
