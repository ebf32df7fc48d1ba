"""The curators' review queue: decide on new articles and their suggested tags.

Every write goes through tracker.curation. Each action has its own POST endpoint;
with htmx the response is the article's fragment, otherwise a redirect back to the
queue page the curator came from. The page carries no drop-down of districts or
initiatives: a "Change" form is fetched when opened (tracker.views.review_pickers).
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from districts.models import District
from tracker import curation, search
from tracker.filters import SuggestionFilter
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
)
from tracker.views import review_pickers

# 20 articles of a few suggestions each keep the page near 200 KB (issue 9).
PER_PAGE = 20
DEFAULT_THRESHOLD = 0.9
# Discovered initiatives awaiting review: their own section and page parameter.
INITIATIVES_PER_PAGE = 10
INITIATIVE_PAGE = "ipage"

can_decide = permission_required("tracker.change_article", raise_exception=True)
can_review_districts = permission_required(
    "tracker.change_districtlink", raise_exception=True
)
can_review_initiatives = permission_required(
    "tracker.change_initiativelink", raise_exception=True
)
can_review_links = permission_required(
    ["tracker.change_districtlink", "tracker.change_initiativelink"],
    raise_exception=True,
)


# --- Queries and small helpers --------------------------------------------------------


def undecided():
    """Pending originals in Seoul, whatever their relevance: what a curator may decide."""
    return Article.objects.awaiting_review()


def queue(*, include_irrelevant: bool = False):
    """The queue: undecided articles (relevant only, unless asked), oldest first."""
    articles = undecided() if include_irrelevant else undecided().relevant()
    return articles.order_by("created_at", "pk")


def with_links(articles):
    """Every link of each article, rejected ones too: the queue shows their state."""
    return articles.defer(*search.FIELDS, "sketch").prefetch_related(
        Prefetch(
            "district_links",
            DistrictLink.objects.select_related("district").order_by(
                "-confidence", "pk"
            ),
        ),
        Prefetch(
            "initiative_links",
            InitiativeLink.objects.select_related("initiative").order_by(
                "-confidence", "pk"
            ),
        ),
    )


def suggested_initiatives(request: HttpRequest) -> dict:
    """The section of discovered initiatives awaiting review, oldest first, narrowed
    by its own filters (district, kind, stage, text) that paging keeps."""
    waiting = Initiative.objects.awaiting_review()
    filterset = SuggestionFilter(request.GET, queryset=waiting.for_review())
    page = Paginator(filterset.qs, INITIATIVES_PER_PAGE).get_page(
        request.GET.get(INITIATIVE_PAGE)
    )
    query = request.GET.copy()
    query.pop(INITIATIVE_PAGE, None)
    # The article queue's own parameters, to keep beside the section's filters.
    articles_query = {
        key: value
        for key, value in query.items()
        if not key.startswith(f"{filterset.form_prefix}-")
    }
    return {
        "suggested": page,
        "suggested_articles_query": articles_query,
        "suggested_clear": urlencode(articles_query),
        "suggested_filter": filterset,
        "suggested_total": waiting.count()
        if filterset.is_narrowed
        else page.paginator.count,
        "suggested_query": query.urlencode(),
    }


def back_url(request: HttpRequest) -> str:
    """The queue page (with its page and filters) the form was posted from, or that
    a change form was opened from."""
    data = request.POST if request.method == "POST" else request.GET
    target = data.get("next", "")
    queue_url = reverse("tracker:review-queue")
    if target.startswith(queue_url) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target.split("#")[0]
    return queue_url


def respond(
    request: HttpRequest, article: Article, *, message: str = "", error: str = ""
) -> HttpResponse:
    """The item's fragment for htmx; otherwise a message and a redirect to the queue."""
    if request.htmx:
        article = with_links(Article.objects.filter(pk=article.pk)).get()
        back = back_url(request)
        context = {"article": article, "next": back, "error": error}
        if article.status != Article.Status.PENDING or article.duplicate_of_id:
            # The heading's count follows (out of band): one article fewer.
            everything = QueryDict(urlsplit(back).query).get("all") == "1"
            context["waiting"] = queue(include_irrelevant=everything).count()
        return render(request, "tracker/_review_item.html", context)
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return redirect(f"{back_url(request)}#review-{article.pk}")


def threshold(value: str | None) -> float | None:
    """A confidence between 0 and 1, or None when the input is not one."""
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if 0 <= number <= 1 else None


# --- The page -------------------------------------------------------------------------


@login_required
@can_decide
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    include_irrelevant = request.GET.get("all") == "1"
    articles = with_links(queue(include_irrelevant=include_irrelevant))
    page = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "include_irrelevant": include_irrelevant,
        "next": request.get_full_path(),
        "default_threshold": DEFAULT_THRESHOLD,
    }
    context |= suggested_initiatives(request)
    return render(request, "tracker/review_queue.html", context)


# --- Suggestions: confirm, reject, change ---------------------------------------------


@login_required
@can_review_districts
@require_POST
def review_district_link(request: HttpRequest, pk: int, state: str) -> HttpResponse:
    link = get_object_or_404(DistrictLink.objects.select_related("article"), pk=pk)
    curation.review(link, state, request.user)
    return respond(request, link.article, message=_("Saved."))


