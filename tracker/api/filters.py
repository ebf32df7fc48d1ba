"""The list pages' filters (articles, initiatives), as the API takes them."""

from tracker.filters import ArticleFilter, InitiativeFilter


class ApiArticleFilter(ArticleFilter):
    """The same filters, hence the same rows; only `sort` goes, since the cursor
    fixes the order. The type hints below tell the OpenAPI schema what each
    method-backed filter takes."""

    sort = None

    def filter_district(self, queryset, name, value: list[str]):
        return super().filter_district(queryset, name, value)

    def filter_relevance(self, queryset, name, value: str):
        return super().filter_relevance(queryset, name, value)

    def filter_kind(self, queryset, name, value: str):
        return super().filter_kind(queryset, name, value)


class ApiInitiativeFilter(InitiativeFilter):
    """The initiative list page's filters; `sort` goes, as for articles."""

    sort = None

    def filter_district(self, queryset, name, value: str):
        return super().filter_district(queryset, name, value)

    def filter_kind(self, queryset, name, value: str):
        return super().filter_kind(queryset, name, value)

    def filter_period(self, queryset, name, value: str):
        return super().filter_period(queryset, name, value)
