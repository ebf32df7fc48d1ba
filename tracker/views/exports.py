"""CSV downloads of every list, with the same filters as the pages they come from."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from districts.models import District
from tracker import exports
from tracker.filters import ArticleFilter, InitiativeFilter
from tracker.models import Article, Initiative


def stamp(name: str) -> str:
    return f"{name}-{timezone.localdate():%Y%m%d}.csv"


def filtered_articles(request: HttpRequest):
    return ArticleFilter(request.GET, queryset=Article.objects.listable()).qs


def articles_csv(request: HttpRequest) -> HttpResponse:
    rows = exports.article_rows(filtered_articles(request))
    return exports.csv_response(stamp("articles"), exports.ARTICLE_HEADER, rows)


def initiatives_csv(request: HttpRequest) -> HttpResponse:
    initiatives = InitiativeFilter(
        request.GET, queryset=Initiative.objects.not_rejected()
    ).qs
    rows = exports.initiative_rows(initiatives)
    return exports.csv_response(stamp("initiatives"), exports.INITIATIVE_HEADER, rows)


def districts_csv(request: HttpRequest) -> HttpResponse:
    rows = exports.district_rows(District.objects.all())
    return exports.csv_response(stamp("districts"), exports.DISTRICT_HEADER, rows)


def evidence_csv(request: HttpRequest) -> HttpResponse:
    rows = exports.evidence_rows(filtered_articles(request))
    return exports.csv_response(stamp("evidence"), exports.EVIDENCE_HEADER, rows)
