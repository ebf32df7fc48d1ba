"""CSV downloads of every list, with the same filters as the pages they come from.

A file says what it holds: its name carries the filters that made it
(articles-gangseo-primary-2025-20251129.csv), and its rows carry addresses on this
site, so a CSV passed on by e-mail still leads back to the pages.
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tracker import exports, periods, profiles
from tracker.filters import ArticleFilter, InitiativeFilter
from tracker.models import Article, Initiative

# How many characters of one filter value a file name keeps.
NAME_PART = 30


def filename(prefix: str, filterset=None, extra=()) -> str:
    """`prefix`, the values of the filters that apply, and today's date."""
    parts = [prefix]
    if filterset is not None and filterset.is_valid():
        for value in filterset.form.cleaned_data.values():
            if value in (None, "", []):
                continue
            values = value if isinstance(value, list | tuple) else [value]
            parts.append("+".join(part(v) for v in values))
    parts += [part(value) for value in extra if value]
    parts.append(f"{timezone.localdate():%Y%m%d}")
    return "-".join(p for p in parts if p) + ".csv"


def part(value) -> str:
    """A filter value as a piece of a file name: dates as 2025-03-01, no spaces."""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    text = "_".join(text.split())
    return "".join(c for c in text if c not in '\\/:*?"<>|')[:NAME_PART]


def site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def article_filter(request: HttpRequest) -> ArticleFilter:
    return ArticleFilter(request.GET, queryset=Article.objects.listable())


def articles_csv(request: HttpRequest) -> HttpResponse:
    filterset = article_filter(request)
    rows = exports.article_rows(filterset.qs, site(request))
    return exports.csv_response(
        filename("articles", filterset), exports.ARTICLE_HEADER, rows
    )


def initiatives_csv(request: HttpRequest) -> HttpResponse:
    filterset = InitiativeFilter(
        request.GET, queryset=Initiative.objects.not_rejected()
    )
    rows = exports.initiative_rows(filterset.qs)
    return exports.csv_response(
        filename("initiatives", filterset), exports.INITIATIVE_HEADER, rows
    )


def districts_csv(request: HttpRequest) -> HttpResponse:
    """The /districts/ table for its period, in its order."""
    span = periods.period(request.GET.get("period"))
    sort = request.GET.get("sort") or profiles.DEFAULT_SORT
    rows = exports.district_rows(profiles.district_table(span, sort), site(request))
    return exports.csv_response(
        filename("districts", extra=[span.key]), exports.DISTRICT_HEADER, rows
    )


def evidence_csv(request: HttpRequest) -> HttpResponse:
    filterset = article_filter(request)
    rows = exports.evidence_rows(filterset.qs, site(request))
    return exports.csv_response(
        filename("evidence", filterset), exports.EVIDENCE_HEADER, rows
    )
