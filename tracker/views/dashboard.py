"""The analysts' pages: overview, articles, article, compare, district.

The initiative pages are in tracker/views/initiatives.py."""

from urllib.parse import urlencode

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from districts.models import District
from districts.tilemap import tile_map
from tracker import dashboard, figures
from tracker.charts import bars
from tracker.filters import ArticleFilter
from tracker.highlight import article_marks, paragraphs
from tracker.models import (
    Article,
    Initiative,
    InitiativeLink,
)
from tracker.paging import CappedPaginator


def home(request: HttpRequest) -> HttpResponse:
    span = dashboard.period(request.GET.get("period"))
    figures = dashboard.overview_figures(span)
    articles = dashboard.visible_in(span)

    def district_url(district):
        return dashboard.articles_url(
            district=district.slug, role="primary", **span.params
        )

    context = {
        "span": span,
        "periods": dashboard.PERIODS,
        "tiles": tile_map(
            District.objects.all(), figures["per_district"], url_for=district_url
        ),
        "total": figures["total"],
        "total_url": dashboard.articles_url(**span.params),
        "recent": articles.for_listing()[:8],
        "initiatives": figures["initiatives"],
        "chart": month_chart(figures["months"]),
        "categories": figures["categories"],
        "stages": figures["stages"],
        "kinds": figures["kinds"],
        "citywide": dashboard.citywide_articles().for_listing()[:5],
    }
    return render(request, "tracker/home.html", context)


def month_chart(months: list[dict], **params) -> dict:
    return bars(
        [
            (
                m["month"].strftime("%Y-%m"),
                m["n"],
                dashboard.articles_url(
                    published_after=m["start"], published_before=m["end"], **params
                ),
            )
            for m in months
        ]
    )


def article_list(request: HttpRequest) -> HttpResponse:
    filterset = ArticleFilter(request.GET, queryset=Article.objects.listable())
    page = CappedPaginator(filterset.qs.for_listing(), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "filterset": filterset,
        "page": page,
        "query": clean_query(request),
        "facets": facets(filterset, page.paginator),
        "initiatives": Initiative.objects.only("slug", "name_ko", "name_en"),
    }
    template = (
        "tracker/_article_results.html" if request.htmx else "tracker/article_list.html"
    )
    return render(request, template, context)


def clean_query(request: HttpRequest) -> str:
    """The filter state without empty fields or the page: for links and exports."""
    kept = [
        (key, value)
        for key, values in request.GET.lists()
        for value in values
        if value and key != "page"
    ]
    return urlencode(kept)


def facets(filterset: ArticleFilter, paginator: CappedPaginator) -> dict:
    """Counts per district and category within the current filters, cached briefly.

    Skipped past the paginator's cap: they would read every matching article (the
    whole table, unfiltered), and the district and category filters are at hand.
    """
    if not filterset.is_valid() or paginator.is_capped:
        return {}

    def compute():
        articles = filterset.qs.order_by().values("pk")
        districts = (
            # One filter() call: both conditions hold for the same link.
            District.objects.filter(
                article_links__article__in=articles,
                article_links__review_state__in=["suggested", "confirmed"],
            )
            .annotate(n=Count("article_links__article", distinct=True))
            .order_by("-n")
        )
        categories = (
            InitiativeLink.objects.not_rejected()
            .filter(article__in=articles)
            .values("initiative__category")
            .annotate(n=Count("article", distinct=True))
            .order_by("-n")
        )
        labels = dict(Initiative.Category.choices)
        return {
            "districts": [(d.slug, d.name_ko, d.name_en, d.n) for d in districts],
            "categories": [
                (
                    row["initiative__category"],
                    str(labels[row["initiative__category"]]),
                    row["n"],
                )
                for row in categories
            ],
        }

    return figures.cached("facets", compute, filterset.data.urlencode())


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.in_seoul().for_listing().select_related("duplicate_of", "raw"),
        pk=pk,
    )
    title, body = paragraphs(article, article_marks(article))
    context = {
        "article": article,
        "title_html": title,
        "body_html": body,
        "copies": article.duplicates.all(),
    }
    return render(request, "tracker/article_detail.html", context)


def compare(request: HttpRequest) -> HttpResponse:
    slugs = [s for s in request.GET.get("districts", "").split(",") if s][:5]
    districts = list(District.objects.filter(slug__in=slugs))
    if slugs and len(districts) != len(set(slugs)):
        raise Http404("Unknown district in the list.")
    columns = [profile(d) for d in sorted(districts, key=lambda d: slugs.index(d.slug))]
    context = {
        "columns": columns,
        "all_districts": District.objects.all(),
        "chosen": slugs,
        "categories": Initiative.Category.choices,
        "stages": Initiative.Stage.choices,
    }
    return render(request, "tracker/compare.html", context)


def profile(district: District) -> dict:
    """A district's profile with its monthly chart linking to the lists behind each bar."""
    figures = dashboard.district_profile(district)
    figures["chart"] = month_chart(
        figures["months"], district=district.slug, role="primary"
    )
    return figures


def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    context = profile(district) | {
        "recent": dashboard.district_articles(district).for_listing()[:10],
        "aliases": district.aliases.exclude(kind__in=["dong", "legal_dong"]),
        "dong_count": district.aliases.filter(kind="dong").count(),
        "citywide": dashboard.citywide_articles().for_listing()[:5],
        "citywide_initiatives": Initiative.objects.not_rejected().filter(
            districts=None
        ),
    }
    return render(request, "districts/district_detail.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and compose health checks: the database answers."""
    District.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
