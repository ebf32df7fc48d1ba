"""Where a backfill's worker process starts (tracker/ingest/backfill.py).

Workers are spawned, not forked: a fresh interpreter sets Django up and connects
to the parent's database, so nothing the parent holds is copied half-alive (the
morphological analyser's thread pool does not survive a fork, and a forked child
waits on it for ever). This module imports nothing of Django's before setup.
"""

import contextlib
import threading

READY_SECONDS = 60


def main(run_id: int, database_name: str, start: int = 0, ready=None) -> None:
    """Set Django up as the parent's settings say, then drain the run from `start`.

    `ready` (a barrier of all the run's workers) holds each until every one is set
    up: one that started a second sooner would otherwise finish its own part and
    take the others' before they start. A sibling that never gets there is waited
    for READY_SECONDS, then the others go on without it.
    """
    import django

    django.setup()
    if ready is not None:
        with contextlib.suppress(threading.BrokenBarrierError):
            ready.wait(READY_SECONDS)

    from django.db import connection, connections

    # The parent's database, whatever its settings call it (tests use their own).
    connection.settings_dict["NAME"] = database_name
    from tracker.ingest import backfill

    try:
        backfill.drain(run_id, start=start)
    finally:
        connections.close_all()
