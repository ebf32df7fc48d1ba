"""The rows the article list pages through: counted up to a cap, ordered for reading.

    filters -> count (up to a cap, cached) -> order chosen by the count -> one page

A list without a search is newest first, straight from the date index, counted up to
10,000. A search is ordered by how many articles match, as search engines do, because
ranking reads every match's stored vector (about 0.1 ms each) and a broad term
matches tens of thousands:

    up to 1,000 matches     ranked: title matches first, then by ts_rank, then newest
    up to 10,000 matches    newest first
    more                    "10,000+", newest first, walking the date index until
                            the page is full; the first 1,000 of them are paged

A search narrowed by another filter (a district, an initiative, dates ...) is counted
up to 1,000 only: its words may match ten times more articles than it lists (마곡 in
강서구 or not), and each of those is read to be checked (but for districts, which the
search index intersects with the words itself: tracker/search.py); past 1,000 it says
"1,000+" and walks the date index. So is a search for a word of more than ten
syllables: its pieces find the candidates, and each is read to check that they
follow one another (tracker/search.py); a word of up to ten is one piece.

Up to the cap, one pass over the search index reads every match with its date; it
gives the count, and their reading order is kept with the count (cached, like every
figure, until something is stored), so that each page is then 25 rows read by id.
Every row shown matches every word of the search; only which come first changes.
tracker/plans.py holds the planner settings that make PostgreSQL take each plan.
"""

from urllib.parse import urlencode

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connections
from django.utils.functional import SimpleLazyObject

from tracker import figures
from tracker.models.articles import NEWEST_FIRST
from tracker.paging import MAX_ROWS
from tracker.plans import BITMAP, COUNT, SCAN, SORT, WALK, matches_most, planner
from tracker.search import checks_each

RANKED_UP_TO = 1_000
# A search narrowed by other filters is counted this far.
NARROWED_UP_TO = 1_000
# Past the count the walk reads about (offset / share of matches) rows; this many
# rows keep the last page within a second even for a term in 1 article in 80.
WALKED_ROWS = 1_000


