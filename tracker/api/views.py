"""Read-only endpoints. Filters are the pages' own FilterSets (tracker/filters.py),
so `/api/articles/?district=gangseo` returns the rows `/articles/?district=gangseo` lists."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api import queries
from tracker.api.filters import ApiArticleFilter, ApiInitiativeFilter
from tracker.api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    DistrictSerializer,
    InitiativeSerializer,
)
from tracker.listing import NOT_NARROWING, PAGING, ArticleListing, filter_key
from tracker.models import Tally
from tracker.plans import planner

# Query parameters of the API's own, not filters.
API_ONLY = (*PAGING, "format")


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles with their districts (role, evidence) and the initiatives they report
    (kind, stage, event, evidence). The list takes the article list page's filters;
    rows come newest first by id, in pages followed with `next`."""

    filterset_class = ApiArticleFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return queries.article_detail()
        return queries.article_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ArticleDetailSerializer
        return ArticleSerializer

    def filter_queryset(self, queryset):
        # One article is found by id, as its page is, whatever the list's defaults.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    def paginate_queryset(self, queryset):
        # A search reads its page with the plan its count calls for, as the article
        # list does (tracker/listing.py): a rare term from the search index, a
        # common one off the id index, newest first.
        params = self.request.query_params
        search = params.get("q", "")
        if not search.strip():
            return super().paginate_queryset(queryset)
        others = (key for key, value in params.items() if value and key not in API_ONLY)
        rows = ArticleListing(
            queryset,
            search=search,
            narrowed=any(key not in NOT_NARROWING for key in others),
            sort="id",
            key=filter_key(params),
        )
        with planner(rows.plan, queryset.db):
            return super().paginate_queryset(queryset)


class InitiativeViewSet(viewsets.ReadOnlyModelViewSet):
    """Initiatives with kind, stage, review state, districts, partners and their
    timeline: each article's event, dated as the article dates it. The list takes the
    initiative list page's filters; discovered initiatives nobody confirmed yet say
    `"review_state": "suggested"` (filter `state=confirmed` to leave them out)."""

    filterset_class = ApiInitiativeFilter
    lookup_field = "slug"
    queryset = queries.initiatives()
    serializer_class = InitiativeSerializer

    def get_queryset(self):
        Tally.objects.refresh()  # the article counts are kept counts
        return super().get_queryset()

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)


class DistrictList(APIView):
    """Seoul's 25 districts with their article and initiative counts."""

    @extend_schema(responses=DistrictSerializer(many=True))
    def get(self, request):
        rows = queries.districts()
        return Response(
            DistrictSerializer(rows, many=True, context={"request": request}).data
        )
