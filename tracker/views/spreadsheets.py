"""Excel downloads, with the same filters and file names as the CSV they sit beside."""

from django.http import HttpRequest, HttpResponse

from tracker import xlsx
from tracker.views.exports import article_filter, filename, site


def articles_xlsx(request: HttpRequest) -> HttpResponse:
    filterset = article_filter(request)
    name = filename("articles", filterset).removesuffix(".csv") + ".xlsx"
    return xlsx.articles_response(name, filterset.qs, site(request))
