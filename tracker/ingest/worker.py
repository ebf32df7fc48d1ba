"""Where a backfill's worker process starts (tracker/ingest/backfill.py).

Workers are spawned, not forked: a fresh interpreter sets Django up and connects
to the parent's database, so nothing the parent holds is copied half-alive (the
morphological analyser's thread pool does not survive a fork, and a forked child
waits on it for ever). This module imports nothing of Django's before setup.
"""

READY_SECONDS = 60


def main(run_id: int, database_name: str, start: int = 0, ready=None, go=None) -> None:
    """Set Django up as the parent's settings say, then drain the run from `start`.

    `ready` (this worker's event) says it is set up; it then waits for `go`, which
    the parent sets once every worker is (backfill.in_processes): one that started a
    second sooner would otherwise finish its own part and take the others' before
    they start. It waits READY_SECONDS at most.
    """
    import django

    django.setup()

    from django.db import connection, connections

    # The parent's database, whatever its settings call it (tests use their own).
    connection.settings_dict["NAME"] = database_name
    from tracker.ingest import backfill

    if ready is not None:
        ready.set()
        go.wait(READY_SECONDS)
    try:
        backfill.drain(run_id, start=start)
    finally:
        connections.close_all()
