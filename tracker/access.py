"""REQUIRE_LOGIN: one setting turns the public dashboard into an internal site."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from tracker.roles import is_analyst_or_above

# Paths anyone may reach even when login is required: the login itself, assets, probes.
OPEN_PREFIXES = (
    "/accounts/",
    "/admin/login/",
    "/static/",
    "/healthz",
    "/i18n/",
    # The API answers for itself (tracker/api/permissions.py): a token is a login too,
    # and a client wants a 401, not a redirect to the login page.
    "/api/",
    # The signed token in the link is the proof; mail clients post it without a session.
    "/alerts/unsubscribe/",
)


class RequireLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_LOGIN and not request.path.startswith(OPEN_PREFIXES):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_analyst_or_above(request.user):
                raise PermissionDenied("Ask an admin to add you to the analyst group.")
        return self.get_response(request)
