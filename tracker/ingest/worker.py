"""Where a backfill's worker process starts (tracker/ingest/backfill.py).

Workers are spawned, not forked: a fresh interpreter sets Django up and connects
to the parent's database, so nothing the parent holds is copied half-alive (the
morphological analyser's thread pool does not survive a fork, and a forked child
waits on it for ever). This module imports nothing of Django's before setup.
"""


def main(run_id: int, database_name: str, start: int = 0) -> None:
    """Set Django up as the parent's settings say, then drain the run from `start`."""
    import django

    django.setup()

    from django.db import connection, connections

    # The parent's database, whatever its settings call it (tests use their own).
    connection.settings_dict["NAME"] = database_name
    from tracker.ingest import backfill

    try:
        backfill.drain(run_id, start=start)
    finally:
        connections.close_all()
