"""Excel downloads, with the same filters as the pages they come from."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tracker import xlsx
from tracker.views.exports import filtered_articles


def articles_xlsx(request: HttpRequest) -> HttpResponse:
    name = f"articles-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx.articles_response(name, filtered_articles(request))
