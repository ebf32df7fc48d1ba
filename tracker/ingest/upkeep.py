"""Statistics and visibility of the tables a backfill grows, on a PostgreSQL server
that runs without autovacuum.

A document's possible copies are found by reading its keys' postings from an index
(tracker/ingest/copies.py). With the table's visibility map up to date that read
never touches the table (an index-only scan), and the planner chooses it only once
the table has statistics; autovacuum keeps both. Without it (a server may be set up
so), every lookup reads and sorts every posting of each key from the table, ever
slower as the archive grows: 7.5 against 3.2 ms a document at 10,000 articles. So the
command that runs a backfill analyses and vacuums those tables itself every EVERY
documents, and vacuums the keys alone every KEYS_EVERY: between two vacuums each
lookup reads the table for the keys added since (at 3,000 articles a lookup took
3.7 ms before a vacuum, 1.8 after), and a vacuum of what was added since is quick:
it skips the pages already all-visible.
"""

from django.conf import settings
from django.db import OperationalError, connection

from tracker.models import Article, DedupeKey

EVERY = 2000
TABLES = (DedupeKey, Article)
KEYS_EVERY = 250


class Upkeep:
    """Call `after(done)` as documents are stored; vacuums when due."""

    def __init__(self) -> None:
        self.due = EVERY
        self.keys_due = KEYS_EVERY
        self.needed = connection.vendor == "postgresql" and not autovacuum()

    def after(self, done: int) -> None:
        # VACUUM cannot run inside a transaction (nor is it wanted in one).
        if not self.needed or connection.in_atomic_block:
            return
        if done >= self.due:
            vacuum()
            self.due = done + EVERY
        elif done >= self.keys_due:
            vacuum((DedupeKey,), analyse=False)
        else:
            return
        self.keys_due = done + KEYS_EVERY


def autovacuum() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('autovacuum') = 'on'")
        return cursor.fetchone()[0]


def vacuum(models=TABLES, *, analyse: bool = True) -> None:
    """Statistics first (a sample: quick), then the visibility map, for at most a
    third of a lease: the caller renews the run's leases between calls, and a vacuum
    stopped early keeps the pages it marked (the next one goes on from there)."""
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    limit = f"{settings.INGEST_LEASE_SECONDS * 1000 // 3}ms"
    with connection.cursor() as cursor:
        if analyse:
            cursor.execute(f"ANALYZE {tables}")
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [limit])
        try:
            cursor.execute(f"VACUUM {tables}")
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != CANCELED:
                raise
        finally:
            cursor.execute("RESET statement_timeout")


CANCELED = "57014"  # query_canceled: the timeout
