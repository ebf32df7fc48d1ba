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


def _key(username: str, request) -> str:
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    return f"login-failures:{(username or '').lower()}:{address}"


def is_locked(username: str, request) -> bool:
    return cache.get(_key(username, request), 0) >= settings.LOGIN_FAILURE_LIMIT


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
    key = _key(credentials.get("username", ""), request)
    cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    cache.delete(_key(user.get_username(), request))


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
