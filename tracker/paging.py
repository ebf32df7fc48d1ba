"""Pagination that never counts more rows than it can show."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

MAX_PAGES = 200


class CappedPaginator(Paginator):
    """Counts at most MAX_PAGES pages of rows: COUNT over a LIMIT, not the whole table.

    Past the cap the page says "N+" and asks for a narrower filter; nobody reads page
    201 of a list, and a million-row COUNT on every request is what we avoid.
    """

    @cached_property
    def count(self) -> int:
        limit = self.per_page * MAX_PAGES
        return self.object_list.order_by().values("pk")[: limit + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.per_page * MAX_PAGES

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)