class ArticleListing:
    """What CappedPaginator pages through: `count_cap`, `count_up_to(limit)`, slices.

    `search` is the search's words, if any; `narrowed` whether other filters narrow
    it; `sort` the order the reader chose, if any (the queryset is already in it),
    else a search's order is chosen by its count.
    """

    def __init__(
        self,
        queryset,
        *,
        search: str = "",
        narrowed: bool = False,
        sort: str = "",
        key: str = "",
    ):
        self.queryset = queryset
        self.search = search
        self.narrowed = narrowed
        self.sort = sort
        self.key = key  # the filters, for the cached count
        self._counts: dict[int, int] = {}
        self._hits: tuple[int, list[int] | None] | None = None

    @property
    def count_cap(self) -> int:
        """How far the rows are counted; past it the list says "cap+"."""
        checked = self.narrowed or checks_each(self.search)
        return NARROWED_UP_TO if self.search and checked else MAX_ROWS

    def count_up_to(self, limit: int) -> int:
        """How many rows match, counting no further than `limit` (cached)."""
        if self.search and limit <= self.count_cap + 1:
            return min(self.hits[0], limit)
        if limit not in self._counts:
            self._counts[limit] = figures.cached(
                "article-count", lambda: self._count(limit), limit, self.key
            )
        return self._counts[limit]

    def _count(self, limit: int) -> int:
        rows = self.queryset.order_by().values("pk")[:limit]
        with planner(BITMAP if self.search else COUNT, rows.db):
            return rows.count()

    @property
    def hits(self) -> tuple[int, list[int] | None]:
        """A search's count (at most the cap + 1) and, up to the cap and in the
        order we choose, the matches' ids in reading order (cached)."""
        if self._hits is None:
            self._hits = figures.cached(
                "article-search", self._read_hits, self.count_cap, self.sort, self.key
            )
        return self._hits

    def _read_hits(self) -> tuple[int, list[int] | None]:
        with planner(SCAN if matches_most(self.queryset) else BITMAP, self.queryset.db):
            found = self._newest_first(self.count_cap + 1)
            if len(found) > self.count_cap or self.sort:
                return len(found), None
            if len(found) <= RANKED_UP_TO:
                ranked = self.queryset.order_by("-search_rank", *NEWEST_FIRST)
                return len(found), list(ranked.values_list("pk", flat=True))
        return len(found), found

    def _newest_first(self, limit: int) -> list[int]:
        """The ids of the first `limit` matches the search index gives, newest first."""
        rows = self.queryset.order_by()
        if self._on_postgresql:
            # One array, sorted by the database as it counts: no second pass by id,
            # and not 10,001 rows each made a Python tuple, which brought the garbage
            # collector's full pass (50-70 ms) every 6 cold searches, not every 25.
            newest = ArrayAgg("pk", order_by=NEWEST_FIRST)
            rows = rows.values("pk", "published_at")[:limit]
            return rows.aggregate(ids=newest)["ids"] or []
        found = list(rows.values_list("pk", flat=True)[:limit])
        # Sorted by the database (a Python datetime per row costs more than the sort):
        # their ids are at hand, so no LIMIT tempts it to walk the date index.
        newest = (
            self.queryset.model.objects.filter(pk__in=found)
            .order_by(*NEWEST_FIRST)
            .values_list("pk", flat=True)
        )
        return list(newest)

    @property
    def _on_postgresql(self) -> bool:
        return connections[self.queryset.db].vendor == "postgresql"

    @property
    def matches(self) -> int:
        return self.count_up_to(self.count_cap + 1)

    @property
    def newest_first(self) -> bool:
        """A search with too many matches to rank: they come newest first."""
        return bool(self.search) and not self.sort and self.matches > RANKED_UP_TO

    @property
    def walks(self) -> bool:
        """Too many matches to sort: the page is read off the date index."""
        return (
            bool(self.search)
            and self.sort != "relevance"
            and self.matches > self.count_cap
        )

    @property
    def plan(self) -> dict[str, str]:
        """Planner settings for reading a page of a search (tracker/plans.py)."""
        return WALK if self.walks else SORT

    @property
    def pageable_rows(self) -> int:
        """How far the pages reach (the paginator refuses pages past it)."""
        return WALKED_ROWS if self.walks else MAX_ROWS

    def __getitem__(self, rows: slice) -> SimpleLazyObject:
        if not isinstance(rows, slice):  # templates try listing["name"] first
            raise TypeError("an ArticleListing is read a page (a slice) at a time")
        # Read when first used: a page whose rendered rows are cached never is.
        return SimpleLazyObject(lambda: self._read(rows))

    def _read(self, rows: slice) -> list:
        if not self.search:
            return list(self.queryset[rows])
        _count, order = self.hits
        if order is not None:
            ids = order[rows]
            found = {a.pk: a for a in self.queryset.order_by().filter(pk__in=ids)}
            return [found[pk] for pk in ids if pk in found]
        ordered = self.queryset
        if not self.sort:
            ordered = ordered.order_by(*NEWEST_FIRST)
        with planner(self.plan, ordered.db):
            return list(ordered[rows])


def article_listing(filterset) -> ArticleListing:
    """The listing of an ArticleFilter's rows, as the article list shows them."""
    cleaned = filterset.form.cleaned_data if filterset.is_valid() else {}
    return ArticleListing(
        filterset.qs.for_listing(),
        search=cleaned.get("q") or "",
        narrowed=narrowed(cleaned),
        sort=cleaned.get("sort") or "",
        key=filter_key(filterset.data),
    )


def narrowed(cleaned: dict) -> bool:
    """Do filters other than the search (and its order) narrow the rows?"""
    return any(value for name, value in cleaned.items() if name not in NOT_NARROWING)


# The search itself, its order, and the role (which only qualifies the district).
NOT_NARROWING = ("q", "sort", "role")


# Query parameters that choose a page, not rows.
PAGING = ("page", "cursor", "page_size")


def filter_key(data) -> str:
    """The filters in a canonical order, without paging: one cached count each."""
    kept = sorted(
        (key, value)
        for key, values in data.lists()
        for value in values
        if value and key not in PAGING
    )
    return urlencode(kept)
