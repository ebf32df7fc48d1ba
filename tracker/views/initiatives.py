"""The initiative pages: the filtered list, one initiative with its timeline, and the
districts × kinds matrix with its CSV."""

from urllib.parse import urlencode

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from tracker import dashboard, exports, figures, matrix, timeline
from tracker.filters import MATRIX_FILTERS, InitiativeFilter, matrix_filter
from tracker.models import Initiative, InitiativeRedirect, ReviewState, Tally
from tracker.paging import CappedPaginator

TIMELINE_LENGTH = 50
# The matrix's own filters; district and kind are its rows and columns.


def initiative_list(request: HttpRequest) -> HttpResponse:
    filterset = InitiativeFilter(
        request.GET, queryset=Initiative.objects.not_rejected()
    )
    listing = filterset.qs.select_related("kind").prefetch_related("districts")
    page = CappedPaginator(listing, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    counts = dashboard.initiative_counts()
    for initiative in page.object_list:
        initiative.n = counts.get(initiative.pk, 0)
    context = {
        "filterset": filterset,
        "page": page,
        "query": query_with(request),
        "links": list_links(request, filterset),
    }
    return render(request, "tracker/initiative_list.html", context)


def query_with(request: HttpRequest, **changes) -> str:
    """The list's query string without empty fields or the page, with `changes` applied
    (a change to None removes the field)."""
    kept = {
        key: value
        for key, value in request.GET.items()
        if value and key != "page" and key not in changes
    }
    kept.update({key: value for key, value in changes.items() if value})
    return urlencode(kept)


def list_links(request: HttpRequest, filterset: InitiativeFilter) -> dict:
    """Column headers that sort, and the confirmed-only switch, keeping the filters."""
    cleaned = filterset.form.cleaned_data if filterset.is_valid() else {}
    sort, state = cleaned.get("sort"), cleaned.get("state")
    return {
        "sort": sort or "",
        "first": "?"
        + query_with(request, sort="-first" if sort == "first" else "first"),
        "last": "?" + query_with(request, sort=None),
        "name": "?" + query_with(request, sort="name"),
        "articles": "?" + query_with(request, sort="articles"),
        "confirmed_only": state == ReviewState.CONFIRMED,
        "toggle_confirmed": "?"
        + query_with(
            request, state=None if state == ReviewState.CONFIRMED else "confirmed"
        ),
    }


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    Tally.objects.refresh()
    initiative = (
        Initiative.objects.select_related("kind")
        .prefetch_related("districts", "partners")
        .with_article_counts()
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        # Merged into another: bookmarks lead there.
        merged = get_object_or_404(
            InitiativeRedirect.objects.select_related("initiative"), old_slug=slug
        )
        return redirect(merged.initiative, permanent=True)
    # Kept as a figure: the busiest initiatives have tens of thousands of articles
    # to find their latest events and last confirmation among.
    events, is_cut, last_verified = figures.cached(
        "initiative-timeline", lambda: timeline_of(initiative), initiative.pk
    )
    context = {
        "initiative": initiative,
        "timeline": events,
        "timeline_is_cut": is_cut,
        "partners": initiative.partners.all(),
        "last_verified": last_verified,
        "others": Initiative.objects.exclude(pk=initiative.pk).only(
            "slug", "name_ko", "name_en"
        ),
    }
    return render(request, "tracker/initiative_detail.html", context)


def timeline_of(initiative: Initiative) -> tuple:
    """(the latest events, whether earlier ones were left out, the last confirmation)."""
    events, is_cut = timeline.events(initiative, TIMELINE_LENGTH)
    confirmed = initiative.links.filter(review_state=ReviewState.CONFIRMED)
    return events, is_cut, confirmed.aggregate(last=Max("reviewed_at"))["last"]


def initiative_matrix(request: HttpRequest) -> HttpResponse:
    filterset, params = matrix_filter(request)
    context = {
        "figures_version": figures.version(),  # the rendered page is cached under it
        "filterset": filterset,
        # Built only when the cached page has to be rendered again.
        "matrix": SimpleLazyObject(lambda: matrix.build(filterset.qs, params)),
        "params": params,
        "csv_query": urlencode(params),
    }
    return render(request, "tracker/initiative_matrix.html", context)


def matrix_csv(request: HttpRequest) -> HttpResponse:
    filterset, params = matrix_filter(request)
    table = matrix.build(filterset.qs, params)
    # The file says what it holds: initiative-matrix-confirmed-1y-20250301.csv
    label = "-".join(
        str(params[key])[:30].replace(" ", "_")
        for key in MATRIX_FILTERS
        if key in params
    )
    name = "-".join(
        part
        for part in ("initiative-matrix", label, f"{timezone.localdate():%Y%m%d}")
        if part
    )
    return exports.csv_response(
        f"{name}.csv", matrix.csv_header(table), matrix.csv_rows(table)
    )
