"""The API's querysets: every related row prefetched, so a page of any size costs
the same few queries."""

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce, TruncDate

from districts.models import District
from tracker import search, tally
from tracker.models import (
    Article,
    DistrictLink,
    Initiative,
    InitiativeLink,
    ReviewState,
    Tally,
)

# Kept out of list payloads: tokens for search and the near-duplicate sketch.
HEAVY_FIELDS = (*search.FIELDS, "sketch", "captions")


def with_links(articles):
    """Standing district and initiative links (suggested or confirmed), strongest first."""
    return articles.defer(*HEAVY_FIELDS).prefetch_related(
        Prefetch(
            "district_links",
            DistrictLink.objects.not_rejected()
            .select_related("district")
            .order_by("-confidence", "pk"),
            to_attr="api_district_links",
        ),
        Prefetch(
            "initiative_links",
            InitiativeLink.objects.not_rejected()
            .select_related("initiative__kind")
            .order_by("-confidence", "pk"),
            to_attr="api_initiative_links",
        ),
    )


def article_list():
    """What the article list page starts from; its filters narrow it."""
    return with_links(Article.objects.listable().defer("body"))


def article_detail():
    """What the article page shows: every stored article (those outside Seoul or off
    the subject too; their scope and relevance say they do not count)."""
    return with_links(Article.objects.all())


def initiatives():
    """Initiatives with kind, districts, partners, article count and timeline.

    The timeline holds the standing links of listable articles, dated by the event
    where the article gives its date, by the article otherwise, oldest first.
    """
    timeline = (
        InitiativeLink.objects.not_rejected()
        .filter(article__in=Article.objects.listable())
        .select_related("article")
        .only(
            "initiative",
            "event",
            "event_date",
            "event_date_precision",
            "name_as_reported",
            "evidence",
            "partners",
            "amount_won",
            "review_state",
            "article__id",
            "article__title",
            "article__published_at",
            "article__publisher",
        )
        .annotate(when=Coalesce("event_date", TruncDate("article__published_at")))
        .order_by(F("when").asc(nulls_last=True), "pk")
    )
    return (
        Initiative.objects.exclude(review_state=ReviewState.REJECTED)
        .with_article_counts()
        .select_related("kind")
        .prefetch_related(
            "districts",
            "partners",
            Prefetch("links", timeline, to_attr="api_timeline"),
        )
    )


def districts():
    """The 25 districts with `n_articles` (AI-policy articles analysts see, where the
    district is primary: the overview's count), `n_initiatives` (not rejected) and
    `n_suggested` (of those, unconfirmed suggestions)."""
    Tally.objects.refresh()
    articles = tally.by_id(tally.sums(Tally.Dimension.DISTRICT))
    suggested = Q(initiative__review_state=ReviewState.SUGGESTED)
    initiatives = {
        row["district"]: row
        for row in Initiative.districts.through.objects.exclude(
            initiative__review_state=ReviewState.REJECTED
        )
        .values("district")
        .annotate(
            n=Count("initiative", distinct=True),
            suggested=Count("initiative", filter=suggested, distinct=True),
        )
    }
    rows = list(District.objects.all())
    for district in rows:
        counted = initiatives.get(district.pk, {})
        district.n_articles = articles.get(district.pk, 0)
        district.n_initiatives = counted.get("n", 0)
        district.n_suggested = counted.get("suggested", 0)
    return rows
