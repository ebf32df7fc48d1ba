"""Planner settings for the few queries whose best plan PostgreSQL cannot guess.

A search's cost is set by how many articles match, and PostgreSQL guesses that badly:
it prices `search_vector @@ query` like an integer comparison although each test
reads the article's stored vector (most are TOASTed, four or five pages each), and it
takes a phrase (구청장 -> 구청 <-> 청장) for a rare one. So it walks the date index past
thousands of rows for a term found in a few, or ranks every match of a term found in
tens of thousands. tracker/listing.py counts the matches first (at most 10,001) and
then knows which plan is right; these settings make PostgreSQL take it:

    COUNT   a filtered list's count (no search): streaming joins only
    BITMAP  the GIN index's bitmap: the rows that match, whatever their order
            (counting, ranking up to a thousand)
    SORT    the same, and no index walk at all (sorting up to 10,000 by date or id)
    SCAN    the table in order, for a term most articles contain (see matches_most)
    WALK    the date index, newest first, testing each row until the page is full
            (many matches: the page fills after a few hundred rows)
    DATES   the date index from end to end: an export of most articles in date
            order, whose first rows then leave at once (tracker/export_query.py)

Settings hold for the `with` block only (set, then put back); other databases ignore
them.
"""

import json
from contextlib import contextmanager, suppress

from django.db import DatabaseError, connections

# Every plan here stops early (a LIMIT): no hash join, which would first read every
# link of a district or initiative into memory, and no JIT, which the cost estimates
# of those unfinished plans would switch on for nothing.
_STREAMING = {"enable_hashjoin": "off", "jit": "off"}

# A count of a filtered list: ids merged or looked up in the link indexes.
COUNT = dict(_STREAMING)
# Rows from the GIN bitmap: no sequential scan and no merge join (which walks the
# articles in id order, testing every row), while index scans stay allowed so that
# the link indexes answer the district and initiative filters on their own; and an
# exact bitmap (work_mem) so that no page is rechecked row by row. No parallel
# workers: with them PostgreSQL drives a search with a district from the district's
# links and reads each linked article's vector from TOAST (5 pages a row; at 1M
# articles 셔틀 in 마포구 read 190,000 pages, 280 ms, where the bitmap first reads
# 47,000, 55 ms), and on a small machine workers only compete with other requests.
# Index entries priced at 4x the default: PostgreSQL otherwise ANDs a search's
# bitmap with one of the whole list's partial index (800,000 entries at 1M articles,
# 110-160 ms to build, to drop a fifth of the matches), or drives a search with a
# district from the district's links (셔틀 in 마포구: 400 ms against 200). And the
# heap pages of a bitmap read ahead, 64 at a time (Debian's default is 1, for one
# spinning disk): 10,000 matches are 10,000 pages, and read from disk one after
# another they took 420-475 ms, against 290 ms.
BITMAP = {
    **_STREAMING,
    "enable_seqscan": "off",
    "enable_mergejoin": "off",
    "work_mem": "32MB",
    "max_parallel_workers_per_gather": "0",
    "cpu_index_tuple_cost": "0.02",
    "effective_io_concurrency": "64",
}
# Sorting a few thousand matches read from the GIN bitmap: as BITMAP, and no index
# scan either, or ORDER BY ... LIMIT tempts the planner into walking the date or id
# index through the whole table for a rare term. (Filters by district or initiative
# then probe their links through bitmap scans: a page or two per match.)
SORT = {**BITMAP, "enable_indexscan": "off"}
# Reading the table in order: for a term most articles contain (AI, 서울), the first
# 10,001 matches come after some 11,000 rows, sooner than the GIN index can list a
# million matches in a bitmap (170 ms for "ai" at 1M articles, before any row).
SCAN = {**_STREAMING, "enable_bitmapscan": "off"}
# Rows in date-index order only.
WALK = {**_STREAMING, "enable_bitmapscan": "off", "enable_seqscan": "off"}
# The same for a whole list, and no sort either: without a LIMIT PostgreSQL would
# rather read the table and sort it (1.4 s before the first of 900,000 rows at 1M
# articles, 2.1 s with their bodies) than fetch rows in index order. (The links'
# own ORDER BY still sorts: it has no other way.)
DATES = {**WALK, "enable_sort": "off"}


@contextmanager
def planner(settings: dict[str, str], using: str = "default"):
    """Run the block's queries with `settings` (see COUNT, BITMAP, SORT, SCAN, WALK):
    set for the session, then put back as they were, one query each way."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings:
        yield
        return
    previous = dict(zip(settings, _set(connection, settings), strict=True))
    try:
        yield
    finally:
        # An aborted transaction rolls the settings back with it; a broken
        # connection is replaced before it is used again.
        with suppress(DatabaseError):
            _set(connection, previous)


def _set(connection, settings: dict[str, str]) -> list[str]:
    """Apply `settings`; the values they replace, in the same order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            + ", ".join(
                "current_setting(%s), set_config(%s, %s, false)" for _ in settings
            ),
            [part for k, v in settings.items() for part in (k, k, v)],
        )
        return list(cursor.fetchone()[::2])


# Past this share of all articles a term is counted by SCAN.
MOST = 0.4


def matches_most(queryset) -> bool:
    """Does PostgreSQL expect `queryset` to hold most of its table's rows?

    Its estimate of a search term's share is good for a word (from the index's
    statistics of the most common lexemes) and low for a phrase, which only ever
    sends a common phrase to the GIN index, as before. One EXPLAIN gives both
    estimates: the rows', and the table's beside them.
    """
    if connections[queryset.db].vendor != "postgresql":
        return False
    table = queryset.model.objects.values_list("pk", flat=True)
    both = queryset.order_by().values_list("pk", flat=True).union(table, all=True)
    rows, everything = (
        part["Plan Rows"]
        for part in json.loads(both.explain(format="json"))[0]["Plan"]["Plans"]
    )
    # A small table (or one never analysed) is quick to search either way.
    return everything >= 10_000 and rows >= MOST * everything