@login_required
@can_review_initiatives
@require_POST
def review_initiative_link(request: HttpRequest, pk: int, state: str) -> HttpResponse:
    link = get_object_or_404(InitiativeLink.objects.select_related("article"), pk=pk)
    curation.review(link, state, request.user)
    return respond(request, link.article, message=_("Saved."))


@login_required
@can_review_districts
@require_http_methods(["GET", "POST"])
def change_district_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        DistrictLink.objects.select_related("article", "district"), pk=pk
    )
    if request.method == "GET":
        return review_pickers.district_picker(request, link, back_url(request))
    district = District.objects.filter(slug=request.POST.get("district")).first()
    role = request.POST.get("role")
    if district is None or role not in DistrictLink.Role.values:
        return respond(request, link.article, error=_("Choose a district and a role."))
    curation.change_district_link(link, request.user, district=district, role=role)
    return respond(request, link.article, message=_("Suggestion changed."))


@login_required
@can_review_initiatives
@require_http_methods(["GET", "POST"])
def change_initiative_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        InitiativeLink.objects.select_related("article", "initiative"), pk=pk
    )
    if request.method == "GET":
        return review_pickers.link_initiative_picker(request, link, back_url(request))
    initiative = Initiative.objects.filter(slug=request.POST.get("initiative")).first()
    if initiative is None:
        return respond(request, link.article, error=_("Choose an initiative."))
    curation.change_initiative_link(link, request.user, initiative=initiative)
    return respond(request, link.article, message=_("Suggestion changed."))


@login_required
@can_review_links
@require_POST
def confirm_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm every open suggestion of one article, whatever its confidence."""
    article = get_object_or_404(Article, pk=pk)
    with transaction.atomic():
        n = curation.bulk_confirm(article.district_links.all(), 0, request.user)
        n += curation.bulk_confirm(article.initiative_links.all(), 0, request.user)
    message = ngettext(
        "Confirmed %(n)d suggestion.", "Confirmed %(n)d suggestions.", n
    ) % {"n": n}
    return respond(request, article, message=message)


# --- Articles: approve, reject, mark as a copy ----------------------------------------


@login_required
@can_decide
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(undecided(), pk=pk)
    curation.decide_article(article, Article.Status.APPROVED, request.user)
    return respond(request, article, message=_("Article approved."))


@login_required
@can_decide
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(undecided(), pk=pk)
    reason = request.POST.get("reason", "").strip()
    not_ai_policy = request.POST.get("not_ai_policy") == "on"
    if not reason and not not_ai_policy:
        return respond(request, article, error=_("Give a reason for the rejection."))
    curation.decide_article(
        article,
        Article.Status.REJECTED,
        request.user,
        reason=reason,
        relevant=False if not_ai_policy else None,
    )
    return respond(request, article, message=_("Article rejected."))


@login_required
@can_decide
@require_http_methods(["GET", "POST"])
def mark_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(undecided(), pk=pk)
    if request.method == "GET":
        return review_pickers.original_picker(request, article, back_url(request))
    original_pk = request.POST.get("original", "").strip().lstrip("#")
    original = (
        Article.objects.filter(pk=original_pk).first()
        if original_pk.isdigit()
        else None
    )
    if original is None:
        return respond(request, article, error=_("No article has that number."))
    # The service refuses a copy of itself; a copy of its own copy would loop too.
    if article.pk in (original.pk, original.duplicate_of_id):
        return respond(
            request, article, error=_("An article cannot be a copy of itself.")
        )
    curation.mark_duplicate(article, original, request.user)
    return respond(request, article, message=_("Marked as a copy."))


# --- Bulk actions over the page -------------------------------------------------------


def chosen(request: HttpRequest, *, fall_back_to_shown: bool = False):
    """The undecided articles ticked on the page (or, if none, all those shown)."""
    ids = request.POST.getlist("selected")
    if not ids and fall_back_to_shown:
        ids = request.POST.getlist("shown")
    return undecided().filter(pk__in=[i for i in ids if i.isdigit()])


@login_required
@can_decide
@require_POST
def bulk_approve(request: HttpRequest) -> HttpResponse:
    articles = list(chosen(request))
    if not articles:
        messages.warning(request, _("Select the articles to approve first."))
        return redirect(back_url(request))
    with transaction.atomic():
        for article in articles:
            curation.decide_article(article, Article.Status.APPROVED, request.user)
    messages.success(
        request,
        ngettext("Approved %(n)d article.", "Approved %(n)d articles.", len(articles))
        % {"n": len(articles)},
    )
    return redirect(back_url(request))


@login_required
@can_review_links
@require_POST
def bulk_confirm(request: HttpRequest) -> HttpResponse:
    minimum = threshold(request.POST.get("threshold"))
    if minimum is None:
        messages.error(request, _("The confidence must be a number from 0 to 1."))
        return redirect(back_url(request))
    articles = chosen(request, fall_back_to_shown=True)
    with transaction.atomic():
        districts = curation.bulk_confirm(
            DistrictLink.objects.filter(article__in=articles), minimum, request.user
        )
        initiatives = curation.bulk_confirm(
            InitiativeLink.objects.filter(article__in=articles), minimum, request.user
        )
    messages.success(
        request,
        _(
            "Confirmed %(districts)d district links and %(initiatives)d initiative "
            "tags with confidence ≥ %(minimum).2f."
        )
        % {"districts": districts, "initiatives": initiatives, "minimum": minimum},
    )
    return redirect(back_url(request))
