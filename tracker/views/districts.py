"""The district pages: the list with its map, one district, the comparison, their
printable versions and the comparison's CSV.

The page about a district is the tracker's (its activity), so it lives here and
districts/urls.py points at it.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from districts.choropleth import choropleth
from districts.models import District
from districts.tilemap import tile_map
from tracker import compare_export, dashboard, exports, figures, periods, profiles
from tracker.models import Initiative, InitiativeKind
from tracker.views.periods import selector

MAX_COMPARED = 5
# Names read from ?districts= at most: as many as there are districts.
MAX_NAMES = 25


def district_list(request: HttpRequest) -> HttpResponse:
    span = periods.period(request.GET.get("period"))
    sort = request.GET.get("sort") or profiles.DEFAULT_SORT
    rows = profiles.district_table(span, sort)
    values = {row.district.pk: row.articles for row in rows}
    districts = [row.district for row in rows]
    context = {
        "span": span,
        "periods": selector(request, span, keep=["sort"]),
        "rows": rows,
        "sort": sort,
        "sort_links": sort_links(request, sort),
        "map": choropleth(districts, values),
        "tiles": tile_map(districts, values),
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "districts/district_list.html", context)


def sort_links(request: HttpRequest, sort: str) -> dict[str, str]:
    """For each column, the link that sorts by it (again: the other way round).
    Numbers and dates sort largest first on the first click, names A to Z."""
    links = {}
    for key in profiles.SORTS:
        first = key if key in ("name", "code") else f"-{key}"
        flipped = key if sort == f"-{key}" else f"-{key}"
        chosen = flipped if sort.removeprefix("-") == key else first
        query = request.GET.copy()
        query["sort"] = chosen
        links[key] = "?" + query.urlencode()
    return links


def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    span = periods.period(request.GET.get("period"))
    version = figures.version()  # the rendered page is cached under it
    profile = profiles.with_charts([profiles.district_profile(district, span)])[0]
    context = profile | {
        "figures_version": version,
        "periods": selector(request, span),
        # Lazy: built only when the cached page has to be rendered again.
        "locator": SimpleLazyObject(
            lambda: choropleth(District.objects.all(), highlight=district)
        ),
        "recent": profiles.district_articles(district).for_listing()[:10],
        "aliases": district.aliases.exclude(kind__in=["dong", "legal_dong"]),
        "dong_count": SimpleLazyObject(
            lambda: district.aliases.filter(kind="dong").count()
        ),
        "citywide": dashboard.citywide_articles().for_listing()[:5],
        "citywide_initiatives": Initiative.objects.not_rejected().filter(
            districts=None
        ),
    }
    return render(request, "districts/district_detail.html", context)


def chosen(request: HttpRequest) -> tuple[list[District], list[District], list[str]]:
    """The districts of ?districts=a,b,c in the order given (the first five), those
    past the fifth, and the names that are no district: said on the page, not a 404
    that would lose the other choices."""
    slugs = list(
        dict.fromkeys(s for s in request.GET.get("districts", "").split(",") if s)
    )[:MAX_NAMES]
    found = {d.slug: d for d in District.objects.filter(slug__in=slugs)}
    known = [found[slug] for slug in slugs if slug in found]
    unknown = [slug for slug in slugs if slug not in found]
    return known[:MAX_COMPARED], known[MAX_COMPARED:], unknown


def chosen_districts(request: HttpRequest) -> list[District]:
    return chosen(request)[0]


def compare(request: HttpRequest) -> HttpResponse:
    districts, left_out, unknown = chosen(request)
    span = periods.period(request.GET.get("period"))
    version = figures.version()  # the rendered page is cached under it
    columns = profiles.with_charts(
        [profiles.district_profile(d, span) for d in districts]
    )
    kinds = list(InitiativeKind.objects.all())
    for column in columns:
        column["counts"] = profiles.count_table(column, kinds)
    profiles.drop_empty_rows([column["counts"] for column in columns])
    context = {
        "span": span,
        "figures_version": version,
        "periods": selector(request, span, keep=["districts"]),
        "columns": columns,
        "all_districts": District.objects.all(),
        "chosen": [d.slug for d in districts],
        "left_out": [d.name for d in left_out],
        "unknown": unknown,
        "query": request.GET.urlencode(),
    }
    return render(request, "tracker/compare.html", context)


def district_print(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    return render_print(request, [district])


def compare_print(request: HttpRequest) -> HttpResponse:
    districts = chosen_districts(request)
    if not districts:
        raise Http404("Choose the districts to print.")
    return render_print(request, districts)


def render_print(request: HttpRequest, districts: list[District]) -> HttpResponse:
    """One printed page per district (see the @media print rules in site.css)."""
    span = periods.period(request.GET.get("period"))
    pages = profiles.with_charts(
        [profiles.printable(d, span) for d in districts], plot_height=90
    )
    everyone = list(District.objects.all())
    for page in pages:
        page["locator"] = choropleth(everyone, highlight=page["district"])
    context = {
        "pages": pages,
        "span": span,
        "printed_at": timezone.localtime(),
        "back": request.GET.get("districts"),
    }
    return render(request, "tracker/profile_print.html", context)


def compare_csv(request: HttpRequest) -> HttpResponse:
    districts = chosen_districts(request)
    span = periods.period(request.GET.get("period"))
    kinds = list(InitiativeKind.objects.all())
    rows = compare_export.rows(
        [profiles.district_profile(d, span) for d in districts],
        kinds,
        request.build_absolute_uri("/"),
    )
    slugs = "-".join(d.slug for d in districts) or "none"
    name = f"compare-{slugs}-{span.key}-{timezone.localdate():%Y%m%d}.csv"
    return exports.csv_response(name, compare_export.header(kinds), rows)
