"""Error pages of the site, in the site's language, for every way a request can fail.

Django's defaults answer some failures with a bare English line ("Bad Request
(400)") and render others without the request (no header, no login state). These
render the site's own templates with the request. Oversized or over-numerous
uploads are caught before any view (and before the CSRF check reads the form), so
they get a page saying which limit was passed, in DEBUG too.
"""

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from tracker.forms import megabytes


def error_page(
    request: HttpRequest, status: int, title: str, message: str
) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return limit_page(request, exception) or error_page(
        request,
        400,
        _("Bad request"),
        _("The request could not be understood. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: whatever failed may fail again while rendering it.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request,
        403,
        _("The form has expired"),
        _(
            "The page was open too long, or cookies are blocked, so the form could "
            "not be checked. Reload the page and send it again."
        ),
    )


def limit_page(request: HttpRequest, exception) -> HttpResponse | None:
    """The page for a request that passed one of Django's upload limits, or None."""
    if isinstance(exception, TooManyFilesSent):
        return error_page(
            request,
            400,
            _("Too many files"),
            _(
                "At most %(count)d files can be uploaded at once. Upload them in "
                "several goes, or put them in a .zip archive."
            )
            % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
        )
    if isinstance(exception, TooManyFieldsSent):
        return error_page(
            request,
            400,
            _("Too many fields"),
            _("The form sent more fields than the site accepts."),
        )
    if isinstance(exception, RequestDataTooBig):
        return error_page(
            request,
            413,
            _("Too much text"),
            _(
                "The form sent more than %(size)s of text. Send fewer lines at a "
                "time, or upload files instead."
            )
            % {"size": megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
        )
    return None


class UploadLimitsMiddleware:
    """Read a POST's form here, so passing an upload limit gets the site's page
    instead of Django's technical or bare 400 (the CSRF check would read it next)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsing is the point
            except (TooManyFilesSent, TooManyFieldsSent, RequestDataTooBig) as error:
                return limit_page(request, error)
        return self.get_response(request)
