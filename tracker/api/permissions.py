"""Who may read the API: anyone, or with REQUIRE_LOGIN the same people as the pages."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from tracker.roles import is_analyst_or_above


class ReadOnlyForReaders(BasePermission):
    """Reads only; with REQUIRE_LOGIN=1, by an analyst or above (session or token)."""

    def has_permission(self, request, view) -> bool:
        if request.method not in SAFE_METHODS:
            return False
        if not settings.REQUIRE_LOGIN:
            return True
        user = request.user
        return bool(user and user.is_authenticated and is_analyst_or_above(user))
