"""Pagination that never counts more rows than it can show.

Search engines say "about 10,000+ results" and page through the first ones; so do we.
Counting stops at MAX_ROWS + 1 rows (COUNT over a LIMIT, never the whole table), the
pages stop at the page holding row MAX_ROWS, and a page number past them can be refused
(`get_page_within_cap`) rather than answered with an OFFSET deep into the table.
"""

from math import ceil

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property

MAX_ROWS = 10_000


class PageBeyondCap(InvalidPage):
    """A page number past the last page the cap allows."""


def count_up_to(object_list, limit: int) -> int:
    """How many rows `object_list` has, counting no further than `limit`."""
    if hasattr(object_list, "count_up_to"):
        return object_list.count_up_to(limit)
    return object_list.order_by().values("pk")[:limit].count()


class CappedPaginator(Paginator):
    """Counts at most MAX_ROWS + 1 rows and pages through the first MAX_ROWS.

    Past the cap the list says "10,000+" and asks for a narrower filter: nobody reads
    page 401 of a list, and a COUNT of a million rows on every request is what we avoid.
    `object_list` is a queryset or anything with `count_up_to(limit)` and slicing.
    """

    max_rows = MAX_ROWS

    def __init__(self, object_list, *args, **kwargs):
        super().__init__(object_list, *args, **kwargs)
        # The rows may be counted less far (a narrowed search: tracker/listing.py).
        self.max_rows = min(
            self.max_rows, getattr(object_list, "count_cap", self.max_rows)
        )

    @cached_property
    def count(self) -> int:
        return count_up_to(self.object_list, self.max_rows + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.max_rows

    @property
    def shown_count(self) -> int:
        """The count to print: the exact one, or the cap followed by "+"."""
        return min(self.count, self.max_rows)

    @property
    def pageable_rows(self) -> int:
        """How far the pages reach: the cap, or less if the rows say so (a broad
        search read off the date index pages through its first rows only)."""
        return min(
            self.max_rows, getattr(self.object_list, "pageable_rows", self.max_rows)
        )

    @property
    def last_allowed_page(self) -> int:
        return ceil(self.pageable_rows / self.per_page)

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.last_allowed_page)

    def get_page_within_cap(self, number):
        """Like get_page, but a page past the cap raises PageBeyondCap instead of
        turning into the last page: the list can say why there is no page 401."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return self.get_page(number)
        if number > self.last_allowed_page:
            raise PageBeyondCap(number)
        return self.get_page(number)
