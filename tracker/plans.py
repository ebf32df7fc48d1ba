"""Planner settings for the few queries whose best plan PostgreSQL cannot guess.

A search's cost is set by how many articles match, and PostgreSQL guesses that badly:
it prices `search_vector @@ query` like an integer comparison although each test
reads the article's stored vector (most are TOASTed, four or five pages each), and it
takes a phrase (구청장 -> 구청 <-> 청장) for a rare one. So it walks the date index past
thousands of rows for a term found in a few, or ranks every match of a term found in
tens of thousands. tracker/listing.py counts the matches first (at most 10,001) and
then knows which plan is right; these settings make PostgreSQL take it:

    BITMAP  the GIN index's bitmap: the rows that match, whatever their order
            (counting, ranking a few hundred, sorting a few thousand by date)
    WALK    the date index, newest first, testing each row until the page is full
            (many matches: the page fills after a few hundred rows)

Settings apply to the session for the duration of the `with` block, then go back to
what they were; on other databases they are no-ops.
"""

from contextlib import contextmanager

from django.db import DatabaseError, connections

# Rows from the GIN bitmap: no sequential scan (index scans stay allowed, or the link
# indexes could not answer the district and initiative filters on their own), and an
# exact bitmap (work_mem) so that no page is rechecked row by row.
BITMAP = {
    "enable_seqscan": "off",
    "work_mem": "32MB",
    "jit": "off",  # the cost estimates are what make JIT start; it only adds time here
}
# Rows in date-index order only.
WALK = {
    "enable_bitmapscan": "off",
    "enable_seqscan": "off",
    "jit": "off",
}


@contextmanager
def planner(settings: dict[str, str], using: str = "default"):
    """Run the block's queries with `settings` (see BITMAP and WALK)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings:
        yield
        return
    names = list(settings)
    with connection.cursor() as cursor:
        # Each setting's value before, then the new one, in one round trip.
        cursor.execute(
            "SELECT "
            + ", ".join(
                "current_setting(%s), set_config(%s, %s, false)" for _ in names
            ),
            [part for name in names for part in (name, name, settings[name])],
        )
        row = cursor.fetchone()
    previous = dict(zip(names, row[::2], strict=True))
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, false)" for _ in names),
                    [part for name in names for part in (name, previous[name])],
                )
        except DatabaseError:
            # An aborted transaction rolls the settings back with it; a broken
            # connection is replaced before it is used again.
            pass
