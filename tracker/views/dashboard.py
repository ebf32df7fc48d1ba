"""The analysts' pages: overview, articles, article.

The district pages and the comparison are in tracker/views/districts.py, the
initiative pages in tracker/views/initiatives.py."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from districts.choropleth import choropleth
from districts.models import District
from districts.tilemap import tile_map
from tracker import dashboard, figures, snippets
from tracker.charts import time_chart
from tracker.filters import ArticleFilter, clean_query
from tracker.forms import ScopeForm
from tracker.highlight import article_marks, paragraphs
from tracker.listing import article_listing
from tracker.models import (
    Article,
    Initiative,
    InitiativeLink,
    ReviewState,
)
from tracker.paging import CappedPaginator, PageBeyondCap
from tracker.views.periods import selector

FACETS_UP_TO = 5_000


def home(request: HttpRequest) -> HttpResponse:
    span = dashboard.period(request.GET.get("period"))
    context = {
        "span": span,
        # The rendered page is cached under the version its figures were counted at.
        "figures_version": figures.version(),
        "periods": selector(request, span),
        # Counted, drawn and read only when the cached page has to be rendered again.
        "overview": SimpleLazyObject(lambda: overview(span)),
    }
    return render(request, "tracker/home.html", context)


def overview(span) -> dict:
    """What the overview shows for `span`: map, charts, counts, recent articles."""
    counted = dashboard.overview_figures(span)

    def district_url(district):
        return dashboard.articles_url(
            district=district.slug, role="primary", **span.params
        )

    districts = list(District.objects.all())
    unit, bins = counted["bins"]
    kind_unit, kind_rows = counted["kind_bins"]
    return {
        "map": choropleth(districts, counted["per_district"], url_for=district_url),
        "tiles": tile_map(districts, counted["per_district"], url_for=district_url),
        "total": counted["total"],
        "total_url": dashboard.articles_url(**span.params),
        "recent": dashboard.visible_in(span).for_listing()[:8],
        "initiatives": counted["initiatives"],
        "chart": time_chart(bins, unit),
        "kind_charts": kind_charts(kind_unit, kind_rows),
        "categories": counted["categories"],
        "stages": counted["stages"],
        "kinds": counted["kinds"],
        "citywide": dashboard.citywide_articles().for_listing()[:5],
    }


def kind_charts(unit: str, rows: list[dict]) -> list[dict]:
    """One small chart per kind of initiative, all on the same y scale."""
    top = max((b.value for row in rows for b in row["bins"]), default=0)
    return [
        {
            "kind": row["kind"],
            "total": sum(b.value for b in row["bins"]),
            "chart": time_chart(
                row["bins"], unit, y_max=top, plot_height=44, compact=True
            ),
        }
        for row in rows
    ]


def article_list(request: HttpRequest) -> HttpResponse:
    filterset = ArticleFilter(request.GET, queryset=Article.objects.listable())
    listing = article_listing(filterset)
    paginator = CappedPaginator(listing, 25)
    try:
        page = paginator.get_page_within_cap(request.GET.get("page"))
    except PageBeyondCap:
        page = None  # the page says how far the pages reach, with the filters at hand
    if page is not None:
        # Read only when the page's rows are not in the cache already rendered.
        rows = page.object_list
        page.object_list = SimpleLazyObject(lambda: with_snippets(rows, listing.search))
    context = {
        "filterset": filterset,
        "page": page,
        "beyond_cap": page is None,
        "paginator": paginator,
        "listing": listing,
        "query": clean_query(request),
        "facets": facets(filterset, paginator),
        "initiatives": initiative_choices(request.GET.get("initiative", "")),
    }
    template = (
        "tracker/_article_results.html" if request.htmx else "tracker/article_list.html"
    )
    response = render(request, template, context, status=404 if page is None else 200)
    # One address, two bodies (the fragment htmx asked for, the whole page): without
    # this a browser's Back from an article showed the cached fragment, bare.
    patch_vary_headers(response, ["HX-Request"])
    return response


def with_snippets(rows, search: str) -> list:
    rows = list(rows)
    snippets.annotate(rows, search)
    return rows


def initiative_choices(selected: str):
    """The article list's initiative menu: the confirmed ones (suggestions grow with
    every article; each links to its articles from its own page), and the one chosen."""
    return Initiative.objects.filter(
        Q(review_state=ReviewState.CONFIRMED) | Q(slug=selected)
    ).only("slug", "name_ko", "name_en")


def facets(filterset: ArticleFilter, paginator: CappedPaginator) -> dict:
    """Counts per district and category within the current filters, cached briefly.

    Only for up to FACETS_UP_TO articles, counted (not past the list's cap): they
    read every matching article's links, and for more the district and category
    filters are at hand.
    """
    counted = not paginator.is_capped and 0 < paginator.count <= FACETS_UP_TO
    if not filterset.is_valid() or not counted:
        return {}

    listing = paginator.object_list
    searched = listing.search and listing.hits[1] is not None

    def compute():
        # A search's matches are at hand (their ids, read with the count).
        articles = listing.hits[1] if searched else filterset.qs.order_by().values("pk")
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
    # Every stored article has a page, those outside Seoul or off the subject too:
    # the page says it does not count, and a curator can correct that.
    article = get_object_or_404(
        Article.objects.for_listing().select_related("duplicate_of", "raw"), pk=pk
    )
    title, body = paragraphs(article, article_marks(article))
    context = {
        "article": article,
        "title_html": title,
        "body_html": body,
        "copies": article.duplicates.all(),
        "counts": article_counts(article),
    }
    if request.user.has_perm("tracker.change_article"):
        context["scope_form"] = ScopeForm.for_article(article)
    return render(request, "tracker/article_detail.html", context)


def article_counts(article: Article) -> bool:
    """Whether the article counts in the analysts' figures (Article.objects.visible)."""
    return (
        article.duplicate_of_id is None
        and article.scope != Article.Scope.OUT_OF_SCOPE
        and bool(article.is_relevant)
        and article.status != Article.Status.REJECTED
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and compose health checks: the database answers."""
    District.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
